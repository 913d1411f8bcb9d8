// Scale-out figures (issue 19), one run, reported as ratios: cached pages per second with 1, 2 and
// 4 workers (CORKBOARD_WORKERS, node:cluster, sharing a redis-server), worker memory, and a cold
// page with the shared store against without it (the cost of the extra round trips).
//   npx tsx bench/scale-out.ts [--duration 5] [--connections 10] [--cold 15]
// Needs Debian's redis-server. The fake Pinterest answers with 50 ms latency.
import { parseArgs } from 'node:util';
import { startFakePinterest } from '../demo/fake-pinterest.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { measureCachedLoad } from './cached-load.js';
import { machineInfo } from './machine.js';
import { processTree, readMemory, startServerProcess } from './server-process.js';
import { median, ratio, round } from './stats.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    cold: { type: 'string', default: '15' },
  },
});
const durationS = Number(args.duration);
const connections = Number(args.connections);
const coldRuns = Number(args.cold);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const fake = await startFakePinterest({ sharedDir: null, latencyMs: 50 });
const redis = await startRedisServer();
const upstream = {
  CORKBOARD_UPSTREAM_WWW: fake.url,
  CORKBOARD_UPSTREAM_IMAGES: fake.url,
  CORKBOARD_UPSTREAM_VIDEOS: fake.url,
  CORKBOARD_UPSTREAM_SHORTLINKS: fake.url,
  CORKBOARD_LOG_LEVEL: 'error',
};

/** Waits until the primary has `n` worker children that answer (each loads the model first). */
async function waitForWorkers(pid: number, n: number): Promise<number[]> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const workers = processTree(pid).filter((p) => p !== pid && (readMemory(p)?.rssMiB ?? 0) > 100);
    if (n === 1 || workers.length >= n) return n === 1 ? [pid] : workers;
    if (Date.now() > deadline) throw new Error(`only ${workers.length} of ${n} workers came up`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const cached: { workers: number; requestsPerSec: number; p99Ms: number; non2xx: number; rssPerWorkerMiB: number }[] = [];
const page = `/search/pins/?q=${encodeURIComponent('bench scale out')}`;
for (const workers of [1, 2, 4]) {
  log(`cached pages, ${workers} worker(s)`);
  const server = await startServerProcess({ ...upstream, CORKBOARD_WORKERS: String(workers), CORKBOARD_REDIS_URL: redis.url }, 240_000);
  try {
    const pids = await waitForWorkers(server.pid, workers);
    await new Promise((r) => setTimeout(r, 3000)); // the last worker to fork may still be loading the model
    // Warm: every worker renders (or finds in the store) the page and its verdicts settle.
    for (let i = 0; i < 10 * workers; i++) await (await fetch(server.origin + page)).text();
    await new Promise((r) => setTimeout(r, 4000));
    for (let i = 0; i < 10 * workers; i++) await (await fetch(server.origin + page)).text();
    const r = await measureCachedLoad(server.origin, page, { connections, durationS });
    const rss = pids.map((p) => readMemory(p)?.rssMiB ?? 0);
    cached.push({ workers, requestsPerSec: r.requestsPerSec, p99Ms: r.latencyP99Ms, non2xx: r.non2xx, rssPerWorkerMiB: round(rss.reduce((a, b) => a + b, 0) / rss.length, 0) });
  } finally {
    await server.stop();
  }
}

/** First-visit latency of never-seen searches, one instance (no model: scoring time would drown the round trips). */
async function coldPages(withStore: boolean): Promise<number[]> {
  const env: Record<string, string> = { ...upstream, CORKBOARD_MODEL: '/nonexistent/bench-no-model.json', CORKBOARD_TOPUP_PAGES: '0' };
  if (withStore) env.CORKBOARD_REDIS_URL = redis.url;
  const server = await startServerProcess(env);
  const times: number[] = [];
  try {
    await (await fetch(`${server.origin}/search/pins/?q=warm+up+${withStore}`)).text();
    for (let i = 0; i < coldRuns; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.origin}/search/pins/?q=cold+${withStore ? 'store' : 'local'}+${i}`);
      await res.text();
      if (res.status !== 200) throw new Error(`cold page answered ${res.status}`);
      times.push(performance.now() - t0);
    }
  } finally {
    await server.stop();
  }
  return times;
}
log('cold pages without the store');
const coldLocal = await coldPages(false);
log('cold pages with the store');
const coldStore = await coldPages(true);

await Promise.allSettled([fake.close(), redis.stop()]);
const base = cached[0]!.requestsPerSec;
const summary = {
  machine: machineInfo(),
  settings: { durationS, connections, coldRuns, upstreamLatencyMs: 50 },
  cachedPages: cached.map((c) => ({ ...c, vsOneWorker: ratio(c.requestsPerSec, base) })),
  coldPage: {
    withoutStoreMedianMs: round(median(coldLocal), 1),
    withStoreMedianMs: round(median(coldStore), 1),
    withStoreVsWithout: ratio(median(coldStore), median(coldLocal)),
  },
};
console.log(JSON.stringify(summary, null, 2));
