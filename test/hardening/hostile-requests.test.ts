// Absurd requests from visitors: huge and malformed query strings, invalid percent-encoding,
// traversal, NUL, unicode and over-long paths, garbage cookies and Host headers. Each gets a 4xx or
// a normal page, never a 5xx or a crash; nothing of it reaches upstream; the instance stays healthy.
// Most go through app.request (the app's own logic); raw request lines go over a real socket.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';

const LONG = 'a'.repeat(100 * 1024);
const MANY_PARAMS = Array.from({ length: 10_000 }, (_, i) => `k${i}=v${i}`).join('&');

const ABSURD_REQUESTS: Array<[string, string, Record<string, string>?]> = [
  ['100 KB search query', `/search/pins/?q=${LONG}`],
  ['100 KB query on a feed', `/search/pins/feed.rss?q=${LONG}`],
  ['100 KB bookmark', `/search/pins/?q=x&bookmark=${LONG}`],
  ['10k parameters', `/search/pins/?${MANY_PARAMS}&q=cabin`],
  ['10k repeated q and ai parameters', `/search/pins/?${Array.from({ length: 5000 }, (_, i) => `q=${i}&ai=${i % 2 ? 'off' : 'x'}`).join('&')}`],
  ['10k parameters on the pin page', `/pin/9007199254740993/?${MANY_PARAMS}`],
  ['invalid percent-encoding (truncated)', '/search/pins/?q=%E0%A4%A'],
  ['invalid percent-encoding (not hex)', '/search/pins/?q=%ZZ&ai=%'],
  ['overlong UTF-8 slash', '/search/pins/?q=%C0%AF'],
  ['encoded lone surrogate', '/search/pins/?q=%ED%A0%80'],
  ['NUL in the query', '/search/pins/?q=a%00b&theme=%00'],
  ['invalid percent-encoding in the path', '/pin/%E0%A4%A/'],
  ['%ZZ in a username', '/%ZZ/'],
  ['NUL in a username', '/foo%00bar/'],
  ['NUL as a pin ID', '/pin/%00/'],
  // Without the trailing slash these hit the add-a-slash redirect, which once put the decoded
  // segment into Location (a NUL or CRLF there threw: 500).
  ['NUL in a board segment, no trailing slash', '/236x/%00'],
  ['CRLF header injection in a board segment', '/alice/%0D%0ASet-Cookie:%20x=1'],
  ['space and backslash in a board segment', '/alice/b%20c%5C'],
  ['CRLF in a username, no trailing slash', '/a%0D%0ALocation:%20%2F%2Fevil.example'],
  ['NUL in a short link', '/pin.it/%00'],
  ['encoded traversal', '/%2e%2e/%2e%2e/etc/passwd'],
  ['encoded traversal into static', '/static/..%2f..%2fpackage.json'],
  ['encoded traversal into the image proxy', '/img/236x/..%2f..%2f..%2fetc%2fpasswd'],
  ['traversal inside a media path', '/img/236x/ab/cd/ef/..%2F..%2F..%2F..%2Fetc%2Fpasswd.jpg'],
  ['100 KB path', `/${LONG}/`],
  ['100 KB board slug', `/corkboard_demo/${LONG}/`],
  ['100 KB pin ID', `/pin/${'9'.repeat(100 * 1024)}/`],
  ['pin ID past 2^64', `/pin/${'9'.repeat(30)}/`],
  ['pin ID in exponent form', '/pin/1e400/'],
  ['unicode username', '/%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC/'],
  ['emoji board', '/corkboard_demo/%F0%9F%98%80/'],
  ['RTL override in the path', '/%E2%80%AEnimda/'],
  ['deep path', `/${Array(200).fill('a').join('/')}/`],
  ['protocol-relative-looking path', '//evil.example/'],
  ['backslash path', '/%5Cevil.example/'],
  ['feed for a hostile board', '/corkboard_demo/%3Cscript%3E.rss'],
  ['paste of a javascript: URL', '/go?url=javascript:alert(1)'],
  ['paste of a 100 KB URL', `/go?url=https://www.pinterest.com/${LONG}`],
  ['settings with garbage values', '/settings?ai=%00&theme=%3Cscript%3E&sensitivity=' + LONG.slice(0, 5000)],
  ['garbage cookies', '/search/pins/?q=cabin', { cookie: `ai=%E0%A4%A; theme=<script>; sensitivity=${'x'.repeat(8000)}; mute_words=%ZZ%00` }],
  ['garbage Host', '/search/pins/feed.rss?q=cabin', { host: '[::1]:99999"><script>' }],
  ['huge Accept-Language and If-None-Match', '/corkboard_demo/feed.rss', { 'accept-language': LONG, 'if-none-match': LONG }],
  ['bad If-Modified-Since', '/corkboard_demo/feed.rss', { 'if-modified-since': 'yesterday-ish' }],
  ['a Range on an image', '/img/236x/f4/af/05/f4af05d20223b279c1f87e0655e2b073.jpg', { range: 'bytes=999999999-0,-,abc' }],
];

