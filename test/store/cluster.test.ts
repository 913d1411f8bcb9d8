// Three Corkboard instances, one fake Pinterest, one real redis-server: a burst of the same pages
// spread over the instances costs one upstream call per resource and one scoring per image; an
// instance dying mid-load fails none of the requests sent to the others (its leases expire); the
// store going away mid-load fails no request, /healthz says so, and it recovers when the store is back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { createApp } from '../../src/app.js';
import { FAKE_KNOWN, startFakePinterest, type FakePinterest } from '../../demo/fake-pinterest.js';
import { createFakeModel, type FakeModel } from '../routes/helpers/fake-model.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const available = redisServerAvailable();

interface Instance {
  app: Hono;
  deps: Deps;
  model: FakeModel;
  get(path: string): Promise<Response>;
}

async function startInstance(fake: FakePinterest, redisUrl: string): Promise<Instance> {
  const config = loadConfig({
    CORKBOARD_UPSTREAM_WWW: fake.url,
    CORKBOARD_UPSTREAM_IMAGES: fake.url,
    CORKBOARD_UPSTREAM_VIDEOS: fake.url,
    CORKBOARD_UPSTREAM_SHORTLINKS: fake.url,
    CORKBOARD_UPSTREAM_RETRIES: '0',
    // Leases live one upstream budget (+1 s): a dead holder is waited out within 3 s.
    CORKBOARD_UPSTREAM_TIMEOUT_MS: '2000',
    CORKBOARD_REDIS_URL: redisUrl,
    // Its own data folder: the default (./corkboard-data) is the developer's, whose reputation
    // snapshot would be loaded into the store at start.
    CORKBOARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'corkboard-cluster-')),
    // Generous: two shared cores run this beside other suites; a slower store answer is a local miss.
    CORKBOARD_REDIS_TIMEOUT_MS: '3000',
    // Pages wait for every verdict, so each page is final and its scoring is counted.
    CORKBOARD_SCORE_BUDGET_MS: '20000',
    CORKBOARD_TOPUP_PAGES: '0',
    CORKBOARD_LOG_LEVEL: 'error',
  });
  const model = createFakeModel();
  const deps = await buildDeps(config, { model });
  const app = createApp(deps);
  return { app, deps, model, get: (path) => Promise.resolve(app.request(path, { headers: { host: 'corkboard.test' } })) };
}

