// Hardening of resource-API calls against a local server that misbehaves in every way we know.

import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectNoVisitorHeaders } from './helpers/privacy.js';
import * as calls from '../../src/upstream/resource-requests.js';
import { FAST_TIMEOUTS, upstreamsForFile } from './helpers/make-client.js';
import { envelope, sendJson } from './helpers/test-server.js';

const PIN = '994873373926688735';
// `other`: a second host, to prove that redirects are not followed.
const { server, other, client } = upstreamsForFile();

describe('resource API requests', () => {
  it('GETs /resource/<Name>/get/ with the fixed headers and nothing from a visitor', async () => {
    server.handle((_req, res) => sendJson(res, envelope({ id: PIN })));
    const { client: c } = client();
    const json = (await c.resource(calls.pinCall(PIN))) as { resource_response: { data: { id: string } } };
    expect(json.resource_response.data.id).toBe(PIN);
    const [r] = server.requests;
    expect(r!.method).toBe('GET');
    const url = new URL(r!.url, server.origin);
    expect(url.pathname).toBe('/resource/PinResource/get/');
    expect(url.searchParams.get('source_url')).toBe(`/pin/${PIN}/`);
    expect(JSON.parse(url.searchParams.get('data')!)).toEqual({
      options: { id: PIN, field_set_key: 'detailed', add_fields: 'pin.gen_ai_topics' },
      context: {},
    });
    expect(r!.headers).toMatchObject({
      'x-pinterest-pws-handler': 'www/pin/[id].js',
      'x-requested-with': 'XMLHttpRequest',
      accept: 'application/json, text/javascript, */*, q=0.01',
      'x-pinterest-appstate': 'active',
      'x-pinterest-source-url': `/pin/${PIN}/`,
    });
    expectNoVisitorHeaders(server.requests);
  });

  it('pages with GET and the bookmark inside data, never POST', async () => {
    server.handle((_req, res) => sendJson(res, envelope({ results: [] })));
    const { client: c } = client();
    await c.resource(calls.searchCall('cats', 'Y2JVSG81V2sx=='));
    const url = new URL(server.requests[0]!.url, server.origin);
    expect(server.requests[0]!.method).toBe('GET');
    expect(JSON.parse(url.searchParams.get('data')!).options.bookmarks).toEqual(['Y2JVSG81V2sx==']);
    expect(server.requests[0]!.headers['x-pinterest-pws-handler']).toBe('www/search/[scope].js');
  });

  it('403 "Invalid Resource Request" is blocked, with no retry storm', async () => {
    server.handle((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('Invalid Resource Request');
    });
    const { client: c, events } = client();
    await expect(c.resource(calls.pinCall(PIN))).rejects.toMatchObject({ kind: 'blocked', detail: { status: 403 } });
    expect(server.count()).toBe(1);
    expect(events).toMatchObject([{ host: 'www', kind: 'blocked', status: 403 }]);
  });

  it('404 is not-found, asked once', async () => {
    server.handle((_req, res) => sendJson(res, { resource_response: { status: 'failure', error: { http_status: 404 } } }, 404));
    const { client: c } = client();
    await expect(c.resource(calls.boardCall('someone', 'gone'))).rejects.toMatchObject({ kind: 'not-found' });
    expect(server.count()).toBe(1);
  });

  it('429 with a short Retry-After waits and retries', async () => {
    server.handle((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '0' });
        res.end();
      } else sendJson(res, envelope({ ok: true }));
    });
    const { client: c } = client();
    await expect(c.resource(calls.userCall('someone'))).resolves.toBeTruthy();
    expect(server.count()).toBe(2);
  });

  it('429 with a Retry-After longer than we may wait fails at once with retryAfterSeconds', async () => {
    server.handle((_req, res) => {
      res.writeHead(429, { 'retry-after': '120' });
      res.end();
    });
    const { client: c } = client();
    const t0 = Date.now();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'rate-limited', detail: { retryAfterSeconds: 120, status: 429 } });
    expect(server.count()).toBe(1);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('429 without Retry-After retries with backoff, bounded, then reports rate-limited', async () => {
    server.handle((_req, res) => {
      res.writeHead(429);
      res.end();
    });
    const { client: c } = client();
    const err = await c.resource(calls.userCall('someone')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate-limited' });
    expect((err as { detail: { retryAfterSeconds?: number } }).detail.retryAfterSeconds).toBeUndefined();
    expect(server.count()).toBe(3); // 1 + 2 retries
  });

  it('500 and 503 are retried; a recovery within the bound succeeds', async () => {
    server.handle((_req, res, n) => {
      if (n === 1) {
        res.writeHead(500);
        res.end('oops');
      } else if (n === 2) {
        res.writeHead(503);
        res.end();
      } else sendJson(res, envelope({ third: true }));
    });
    const { client: c } = client();
    const json = (await c.resource(calls.userCall('someone'))) as { resource_response: { data: { third: boolean } } };
    expect(json.resource_response.data.third).toBe(true);
    expect(server.count()).toBe(3);
  });

  it('a persistent 503 ends as unavailable after the retries', async () => {
    server.handle((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const { client: c, events } = client();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'unavailable', detail: { status: 503 } });
    expect(server.count()).toBe(3);
    expect(events.map((e) => e.kind)).toEqual(['unavailable', 'unavailable', 'unavailable']);
  });

  it('a reset connection is unavailable (retried, then reported)', async () => {
    server.handle((req) => req.socket.destroy());
    const { client: c } = client();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(server.count()).toBe(3);
  });

  it('a refused connection is unavailable', async () => {
    const { client: c } = client({}, 'http://127.0.0.1:9'); // discard port: nothing listens
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('no headers in time is a timeout, not retried', async () => {
    server.handle(() => {
      /* never answers */
    });
    const { client: c } = client({ timeouts: FAST_TIMEOUTS });
    const t0 = Date.now();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(FAST_TIMEOUTS.headersMs + 1_700); // not retried: one wait
    expect(server.count()).toBe(1);
  });

  it('a body that hangs after the headers is a timeout', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"resource_response":');
    });
    const { client: c } = client({ timeouts: FAST_TIMEOUTS });
    const t0 = Date.now();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(FAST_TIMEOUTS.bodyMs + 1_700);
  });

  it('a slowly trickling body is cut off by the total body deadline', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed || i++ > 100) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(' ');
      }, 30); // each pause is far below bodyMs; the total is far above it
    });
    const { client: c } = client({ timeouts: FAST_TIMEOUTS });
    const t0 = Date.now();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(FAST_TIMEOUTS.bodyMs + 1_200); // the trickle alone lasts 3 s
  });

  it('invalid JSON is bad-shape', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"resource_response": {"status": "succ');
    });
    const { client: c } = client();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'bad-shape' });
    expect(server.count()).toBe(1);
  });

  it('an HTML page where JSON was expected is bad-shape', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Please log in</body></html>');
    });
    const { client: c } = client();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'bad-shape', message: expect.stringMatching(/HTML/) });
  });

  it('a JSON error envelope with 200 is mapped by its http_status', async () => {
    server.handle((_req, res) =>
      sendJson(res, { resource_response: { status: 'failure', error: { http_status: 404, message: 'Pin not found' } } }),
    );
    const { client: c } = client();
    await expect(c.resource(calls.pinCall(PIN))).rejects.toMatchObject({ kind: 'not-found', detail: { status: 404 } });
  });

  it('a body over the cap is too-large, with or without Content-Length', async () => {
    const big = `{"x":"${'a'.repeat(300 * 1024)}"}`;
    server.handle((req, res) => {
      if (req.url!.includes('Declared')) res.writeHead(200, { 'content-length': String(big.length) });
      else res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end(big);
    });
    const { client: c } = client();
    await expect(c.resource({ name: 'DeclaredResource', options: {}, sourceUrl: '', handler: 'www/[username].js' })).rejects.toMatchObject({ kind: 'too-large' });
    await expect(c.resource({ name: 'ChunkedResource', options: {}, sourceUrl: '', handler: 'www/[username].js' })).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('decodes gzip, br and deflate bodies', async () => {
    const body = Buffer.from(JSON.stringify(envelope({ hello: 'wörld' })));
    server.handle((req, res) => {
      const enc = new URL(req.url!, server.origin).pathname.split('/')[2]!.replace('Resource', '').toLowerCase();
      const coded = enc === 'gzip' ? zlib.gzipSync(body) : enc === 'br' ? zlib.brotliCompressSync(body) : zlib.deflateSync(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': enc });
      res.end(coded);
    });
    const { client: c } = client();
    for (const enc of ['Gzip', 'Br', 'Deflate']) {
      const json = (await c.resource({ name: `${enc}Resource`, options: {}, sourceUrl: '', handler: 'www/[username].js' })) as {
        resource_response: { data: { hello: string } };
      };
      expect(json.resource_response.data.hello).toBe('wörld');
    }
    expect(server.requests[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('a compression bomb is too-large, not an out-of-memory', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)); // ~20 KB on the wire
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const { client: c } = client();
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('a redirect from the API is not followed', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.origin}/resource/PinResource/get/` });
      res.end();
    });
    const { client: c } = client();
    await expect(c.resource(calls.pinCall(PIN))).rejects.toMatchObject({ kind: 'bad-shape', detail: { status: 302 } });
    expect(other.count()).toBe(0);
  });

  it('coalesces 20 concurrent identical calls into one upstream request, then serves the cache', async () => {
    server.handle((_req, res) => setTimeout(() => sendJson(res, envelope({ id: PIN })), 50));
    const { client: c } = client();
    const results = await Promise.all(Array.from({ length: 20 }, () => c.resource(calls.pinCall(PIN))));
    expect(new Set(results).size).toBe(1);
    expect(server.count()).toBe(1);
    await c.resource(calls.pinCall(PIN));
    expect(server.count()).toBe(1);
    await c.resource(calls.relatedPinsCall(PIN)); // a different call is a different request
    expect(server.count()).toBe(2);
  });

  it('serves a stale copy when upstream fails after expiry (stale-if-error)', async () => {
    let t = 1_000_000;
    let healthy = true;
    server.handle((_req, res) => {
      if (healthy) sendJson(res, envelope({ v: 'old' }));
      else {
        res.writeHead(503);
        res.end();
      }
    });
    const cacheEvents: string[] = [];
    const { client: c } = client({ now: () => t, onCache: (e) => cacheEvents.push(e.outcome) });
    await c.resource(calls.userCall('someone'));
    healthy = false;
    t += 60_000 + 1; // past resourceMs, inside staleMs
    const json = (await c.resource(calls.userCall('someone'))) as { resource_response: { data: { v: string } } };
    expect(json.resource_response.data.v).toBe('old');
    expect(cacheEvents).toEqual(['miss', 'stale']);
    expect(server.count()).toBe(4); // 1 + 3 failed attempts
    t += 60_000; // now past the stale window too
    await expect(c.resource(calls.userCall('someone'))).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('opens the www breaker after consecutive failures, fails fast, and half-opens after the cool-down', async () => {
    let t = 0;
    let healthy = false;
    server.handle((_req, res) => {
      if (healthy) sendJson(res, envelope({}));
      else {
        res.writeHead(500);
        res.end();
      }
    });
    const { client: c } = client({ now: () => t, retries: 0, breaker: { failureThreshold: 2, coolDownMs: 5_000 } });
    await expect(c.resource(calls.userCall('a'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(c.breakerStates().www).toBe('closed');
    await expect(c.resource(calls.userCall('b'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(c.breakerStates()).toEqual({ www: 'open', images: 'closed', videos: 'closed', shortlinks: 'closed' });
    await expect(c.resource(calls.userCall('c'))).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/circuit open/) });
    expect(server.count()).toBe(2); // the third call never reached upstream
    t += 5_000;
    expect(c.breakerStates().www).toBe('half-open');
    healthy = true;
    await expect(c.resource(calls.userCall('d'))).resolves.toBeTruthy();
    expect(c.breakerStates().www).toBe('closed');
  });

  it('a 404 does not open the breaker', async () => {
    server.handle((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const { client: c } = client({ retries: 0, breaker: { failureThreshold: 2, coolDownMs: 5_000 } });
    for (const u of ['a', 'b', 'c']) await expect(c.resource(calls.userCall(u))).rejects.toMatchObject({ kind: 'not-found' });
    expect(c.breakerStates().www).toBe('closed');
  });

  it('caps upstream concurrency', async () => {
    let active = 0;
    let peak = 0;
    server.handle((_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        sendJson(res, envelope({}));
      }, 20);
    });
    const { client: c } = client({ maxConcurrent: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.resource(calls.userCall(`user${i}`))));
    expect(server.count()).toBe(12);
    expect(peak).toBeLessThanOrEqual(3);
  });

  it('never sends visitor-identifying headers, on any resource call', async () => {
    server.handle((_req, res) => sendJson(res, envelope({})));
    const { client: c } = client();
    await Promise.all([
      c.resource(calls.userBoardsCall('u')),
      c.resource(calls.userPinsCall('u')),
      c.resource(calls.userCreatedCall('u', '1')),
      c.resource(calls.boardFeedCall('1', '/u/b/')),
      c.resource(calls.boardSectionsCall('1')),
      c.resource(calls.sectionCall('u', 'b', 's')),
      c.resource(calls.sectionPinsCall('2')),
    ]);
    expect(server.count()).toBe(7);
    expectNoVisitorHeaders(server.requests);
  });
});

describe('resource() input checks', () => {
  it('refuses a bad resource name or handler before any request or metric', async () => {
    const { client: c, events } = client();
    await expect(c.resource({ name: '../../admin', options: {}, sourceUrl: '', handler: 'www/[username].js' })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(c.resource({ name: 'PinResource', options: {}, sourceUrl: '', handler: 'www/x.js\r\nCookie: a=b' })).rejects.toMatchObject({ kind: 'bad-shape' });
    await expect(c.resource({ name: 'PinResource', options: {}, sourceUrl: '/pin/1/\r\nX: y', handler: 'www/pin/[id].js' })).rejects.toMatchObject({ kind: 'bad-shape' });
    expect(server.count()).toBe(0);
    expect(events).toEqual([]);
  });
});
