// HTML pages and pin.it short links against local servers: redirects are read, never chased.

import { describe, expect, it } from 'vitest';
import { expectNoVisitorHeaders } from './helpers/privacy.js';
import { upstreamsForFile } from './helpers/make-client.js';

const { server, other, client } = upstreamsForFile();
const HTML = '<!DOCTYPE html><html><head></head><body>pin</body></html><script id="__PWS_DATA__">{}</script>';

describe('page()', () => {
  it('returns the HTML, sent with browser-like Accept and nothing from a visitor', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HTML);
    });
    const { client: c } = client();
    expect(await c.page('/pin/123/')).toBe(HTML);
    expect(server.requests[0]!.url).toBe('/pin/123/');
    expect(server.requests[0]!.headers.accept).toMatch(/^text\/html/);
    expect(server.requests[0]!.headers['x-pinterest-pws-handler']).toBeUndefined();
    expectNoVisitorHeaders(server.requests);
  });

  it('follows a redirect within the same origin, a bounded number of times', async () => {
    server.handle((req, res) => {
      if (req.url === '/pin/123') {
        res.writeHead(301, { location: '/pin/123/' });
        res.end();
      } else if (req.url!.startsWith('/loop')) {
        res.writeHead(302, { location: `/loop${req.url!.length}` });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(HTML);
      }
    });
    const { client: c } = client();
    expect(await c.page('/pin/123')).toBe(HTML);
    await expect(c.page('/loop')).rejects.toMatchObject({ kind: 'not-found' });
    expect(server.count()).toBe(2 + 3); // two hops at most after the first request
  });

  it('does not follow a redirect to another host', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.origin}/pin/123/` });
      res.end();
    });
    const { client: c } = client();
    await expect(c.page('/pin/123/')).rejects.toMatchObject({ kind: 'not-found', detail: { status: 302 } });
    expect(other.count()).toBe(0);
  });

  it('JSON where HTML was expected is bad-shape; 404 is not-found', async () => {
    server.handle((req, res) => {
      if (req.url === '/missing/') {
        res.writeHead(404);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"a":1}');
      }
    });
    const { client: c } = client();
    await expect(c.page('/json/')).rejects.toMatchObject({ kind: 'bad-shape' });
    await expect(c.page('/missing/')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses paths that could leave the origin, without a request', async () => {
    const { client: c } = client();
    for (const p of ['//evil.example/x', 'pin/1/', '/a\\b', '/ü/', '/a b/', '/x#frag', '']) {
      await expect(c.page(p), p).rejects.toMatchObject({ kind: 'not-found' });
    }
    expect(server.count()).toBe(0);
  });
});

describe('resolveShortLink()', () => {
  it('reads Location from /url_shortener/<code>/redirect/ without following it', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.origin}/pin/123/sent/?invite_code=abc&sender=x&sfo=1` });
      res.end();
    });
    const { client: c } = client();
    expect(await c.resolveShortLink('AbC12-_x')).toBe(`${other.origin}/pin/123/sent/?invite_code=abc&sender=x&sfo=1`);
    expect(server.requests[0]!.url).toBe('/url_shortener/AbC12-_x/redirect/');
    expect(other.count()).toBe(0);
    await c.resolveShortLink('AbC12-_x'); // cached
    expect(server.count()).toBe(1);
    expectNoVisitorHeaders(server.requests);
  });

  it('no Location, or a 404, is not-found', async () => {
    server.handle((req, res) => {
      res.writeHead(req.url!.includes('gone') ? 404 : 200);
      res.end('hello');
    });
    const { client: c } = client();
    await expect(c.resolveShortLink('nolocation')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(c.resolveShortLink('gone')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('validates the code before asking', async () => {
    const { client: c } = client();
    for (const code of ['', 'a/b', '../x', 'x'.repeat(33), 'a b', 'ü']) {
      await expect(c.resolveShortLink(code), code).rejects.toMatchObject({ kind: 'not-found' });
    }
    expect(server.count()).toBe(0);
  });

  it('refuses a non-http Location', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: 'javascript:alert(1)' });
      res.end();
    });
    const { client: c } = client();
    await expect(c.resolveShortLink('abc')).rejects.toMatchObject({ kind: 'bad-shape' });
  });
});
