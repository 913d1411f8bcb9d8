// Issue 18 row 14: wrong answers to bad input. `/search/pins/?q=%01abc` and
// `/USER/?bookmark=<5000 chars>` answered 404 "Pinterest has no public page here" (instead of 400),
// `POST /` a 404 (instead of 405), video errors said "Not an image", and an abandoned request kept
// running and was logged 200.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './helpers/fault-upstream.js';
import { everySize, sleep, startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';
import { serveApp, type Served } from '../routes/helpers/served.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import type { RequestLine } from '../../src/log.js';

const USER = FAKE_KNOWN.users[0]!;
const BOARD = FAKE_KNOWN.boards[0]!;
const SEARCH_API = '/resource/BaseSearchResource/';
const SIG = 'abcdef0123456789abcdef0123456789';
const VIDEO = `/videos/mc/720p/ab/cd/ef/${SIG}.mp4`;
const IMAGE = `/736x/ab/cd/ef/${SIG}.jpg`;

let inst: FaultyInstance;
let lines: RequestLine[];
beforeAll(async () => {
  // Top-up on (two extra pages, generous time): the abandoned-request test counts them.
  inst = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_TIMEOUT_MS: '5000', CORKBOARD_CACHE_PAGES_MB: '0', CORKBOARD_TOPUP_PAGES: '2', CORKBOARD_TOPUP_MS: '30000' } });
  lines = [];
  const log = inst.deps.log;
  const original = log.requestLine.bind(log);
  log.requestLine = (r) => {
    lines.push(r);
    original(r);
  };
});
afterAll(async () => inst?.close());

function send(method: string, path: string, body?: string): Promise<Response> {
  return Promise.resolve(inst.app.request(path, { method, headers: { host: 'corkboard.test', 'content-type': 'application/x-www-form-urlencoded' }, body }));
}

describe('400 for bad input, with words for the route (issue 18 row 14)', () => {
  const longBookmark = 'Y'.repeat(5000);
  const cases: Array<[string, string, RegExp]> = [
    ['search with %01', '/search/pins/?q=%01abc', /control characters/],
    ['search with DEL', '/search/pins/?q=abc%7F', /control characters/],
    ['search feed with %01', '/search/pins/feed.rss?q=%01abc', /control characters/],
    ['profile with a 5000-character bookmark', `/${USER}/?bookmark=${longBookmark}`, /bookmark/],
    ['profile pins with a 5000-character bookmark', `/${USER}/pins/?bookmark=${longBookmark}`, /bookmark/],
    ['board with markup in the bookmark', `/${BOARD.username}/${BOARD.slug}/?bookmark=%3Cscript%3E`, /bookmark/],
    ['profile feed with a 5000-character bookmark', `/${USER}/feed.rss?bookmark=${longBookmark}`, /bookmark/],
  ];
  it.each(cases)('%s -> 400, nothing asked upstream for it', async (_name, path, words) => {
    inst.upstream.clear();
    const searchesBefore = inst.upstream.count(SEARCH_API);
    const res = await inst.timed(path);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(words);
    expect(res.text).not.toContain('Pinterest has no public page here');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(inst.upstream.requests.filter((r) => r.path.includes('Y'.repeat(100)) || r.path.includes('%01') || r.path.includes('\u0001'))).toEqual([]);
    expect(inst.upstream.count(SEARCH_API)).toBe(searchesBefore);
  });

  it('a good bookmark and a plain search still work', async () => {
    expect((await inst.timed(`/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`)).status).toBe(200);
    expect((await inst.timed(`/${USER}/?bookmark=Y29ya2JvYXJk`)).status).not.toBe(400);
  });
});

describe('405 for methods a page does not take (issue 18 row 14)', () => {
  it.each([['POST', '/'], ['POST', '/search/pins/'], ['PUT', '/settings'], ['DELETE', `/${USER}/`], ['POST', '/settings/restore']])('%s %s -> 405 with Allow', async (method, path) => {
    const res = await send(method, path, 'a=b');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.text()).toContain('Method not allowed');
  });

  it('POST /settings is still a form target; GET of an unknown path is still 404', async () => {
    expect((await send('POST', '/settings', 'ai=hide')).status).toBe(303);
    expect((await send('GET', '/pin/not-a-pin/')).status).toBe(404);
  });
});

