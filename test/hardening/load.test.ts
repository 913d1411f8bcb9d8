// Load through the whole app: a burst of identical cold requests costs one upstream call per
// upstream resource; past CORKBOARD_MAX_INFLIGHT visitors get a quick 503 + Retry-After instead of
// a queue; and the caches stay within their configured bytes however many pages are loaded.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './helpers/fault-upstream.js';
import { imagePath, sleep, startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';

const SEARCH_API = '/resource/BaseSearchResource/';

/** Paths the upstream log shows more than once. */
function repeated(paths: string[]): string[] {
  const seen = new Map<string, number>();
  for (const p of paths) seen.set(p, (seen.get(p) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([p, n]) => `${n}x ${p}`);
}

describe('a burst of identical cold requests', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    // Scoring on (no model: labels and provenance, so every grid image is fetched) and top-up on,
    // so a page costs several upstream resources; 100 ms upstream latency keeps the burst overlapping.
    inst = await startFaultyInstance({
      env: { CORKBOARD_SCORE_QUEUE: '400', CORKBOARD_TOPUP_PAGES: '2', CORKBOARD_UPSTREAM_TIMEOUT_MS: '5000' },
      fake: { latencyMs: 100 },
    });
  });
  afterAll(async () => inst?.close());

  for (const [name, path] of [
    // ai=off: every pin shown, so the set of pins does not depend on how far scoring got.
    ['search page', '/search/pins/?q=forest+cabin&ai=off'],
    ['pin page', '/pin/9007199254740993/?ai=off'],
    ['board feed', '/corkboard_demo/forest-cabins.rss?ai=off'],
  ] as const) {
    it(`50 concurrent ${name} requests: 50 x 200, each upstream resource asked once`, async () => {
      inst.upstream.requests.length = 0;
      const responses = await Promise.all(Array.from({ length: 50 }, () => inst.get(path)));
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      const bodies = await Promise.all(responses.map((r) => r.text()));
      // Everyone got the same pins (verdicts may differ: each request has its own scoring budget).
      const ids = bodies.map((b) => [...b.matchAll(/<(?:guid[^>]*>|[^>]*data-pin-id=")([0-9]+)/g)].map((m) => m[1]).join(','));
      expect(ids[0]!.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(1);
      await inst.deps.scorer.idle();
      const paths = inst.upstream.requests.map((r) => r.path);
      expect(paths.length).toBeGreaterThan(1); // the page really needed upstream
      expect(repeated(paths)).toEqual([]);
    });
  }
});

describe('back-pressure (CORKBOARD_MAX_INFLIGHT=2)', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    inst = await startFaultyInstance({ env: { CORKBOARD_MAX_INFLIGHT: '2', CORKBOARD_UPSTREAM_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => inst?.close());

  it('extra concurrent requests get a quick 503 with Retry-After; the slow ones finish; the slots come back', async () => {
    inst.upstream.on(SEARCH_API, faults.delayed(1500));
    const slow = [inst.timed('/search/pins/?q=slow+one'), inst.timed('/search/pins/?q=slow+two')];
    let slowDone = false;
    void Promise.all(slow).then(() => (slowDone = true));
    for (let i = 0; i < 100 && inst.upstream.count(SEARCH_API) < 2; i++) await sleep(10);
    expect(inst.upstream.count(SEARCH_API)).toBe(2);

    const extra = await Promise.all(
      ['/search/pins/?q=third', '/pin/9007199254740993/', '/corkboard_demo/', '/', '/search/pins/feed.rss?q=x'].map((p) => inst.timed(p)),
    );
    for (const r of extra) {
      expect(r.status).toBe(503);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.ms).toBeLessThan(1000); // answered at once, not queued behind the slow ones
    }
    expect(slowDone).toBe(false);
    // Nothing of the turned-away requests reached upstream.
    expect(inst.upstream.count(SEARCH_API)).toBe(2);
    expect(inst.upstream.count('/pin/')).toBe(0);
    // Media has a budget of its own (issue 18 row 8): images are still answered while pages are full.
    expect((await inst.timed(`/img${imagePath(1)}`)).status).toBe(200);
    // The health check is exempt, so a busy instance is not restarted by its orchestrator.
    expect((await inst.healthz()).status).toBe(200);

    for (const r of await Promise.all(slow)) expect(r.status).toBe(200);
    inst.upstream.clear();
    // Slots are released, also after failures.
    inst.upstream.on(SEARCH_API, faults.status(404), 2);
    expect((await inst.get('/search/pins/?q=gone+1')).status).toBe(404);
    expect((await inst.get('/search/pins/?q=gone+2')).status).toBe(404);
    const after = await Promise.all([inst.get('/search/pins/?q=after'), inst.get('/pin/9007199254740993/')]);
    expect(after.map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('bounded caches', () => {
  let inst: FaultyInstance;
  const IMAGE_BYTES = 100 * 1024;
  beforeAll(async () => {
    inst = await startFaultyInstance({
      env: {
        CORKBOARD_CACHE_PAGES_MB: '1',
        CORKBOARD_CACHE_IMAGES_MB: '1',
        CORKBOARD_CACHE_VERDICTS_ENTRIES: '20',
        CORKBOARD_SCORE_QUEUE: '400',
        CORKBOARD_UPSTREAM_TIMEOUT_MS: '5000',
      },
    });
    // Every image upstream is a distinct 100 KiB JPEG-looking body (cheap: no encoding in the fake).
    inst.upstream.on(/\.(jpg|png|webp)$/, (_req, res) => {
      const body = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(IMAGE_BYTES), Buffer.from([0xff, 0xd9])]);
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  afterAll(async () => inst?.close());

  interface Stats { name: string; entries: number; bytes: number; maxBytes: number }
  async function caches(): Promise<Stats[]> {
    const info = (await (await inst.get('/info.json')).json()) as { caches: Stats[] };
    return info.caches;
  }

  it('pages, images and verdicts never exceed their configured bytes, and evict to stay there', async () => {
    const PAGES = 30;
    for (let n = 0; n < PAGES; n++) {
      const r = await inst.get(`/search/pins/?q=bounded+${n}`);
      expect(r.status).toBe(200);
      if (n % 5 === 4) {
        await inst.deps.scorer.idle();
        for (const c of await caches()) {
          expect(c.bytes, c.name).toBeLessThanOrEqual(c.maxBytes);
        }
      }
    }
    for (let n = 0; n < 20; n++) expect((await inst.get(`/img${imagePath(1000 + n)}`)).status).toBe(200);
    await inst.deps.scorer.idle();

    const final = await caches();
    const byName = Object.fromEntries(final.map((c) => [c.name, c]));
    for (const c of final) expect(c.bytes, c.name).toBeLessThanOrEqual(c.maxBytes);
    // The configured sizes are the ones in force.
    expect(byName.upstream?.maxBytes ?? byName.pages?.maxBytes).toBe(1024 * 1024);
    expect(byName.images!.maxBytes).toBe(1024 * 1024);
    expect(byName.verdicts!.maxBytes).toBe(20 * 512);
    // Far more went through than fits: the bound was exercised, not merely unreached.
    expect(inst.upstream.count(/\.(jpg|png|webp)$/) * IMAGE_BYTES).toBeGreaterThan(3 * byName.images!.maxBytes);
    expect(byName.images!.entries).toBeLessThan(1024 * 1024 / IMAGE_BYTES);
    expect(byName.verdicts!.entries).toBeLessThanOrEqual(20);
    const pagesCache = byName.upstream ?? byName.pages!;
    expect(pagesCache.entries).toBeLessThan(PAGES);
    expect(pagesCache.entries).toBeGreaterThan(0);
  });
});
