// Every upstream fault, through the whole app: the visitor gets a clear error page with the right
// status within the configured timeout, retries are bounded and backed off, no upstream detail
// leaks, and the instance stays healthy (the next good request works).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { describeUpstreamError } from '../../src/web/error-status.js';
import type { UpstreamErrorKind } from '../../src/domain/errors.js';
import { faults, type FaultHandler } from './helpers/fault-upstream.js';
import { everySize, imagePath, startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';

// The timeout under test. The healthy requests around each fault (and the recovery check) cross
// two local hops (fault upstream, fake Pinterest) that on a loaded 2-core machine can take several
// hundred ms, so it sits well above that (300 ms made them time out under load); the time bounds
// below are derived from it.
const TIMEOUT_MS = 1500;
const RETRIES = 2;
const SEARCH_API = '/resource/BaseSearchResource/';

interface Case {
  name: string;
  fault: FaultHandler;
  status: number;
  kind: UpstreamErrorKind;
  /** Upstream requests one visitor request may cost. */
  attempts: number;
  retryAfter?: string;
}

const CASES: Case[] = [
  { name: '403 Invalid Resource Request (header gate)', fault: faults.gate(), status: 502, kind: 'blocked', attempts: 1 },
  { name: '404 envelope', fault: faults.notFoundEnvelope(), status: 404, kind: 'not-found', attempts: 1 },
  { name: 'plain 404', fault: faults.status(404), status: 404, kind: 'not-found', attempts: 1 },
  // A Retry-After beyond what a visitor may wait fails at once and is passed on.
  { name: '429 with Retry-After: 120', fault: faults.status(429, { headers: { 'retry-after': '120' } }), status: 503, kind: 'rate-limited', attempts: 1, retryAfter: '120' },
  { name: '429 without Retry-After', fault: faults.status(429), status: 503, kind: 'rate-limited', attempts: 1 + RETRIES },
  { name: '500', fault: faults.status(500), status: 503, kind: 'unavailable', attempts: 1 + RETRIES },
  { name: '503', fault: faults.status(503), status: 503, kind: 'unavailable', attempts: 1 + RETRIES },
  { name: 'connection reset', fault: faults.reset(), status: 503, kind: 'unavailable', attempts: 1 + RETRIES },
  // Timeouts are not retried: that would multiply the visitor's wait.
  { name: 'no answer at all', fault: faults.hang(), status: 504, kind: 'timeout', attempts: 1 },
  { name: 'socket hangs after the headers', fault: faults.hangAfterHeaders(), status: 504, kind: 'timeout', attempts: 1 },
  { name: 'slow trickling body', fault: faults.trickle(40), status: 504, kind: 'timeout', attempts: 1 },
  { name: 'invalid JSON', fault: faults.body('application/json', '{"resource_response": {"status": "succ'), status: 502, kind: 'bad-shape', attempts: 1 },
  { name: 'HTML where JSON was expected', fault: faults.body('text/html', '<!DOCTYPE html><html><body>Please log in</body></html>'), status: 502, kind: 'bad-shape', attempts: 1 },
  // 64 MiB of zeros in about 64 KB: past the 8 MiB body cap, refused while inflating.
  { name: 'gzip decompression bomb', fault: faults.gzipBomb('application/json', 64 * 1024 * 1024), status: 502, kind: 'too-large', attempts: 1 },
  { name: 'JSON that is not an envelope', fault: faults.body('application/json', '[1,2,3]'), status: 502, kind: 'bad-shape', attempts: 1 },
];

/** The longest a visitor may wait: every attempt at the timeout, the backoff, and slack for a slow shared machine. */
const maxVisitorMs = (timeoutMs: number) => timeoutMs * 2 * (RETRIES + 1) + 200 + 400 + 1500;
const MAX_VISITOR_MS = maxVisitorMs(TIMEOUT_MS);
/** For faults that are not timeouts: a limit no healthy hop or CPU-bound refusal (the gzip bomb) reaches. */
const RELAXED_TIMEOUT_MS = 10_000;

describe('upstream faults on a page (search)', () => {
  // Timeout faults run against the short timeout; every other fault against one it never reaches,
  // so a loaded machine cannot turn, say, the bomb's 502 into a 504.
  let relaxed: FaultyInstance;
  let short: FaultyInstance;
  beforeAll(async () => {
    const start = (timeoutMs: number) =>
      startFaultyInstance({ env: { CORKBOARD_UPSTREAM_TIMEOUT_MS: String(timeoutMs), CORKBOARD_UPSTREAM_RETRIES: String(RETRIES) } });
    [relaxed, short] = await Promise.all([start(RELAXED_TIMEOUT_MS), start(TIMEOUT_MS)]);
  });
  afterAll(async () => {
    await Promise.all([relaxed?.close(), short?.close()]);
  });

  CASES.forEach((c, i) => {
    it(`${c.name} -> ${c.status}, ${c.attempts} upstream request(s), then the instance recovers`, async () => {
      const inst = c.kind === 'timeout' ? short : relaxed;
      const maxMs = maxVisitorMs(c.kind === 'timeout' ? TIMEOUT_MS : RELAXED_TIMEOUT_MS);
      const path = `/search/pins/?q=fault+case+${i}`;
      inst.upstream.clear();
      inst.upstream.on(SEARCH_API, c.fault);
      const before = inst.upstream.requests.length;

      const r = await inst.timed(path);
      const calls = inst.upstream.requests.slice(before).filter((q) => q.path.startsWith(SEARCH_API));

      expect(r.status).toBe(c.status);
      expect(r.ms).toBeLessThan(maxMs);
      if (c.kind === 'timeout') {
        // It really waited for the configured timeout, and not much longer (connect + headers at most).
        expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
        expect(r.ms).toBeLessThan(2 * TIMEOUT_MS + 1000);
      }
      expect(calls.length).toBe(c.attempts);
      // A clear page: HTML, the title for this kind of failure, not cached, nothing upstream leaked.
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.headers.get('cache-control')).toBe('no-store');
      const $ = cheerio.load(r.text);
      expect($('h1').text()).toContain(describeUpstreamError(c.kind).title);
      expect(r.text).not.toContain(inst.upstream.url.replace('http://', ''));
      expect(r.text).not.toMatch(/Invalid Resource Request|fault \d|at .*\.ts:\d+|UpstreamError/);
      if (c.retryAfter) expect(r.headers.get('retry-after')).toBe(c.retryAfter);
      else if (c.status === 503) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);

      // Backoff: each retry waits longer than the base delay's lower bound (100 ms, then 200 ms).
      for (let k = 1; k < calls.length; k++) {
        expect(calls[k]!.at - calls[k - 1]!.at).toBeGreaterThanOrEqual(100 * 2 ** (k - 1) - 15);
      }

      // Healthy afterwards: /healthz answers and the same page works once upstream does.
      inst.upstream.clear();
      expect((await inst.healthz()).status).toBe(200);
      const again = await inst.timed(path);
      expect(again.status).toBe(200);
      expect(cheerio.load(again.text)('[data-pin-id]').length).toBeGreaterThan(0);
    });
  });
});