describe('media errors say what was asked for (issue 18 row 14)', () => {
  it('a video the upstream answers with a redirect is "Not a video"; an image stays "Not an image"', async () => {
    inst.upstream.on(VIDEO, faults.status(302, { headers: { location: 'http://127.0.0.1:9/x.mp4' } }));
    const video = await inst.timed(`/vid${VIDEO}`);
    expect(video.status).toBe(502);
    expect(video.text).toContain('Not a video');
    expect(video.text).not.toContain('image');
    // Every size: the proxy would otherwise serve the next size in its place (image fallback).
    inst.upstream.on(everySize(IMAGE), faults.body('text/html', '<!DOCTYPE html><html><body>nope</body></html>'));
    const image = await inst.timed(`/img${IMAGE}`);
    expect(image.status).toBe(502);
    expect(image.text).toContain('Not an image');
  });

  it('a missing video is "Video not found", not a missing page', async () => {
    inst.upstream.on(VIDEO, faults.status(404));
    const res = await inst.timed(`/vid${VIDEO}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Video not found');
  });
});

describe('abandoned requests stop and are not logged 200 (issue 18 row 14)', () => {
  let srv: Served;
  beforeAll(async () => {
    srv = await serveApp(inst.app);
  });
  afterAll(async () => srv?.close());

  /** A search answer whose pins a `mute_words=zzz` hides, with a next page: the top-up wants more. */
  const allMuted = JSON.stringify({
    resource_response: {
      status: 'success',
      data: { results: [0, 1, 2].map((n) => ({ id: String(9007199254750000 + n), type: 'pin', title: `zzz ${n}`, images: { '236x': { width: 236, height: 236, url: `https://i.pinimg.com/236x/ab/cd/ef/${SIG}.jpg` } } })) },
      bookmark: 'Y29ya2JvYXJkfG1vcmU=',
    },
  });
  const UPSTREAM_DELAY_MS = 600;
  const slowAnswer = faults.body('application/json', allMuted);
  const delayedAnswer: typeof slowAnswer = async (req, res, ctx) => {
    await sleep(UPSTREAM_DELAY_MS);
    await slowAnswer(req, res, ctx);
  };

  it('control: a patient visitor gets the page after top-up pages (more than one upstream search)', async () => {
    inst.upstream.clear();
    lines.length = 0;
    inst.upstream.on(SEARCH_API, delayedAnswer, 10);
    const before = inst.upstream.count(SEARCH_API);
    const res = await srv.raw('/search/pins/?q=patient&mute_words=zzz');
    expect(res.status).toBe(200);
    expect(inst.upstream.count(SEARCH_API)).toBeGreaterThan(before + 1);
    expect(lines.find((l) => l.path === '/search/pins/')?.status).toBe(200);
  }, 30_000);

  it('a visitor who leaves during the first upstream page: no top-up, logged 499', async () => {
    inst.upstream.clear();
    inst.upstream.on(SEARCH_API, delayedAnswer, 10);
    lines.length = 0;
    const before = inst.upstream.count(SEARCH_API);
    const path = '/search/pins/?q=impatient&mute_words=zzz';
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: srv.port, path, headers: { host: 'corkboard.test' }, agent: false });
      req.on('error', () => resolve());
      req.end();
      // Leave once the upstream search has started, well before its answer.
      const started = Date.now();
      const poll = setInterval(() => {
        if (inst.upstream.count(SEARCH_API) > before || Date.now() - started > 10_000) {
          clearInterval(poll);
          req.destroy();
          resolve();
        }
      }, 10);
    });
    // Wait for the request to finish on the server side (the log line), bounded.
    const deadline = Date.now() + 20_000;
    while (!lines.some((l) => l.path === '/search/pins/') && Date.now() < deadline) await sleep(50);
    const line = lines.find((l) => l.path === '/search/pins/');
    expect(line?.status).toBe(499);
    // Give a top-up that wrongly went on the time to reach the upstream, then count.
    await sleep(UPSTREAM_DELAY_MS);
    expect(inst.upstream.count(SEARCH_API)).toBe(before + 1);
  }, 40_000);
});