/** Sum of a counter over all instances' /metrics (all label sets). */
async function metricSum(instances: Instance[], name: string): Promise<number> {
  let sum = 0;
  for (const inst of instances) {
    const text = await (await inst.get('/metrics')).text();
    for (const line of text.split('\n')) {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`).exec(line);
      if (m) sum += Number(m[1]);
    }
  }
  return sum;
}

/** The store-error counter's non-zero label sets and each instance's store health, for a failure message. */
async function storeErrorReport(instances: Instance[]): Promise<string> {
  const lines: string[] = [];
  for (const [i, inst] of instances.entries()) {
    const text = await (await inst.get('/metrics')).text();
    const errs = text.split('\n').filter((l) => l.startsWith('corkboard_store_errors_total') && !/ 0$/.test(l));
    lines.push(`instance ${i}: ${JSON.stringify((await healthz(inst)).store)} ${errs.join(', ')}`);
  }
  return lines.join('\n');
}

async function healthz(inst: Instance): Promise<{ status: string; store: { state?: string; reason?: string | null } }> {
  const res = await inst.get('/healthz');
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

async function until(cond: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!available)('three instances sharing one store', () => {
  let fake: FakePinterest;
  let server: RedisServer;
  let instances: Instance[] = [];

  beforeAll(async () => {
    fake = await startFakePinterest({ sharedDir: null, latencyMs: 30 });
    server = await startRedisServer();
    instances = [await startInstance(fake, server.url), await startInstance(fake, server.url), await startInstance(fake, server.url)];
    await until(async () => (await Promise.all(instances.map(healthz))).every((h) => h.store.state === 'ok'), 15_000);
  });

  afterAll(async () => {
    for (const inst of instances) {
      await inst.deps.scorer.idle();
      await Promise.allSettled([inst.deps.client.close(), inst.deps.store?.close()]);
    }
    await Promise.allSettled([fake?.close(), server?.stop()]);
  });

  it('a burst of the same pages over three instances: one upstream call per resource, one scoring per image', async () => {
    fake.requests.length = 0;
    const pages = [
      `/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`,
      `/search/pins/?q=${encodeURIComponent('misty harbour')}`,
      `/pin/${FAKE_KNOWN.pins.image}/`,
      `/pin/${FAKE_KNOWN.pins.aiProvenance}/`,
    ];
    // Each page 3 times on each instance, all at once.
    const burst = pages.flatMap((p) => instances.flatMap((inst) => [inst.get(p), inst.get(p), inst.get(p)]));
    const statuses = await Promise.all(burst.map(async (r) => (await r).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await Promise.all(instances.map((i) => i.deps.scorer.idle()));

    const perPath = new Map<string, number>();
    for (const r of fake.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    const repeated = [...perPath].filter(([, n]) => n > 1);
    // Exactness holds while the store answers in time; a timed-out command is a (counted) local miss.
    const storeErrors = await metricSum(instances, 'corkboard_store_errors_total');
    expect(storeErrors, storeErrors ? await storeErrorReport(instances) : '').toBe(0);
    expect(repeated).toEqual([]);
    expect(perPath.size).toBeGreaterThanOrEqual(pages.length); // at least one call per page was needed
    expect(await metricSum(instances, 'corkboard_upstream_requests_total')).toBe(fake.requests.length);

    const hashes = instances.flatMap((i) => i.model.scoredHashes);
    expect(hashes.length).toBeGreaterThan(0);
    expect(new Set(hashes).size).toBe(hashes.length); // no image scored twice anywhere
    expect(await metricSum(instances, 'corkboard_images_scored_total')).toBe(hashes.length);
    // The work really was spread: more than one instance took part in loading.
    const shared = await metricSum(instances, 'corkboard_store_lookups_total');
    expect(shared).toBeGreaterThan(0);
  });

  it('stopping the store mid-load fails no request; /healthz says degraded; it recovers when the store is back', async () => {
    let n = 0;
    const failures: string[] = [];
    const load = async (until: () => boolean) => {
      while (!until()) {
        const k = n++;
        const inst = instances[k % 3]!;
        const path = `/search/pins/?q=outage+${k % 7}`;
        const res = await inst.get(path);
        if (res.status !== 200) failures.push(`${path} ${res.status}`);
      }
    };
    let stop = false;
    const runners = [load(() => stop), load(() => stop), load(() => stop)];
    await new Promise((r) => setTimeout(r, 300));
    await server.stop();
    const stoppedAt = n;
    await until(async () => (await Promise.all(instances.map(healthz))).every((h) => h.status === 'degraded' && /store/.test(h.store.reason ?? '')), 10_000);
    // Keep loading without the store for a while: more requests, new pages among them.
    await until(async () => n >= stoppedAt + 9, 30_000);
    await server.start();
    await until(async () => (await Promise.all(instances.map(healthz))).every((h) => h.store.state === 'ok'), 20_000);
    stop = true;
    await Promise.all(runners);
    expect(failures).toEqual([]);
    expect(await metricSum(instances, 'corkboard_store_errors_total')).toBeGreaterThan(0);

    // Shared again: a new resource loaded on one instance is found by the others.
    fake.requests.length = 0;
    const path = `/search/pins/?q=${encodeURIComponent('after the outage')}`;
    expect((await instances[0]!.get(path)).status).toBe(200);
    const calls = fake.requests.length;
    expect(calls).toBeGreaterThan(0);
    expect((await instances[1]!.get(path)).status).toBe(200);
    expect((await instances[2]!.get(path)).status).toBe(200);
    await Promise.all(instances.map((i) => i.deps.scorer.idle()));
    expect(fake.requests.length).toBe(calls);
  });

  it('an instance dying mid-load fails none of the requests sent to the other two', async () => {
    const [dying, ...living] = instances as [Instance, Instance, Instance];
    let k = 0;
    const failures: string[] = [];
    let stop = false;
    let dead = false;
    // The same cold pages on all three, so the dying one holds leases the others wait on.
    const loadOn = async (inst: Instance, isDying: boolean) => {
      while (!stop && !(isDying && dead)) {
        const path = `/search/pins/?q=crash+${Math.floor(k++ / 3)}`;
        const p = inst.get(path);
        if (isDying) {
          void p.catch(() => {}); // whatever it was doing dies with it
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        const res = await p;
        if (res.status !== 200) failures.push(`${path} ${res.status}`);
      }
    };
    const runners = [loadOn(dying, true), ...living.map((i) => loadOn(i, false))];
    await new Promise((r) => setTimeout(r, 400));
    // Death: its connection to the store drops at once; its leases are never released.
    dead = true;
    dying.deps.store!.disconnect();
    await new Promise((r) => setTimeout(r, 4000)); // past a lease's lifetime
    stop = true;
    await Promise.all(runners);
    expect(failures).toEqual([]);
    expect(k).toBeGreaterThan(10);
  });
});