describe('absurd requests through the app', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    inst = await startFaultyInstance();
  });
  afterAll(async () => inst?.close());

  for (const [name, path, headers] of ABSURD_REQUESTS) {
    it(`${name} -> 4xx or a normal page`, async () => {
      const r = await inst.timed(path, headers);
      expect(r.status, r.text.slice(0, 300)).toBeLessThan(500);
      // A redirect stays on the instance: one leading slash, never `//host` or `/\\host`.
      if (r.status >= 300 && r.status < 400) expect(r.headers.get('location') ?? '').toMatch(/^\/(?![\/\\])/);
      expect(r.ms).toBeLessThan(5000);
      expect(r.text).not.toMatch(/root:x:0|"name": "corkboard"|at .*\.ts:\d+/);
      if (r.headers.get('content-type')?.startsWith('text/html')) {
        expect(r.text).not.toMatch(/<script/i);
      }
    });
  }

  it('nothing absurd was forwarded upstream, and the instance is still healthy', async () => {
    for (const q of inst.upstream.requests) {
      expect(q.path).not.toMatch(/\.\.|%2e%2e|%00|etc%2Fpasswd|etc\/passwd/i);
      expect(q.path.length).toBeLessThan(8 * 1024);
    }
    const health = await inst.healthz();
    expect(health.status).toBe(200);
    expect(Object.values(health.body.upstream)).toEqual(['closed', 'closed', 'closed', 'closed']);
    // Metrics labels stay a small fixed vocabulary, whatever paths visitors invent.
    const metrics = await (await inst.get('/metrics')).text();
    const routes = new Set([...metrics.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
    expect(routes.size).toBeGreaterThan(1);
    expect(routes.size).toBeLessThanOrEqual(12);
    for (const r of routes) expect(r).toMatch(/^[a-z.-]{1,20}$/);
    expect((await inst.get('/search/pins/?q=forest+cabin')).status).toBe(200);
  });

  it('random paths and queries (property): never a 5xx', async () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%00', '%2e%2e', '%2F', '%', '%ZZ', '%E0%A4%A', 'pin', 'search', 'pins', 'img', 'vid', 'static', 'feed.rss', 'b.rss', '_saved', 'sent', 'pin.it', '236x', '9007199254740993', 'corkboard_demo', 'forest-cabins', '%E2%80%AE', '%F0%9F%98%80', '%3Cscript%3E', ''),
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
    );
    const query = fc.array(fc.tuple(fc.constantFrom('q', 'ai', 'theme', 'sensitivity', 'bookmark', 'show', 'size', 'x', '%', '%ZZ'), fc.oneof(fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('%', '%ZZ', '%00', 'off', 'hidden', '%E0%A4%A'))), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean(), query, async (segs, slash, params) => {
        const path = `/${segs.join('/')}${slash ? '/' : ''}${params.length ? `?${params.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
        const r = await inst.get(path);
        await r.arrayBuffer();
        if (r.status >= 500) throw new Error(`${path} -> ${r.status}`);
      }),
      { numRuns: 200 },
    );
    expect((await inst.healthz()).status).toBe(200);
  }, 60_000);
});