describe('upstream faults on the pin page', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    inst = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  afterAll(async () => inst?.close());

  it('a blocked or unreadable pin HTML page falls back to the API and still shows the pin', async () => {
    for (const [n, fault] of [[0, faults.gate()], [1, faults.body('text/html', '<html><body>changed layout</body></html>')]] as const) {
      const id = `7700000000000000${10 + n}`; // synthetic pins the fake knows
      inst.upstream.clear();
      inst.upstream.on(`/pin/${id}/`, fault);
      const r = await inst.timed(`/pin/${id}/`);
      expect(r.status).toBe(200);
      expect(cheerio.load(r.text)(`[data-pin-id="${id}"]`).length).toBe(1);
      expect(inst.upstream.count(`/pin/${id}/`)).toBe(1);
      expect(inst.upstream.count('/resource/PinResource/')).toBe(n + 1);
    }
  });

  it('a failing related-pins call does not take the pin page down', async () => {
    const id = '770000000000000020';
    inst.upstream.clear();
    inst.upstream.on('/resource/RelatedModulesResource/', faults.status(503));
    inst.upstream.on('/resource/RelatedPinFeedResource/', faults.status(503));
    const r = await inst.timed(`/pin/${id}/`);
    expect(r.status).toBe(200);
    expect(cheerio.load(r.text)(`[data-pin-id="${id}"]`).length).toBeGreaterThanOrEqual(1);
  });

  it('both pin sources blocked: 502 with a clear page', async () => {
    const id = '770000000000000021';
    inst.upstream.clear();
    inst.upstream.on(`/pin/${id}/`, faults.gate());
    inst.upstream.on('/resource/PinResource/', faults.gate());
    const r = await inst.timed(`/pin/${id}/`);
    expect(r.status).toBe(502);
    expect(cheerio.load(r.text)('h1').text()).toContain(describeUpstreamError('blocked').title);
  });
});

