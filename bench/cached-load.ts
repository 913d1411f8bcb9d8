// Cached pages per second: one page, already rendered once (upstream answer and verdicts cached),
// requested by autocannon over HTTP with N connections for D seconds.
import autocannon from 'autocannon';
import { pageFigures, type PageFigures } from './page-figures.js';
import { round } from './stats.js';

export interface LoadResult {
  path: string;
  connections: number;
  durationS: number;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Requests the page until its verdicts settle (background scoring done: the count of unscored
 * pins stops falling), so the load test measures the cached page a returning visitor gets.
 */
export async function warmPage(origin: string, path: string, maxWaitMs = 60_000): Promise<PageFigures> {
  const deadline = Date.now() + maxWaitMs;
  let previous = Number.POSITIVE_INFINITY;
  for (;;) {
    const res = await fetch(origin + path);
    if (res.status !== 200) throw new Error(`warm-up: ${path} answered ${res.status}`);
    const figures = pageFigures(await res.text());
    const unscored = figures.verdicts['unscored'] ?? 0;
    if (unscored === 0 || unscored >= previous || Date.now() > deadline) return figures;
    previous = unscored;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function measureCachedLoad(origin: string, path: string, opts: { connections: number; durationS: number }): Promise<LoadResult> {
  const r = await autocannon({ url: origin + path, connections: opts.connections, duration: opts.durationS, timeout: 10 });
  return {
    path,
    connections: opts.connections,
    durationS: opts.durationS,
    requestsPerSec: round(r.requests.average, 0),
    latencyP50Ms: round(r.latency.p50, 1),
    latencyP99Ms: round(r.latency.p99, 1),
    latencyMeanMs: round(r.latency.average, 1),
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