describe('hostile settings forms (POST /settings)', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    inst = await startFaultyInstance();
  });
  afterAll(async () => inst?.close());

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    Promise.resolve(inst.app.request('/settings', { method: 'POST', body, headers: { host: 'corkboard.test', 'content-type': 'application/x-www-form-urlencoded', ...headers } }));

  /** Set-Cookie values are printable ASCII: nothing a visitor typed can split or add a header. */
  function cookieProblems(res: Response): string[] {
    return res.headers.getSetCookie().filter((c) => !/^[\x20-\x7e]+$/.test(c) || c.length > 4096);
  }

  const forms: Array<[string, string]> = [
    ['CRLF, NUL and markup in every field', 'ai=hide%0D%0ASet-Cookie:%20evil=1&theme=%00dark&mute_words=%0D%0Ax%3Cscript%3E&mute_words=%E2%80%AE&sensitivity=high%0A'],
    ['invalid percent-encoding', 'ai=%ZZ&mute_words=%E0%A4%A&theme=%'],
    ['10k fields', Array.from({ length: 10_000 }, (_, i) => `mute_words=w${i}`).join('&')],
    ['a 60 KB mute word', `mute_words=${'m'.repeat(60 * 1024)}`],
  ];
  for (const [name, body] of forms) {
    it(`${name} -> saved or refused, never 5xx, cookies clean`, async () => {
      const r = await post(body);
      expect(r.status).toBeLessThan(500);
      expect(cookieProblems(r)).toEqual([]);
      if (r.status >= 300 && r.status < 400) expect(r.headers.get('location')).toMatch(/^\/settings/);
    });
  }

  it('a body that is not a form (JSON, garbage multipart) is not a 5xx', async () => {
    expect((await post('{"ai":"off"}', { 'content-type': 'application/json' })).status).toBeLessThan(500);
    expect((await post('--x\r\nContent-Disposition: form-data; name="ai"\r\n\r\noff', { 'content-type': 'multipart/form-data; boundary=y' })).status).toBeLessThan(500);
  });

  it('a huge form body is refused (413) without being buffered whole, with or without Content-Length', async () => {
    const big = `mute_words=${'x'.repeat(5 * 1024 * 1024)}`;
    const declared = await post(big, { 'content-length': String(big.length) });
    expect(declared.status).toBe(413);
    // Streamed without a length: the limit applies while reading.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('mute_words='));
        sent += chunk.length;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await Promise.resolve(inst.app.request('/settings', { method: 'POST', body: stream, headers: { host: 'corkboard.test', 'content-type': 'application/x-www-form-urlencoded' }, duplex: 'half' } as RequestInit));
    expect(streamed.status).toBe(413);
    // It stopped reading long before the 64 MiB the client offered.
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    expect((await inst.get('/settings')).status).toBe(200);
  });
});

/** Sends raw bytes as one request and returns the status line's code (0 when the server just closed). */
function rawRequest(port: number, head: Buffer | string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 0, text: '' }) : reject(e)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.write(head);
  });
}

describe('raw request lines over a real socket', () => {
  let inst: FaultyInstance;
  let server: ReturnType<typeof serve>;
  let port: number;
  beforeAll(async () => {
    inst = await startFaultyInstance();
    await new Promise<void>((resolve) => {
      server = serve({ fetch: inst.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await inst?.close();
  });

  const req = (target: string | Buffer) =>
    Buffer.concat([Buffer.from('GET '), Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'), Buffer.from(' HTTP/1.1\r\nHost: corkboard.test\r\nConnection: close\r\n\r\n')]);

  const cases: Array<[string, Buffer]> = [
    ['unnormalised traversal', req('/../../../../etc/passwd')],
    ['traversal into static', req('/static/../package.json')],
    ['traversal into the image proxy', req('/img/236x/../../../etc/passwd')],
    ['raw NUL byte', req('/pin/\u0000/')],
    ['raw invalid UTF-8 bytes', req(Buffer.from([0x2f, 0xff, 0xfe, 0xc0, 0xaf, 0x2f]))],
    ['raw UTF-8 path', req(Buffer.from('/ユーザー/', 'utf8'))],
    ['100 KB request line', req(`/search/pins/?q=${LONG}`)],
    ['10k parameters on the request line', req(`/search/pins/?${MANY_PARAMS}`)],
    ['absolute-form target', req('http://evil.example/pin/1/')],
    ['asterisk target', req('*')],
    ['target without a slash', req('pin/9007199254740993/')],
    ['double-slash host-like path', req('//evil.example/')],
    ['double-slash board-like path', req('//evil.example/board')],
    ['backslash host-like path', req('/\\evil.example/')],
    ['backslash board-like path', req('/\\evil.example/x')],
    ['pin redirect with a host-like tail', req('/pin/1//evil.example')],
    ['search redirect with a host-like query', req('/search/pins?q=//evil.example')],
  ];

  for (const [name, bytes] of cases) {
    it(`${name} -> 4xx or a normal page`, async () => {
      const r = await rawRequest(port, bytes);
      // 0: the server's HTTP parser dropped a request line it could not read; also not a 5xx.
      expect(r.status === 0 || (r.status >= 200 && r.status < 500), r.text.slice(0, 200)).toBe(true);
      expect(r.text).not.toMatch(/root:x:0|"name": "corkboard"/);
      const location = /\r\nlocation: ([^\r]*)/i.exec(r.text)?.[1];
      if (location !== undefined) expect(location).toMatch(/^\/(?![\/\\])/);
    });
  }

  it('the server is still up and serving', async () => {
    const r = await rawRequest(port, req('/healthz'));
    expect(r.status).toBe(200);
    const page = await rawRequest(port, req('/search/pins/?q=forest+cabin'));
    expect(page.status).toBe(200);
  });
});