describe('upstream faults on media (image proxy)', () => {
  let inst: FaultyInstance;
  // One image per case: a good answer is cached for a day, so a later fault would never be seen.
  beforeAll(async () => {
    inst = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), CORKBOARD_UPSTREAM_RETRIES: '1' } });
  });
  afterAll(async () => inst?.close());

  const mediaCases: Array<[string, FaultHandler, number | number[]]> = [
    ['404', faults.status(404), 404],
    ['403 from the CDN (missing object)', faults.status(403), 404],
    ['503', faults.status(503), 503],
    ['reset', faults.reset(), 503],
    ['hang after headers', faults.hangAfterHeaders('image/jpeg'), 504],
    ['truncated image', faults.transformed((b) => b.subarray(0, Math.floor(b.length / 2))), 502],
    ['corrupt image (HTML bytes)', faults.body('image/jpeg', '<html><script>alert(1)</script></html>'), 502],
    ['SVG served as an image', faults.body('image/png', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 502],
    ['empty body', faults.body('image/jpeg', ''), 502],
    // Refused as too large (502); on a loaded machine sending the 64 MiB body can outlast the short
    // test timeout first (504). Either way the visitor never gets the bytes.
    ['gzip decompression bomb as an image', faults.gzipBomb('image/jpeg', 64 * 1024 * 1024), [502, 504]],
  ];
  mediaCases.forEach(([name, fault, status], n) => {
    it(`${name} -> ${status}, never the bytes, then the image works`, async () => {
      const IMG = imagePath(n);
      inst.upstream.clear();
      inst.upstream.on(everySize(IMG), fault);
      const r = await inst.timed(`/img${IMG}`);
      expect(Array.isArray(status) ? status : [status]).toContain(r.status);
      expect(r.headers.get('content-type') ?? '').not.toMatch(/^image\//);
      expect(r.text).not.toContain('<script');
      expect(r.ms).toBeLessThan(MAX_VISITOR_MS);
      inst.upstream.clear();
      const ok = await inst.get(`/img${IMG}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/jpeg');
    });
  });
});

describe('upstream faults on streamed video', () => {
  let inst: FaultyInstance;
  const SIG = 'abcdef0123456789abcdef0123456789';
  const video = (n: number) => `/videos/mc/720p/ab/cd/ef/${SIG}_t${n}.mp4`;
  beforeAll(async () => {
    inst = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  afterAll(async () => inst?.close());

  it('a video whose upstream stalls after the headers ends within the timeout instead of hanging', async () => {
    inst.upstream.on(video(1), faults.hangAfterHeaders('video/mp4'));
    const t0 = performance.now();
    const r = await inst.get(`/vid${video(1)}`);
    // Headers were already on their way: the body is cut off, not left open forever.
    const outcome = await r.arrayBuffer().then(() => 'ended', () => 'aborted');
    expect(['ended', 'aborted']).toContain(outcome);
    expect(performance.now() - t0).toBeLessThan(2 * TIMEOUT_MS + 1500);
    expect((await inst.healthz()).status).toBe(200);
  });
});
