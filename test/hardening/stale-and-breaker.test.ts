// Through the whole app: an expired cached copy is served while upstream fails (stale-if-error),
// but never hides a deletion; and the per-upstream circuit breaker opens on repeated failures,
// fails fast without calling upstream, shows on /healthz and /info.json, and spares other hosts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { faults, type FaultHandler } from './helpers/fault-upstream.js';
import { imagePath, offsetClock, startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';

const SEARCH_API = '/resource/BaseSearchResource/';
// Expiry is reached by moving the upstream client's clock past the TTL, not by sleeping.
const TTL_MS = 60_000;
// The hang-after-headers case needs the client to give up; healthy calls cross two local hops and
// must never reach this on a loaded machine. The stale copy must come back within about one timeout.
const TIMEOUT_MS = 1500;

const pinIds = (html: string) => cheerio.load(html)('[data-pin-id]').map((_, el) => el.attribs['data-pin-id']).get();

describe('stale-if-error', () => {
  let inst: FaultyInstance;
  const clock = offsetClock();
  beforeAll(async () => {
    inst = await startFaultyInstance({
      env: { CORKBOARD_CACHE_TTL_S: `${TTL_MS}ms`, CORKBOARD_CACHE_STALE_S: '1h', CORKBOARD_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) },
      now: clock.now,
    });
  });
  afterAll(async () => inst?.close());

  const transient: Array<[string, FaultHandler]> = [
    ['503', faults.status(503)],
    ['connection reset', faults.reset()],
    ['429', faults.status(429)],
    ['403 header gate', faults.gate()],
    ['hang after headers (timeout)', faults.hangAfterHeaders()],
  ];

  transient.forEach(([name, fault], i) => {
    it(`an expired copy is served (200, the old pins) when upstream answers ${name}`, async () => {
      const path = `/search/pins/?q=stale+${i}`;
      const primed = await inst.timed(path);
      expect(primed.status).toBe(200);
      const oldPins = pinIds(primed.text);
      expect(oldPins.length).toBeGreaterThan(0);

      clock.advance(TTL_MS + 1);
      inst.upstream.clear();
      inst.upstream.on(SEARCH_API, fault);
      const before = inst.upstream.count(SEARCH_API);
      const stale = await inst.timed(path);
      // Upstream was really asked (the copy had expired), failed, and the old copy came back.
      expect(inst.upstream.count(SEARCH_API)).toBe(before + 1);
      expect(stale.status).toBe(200);
      expect(pinIds(stale.text)).toEqual(oldPins);
      expect(stale.ms).toBeLessThan(2 * TIMEOUT_MS);
      inst.upstream.clear();
    });
  });

  it('a 404 after expiry is not hidden behind the old copy (a deletion shows)', async () => {
    const path = '/search/pins/?q=stale+deleted';
    expect((await inst.get(path)).status).toBe(200);
    clock.advance(TTL_MS + 1);
    inst.upstream.on(SEARCH_API, faults.notFoundEnvelope());
    expect((await inst.get(path)).status).toBe(404);
    inst.upstream.clear();
  });

  it('without a cached copy the same fault gives the error page', async () => {
    inst.upstream.on(SEARCH_API, faults.status(503));
    expect((await inst.get('/search/pins/?q=stale+never+cached')).status).toBe(503);
    inst.upstream.clear();
  });
});

describe('circuit breaker per upstream', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    inst = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_RETRIES: '0' } });
  });
  afterAll(async () => inst?.close());

  it('opens after repeated www failures, fails fast without upstream calls, and says so on /healthz', async () => {
    expect((await inst.healthz()).body.upstream.www).toBe('closed');
    inst.upstream.on('/resource/', faults.status(503));

    let opened = -1;
    for (let n = 1; n <= 10; n++) {
      const r = await inst.get(`/search/pins/?q=breaker+${n}`);
      expect(r.status).toBe(503);
      if ((await inst.healthz()).body.upstream.www === 'open') {
        opened = n;
        break;
      }
    }
    // It opens on a handful of consecutive failures, not on the first and not never.
    expect(opened).toBeGreaterThan(1);
    expect(opened).toBeLessThanOrEqual(10);

    const health = await inst.healthz();
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.upstream).toMatchObject({ www: 'open', images: 'closed' });
    const info = (await (await inst.get('/info.json')).json()) as { upstream: Record<string, string> };
    expect(info.upstream.www).toBe('open');

    // Open: the visitor gets a quick 503 with Retry-After, and upstream is not asked at all.
    inst.upstream.clear(); // upstream would answer now, but the breaker has not probed yet
    const before = inst.upstream.count('/resource/');
    const t0 = performance.now();
    const fast = await inst.get('/search/pins/?q=breaker+fast');
    expect(fast.status).toBe(503);
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(inst.upstream.count('/resource/')).toBe(before);

    // Another host's breaker is independent: images still load through the proxy.
    const img = await inst.get(`/img${imagePath(7)}`);
    expect(img.status).toBe(200);
    expect(inst.upstream.count(imagePath(7))).toBe(1);
    // Pages that need no upstream keep working.
    expect((await inst.get('/')).status).toBe(200);
    expect((await inst.get('/settings')).status).toBe(200);
  });

  it('404s never open it', async () => {
    const fresh = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_RETRIES: '0' } });
    try {
      fresh.upstream.on(SEARCH_API, faults.notFoundEnvelope());
      for (let n = 0; n < 8; n++) expect((await fresh.get(`/search/pins/?q=gone+${n}`)).status).toBe(404);
      expect((await fresh.healthz()).body.upstream.www).toBe('closed');
      fresh.upstream.clear();
      expect((await fresh.get('/search/pins/?q=back')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
