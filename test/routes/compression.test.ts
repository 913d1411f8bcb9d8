// Response compression: brotli or gzip as the visitor's Accept-Encoding allows, for HTML, RSS, CSS
// and JSON; never for images or video; Vary set; conditional requests still answer 304.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { Hono } from 'hono';
import { compressResponses, negotiateEncoding, etagMatches } from '../../src/web/compress.js';
import { instanceForFile } from '../helpers/test-instance.js';

const inst = instanceForFile({ model: null });

const SEARCH = `/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`;

function decode(bytes: Buffer, encoding: string | null): string {
  if (encoding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

async function fetchAs(path: string, acceptEncoding?: string) {
  const res = await inst.get(path, acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, encoding: res.headers.get('content-encoding') };
}

describe('negotiation', () => {
  it('prefers brotli, honours q=0 and *, and offers nothing it was not asked for', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.2, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(negotiateEncoding('')).toBeNull();
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', 'W/"abc"')).toBe(true);
    expect(etagMatches('"x"', '"abc"')).toBe(false);
  });
});

describe('compressed responses', () => {
  it('sends HTML, RSS, CSS and JSON compressed with the negotiated encoding, same content', async () => {
    // Search page and feed change while the AI check finishes between requests: those are checked
    // for a whole document; the home page and stylesheet must come back byte for byte.
    const whole: Record<string, RegExp> = {
      [SEARCH]: /^<!DOCTYPE html>[\s\S]*<\/html>$/,
      '/search/pins/feed.rss?q=forest+cabin': /^<\?xml[\s\S]*<\/rss>\s*$/,
    };
    for (const path of ['/', SEARCH, '/search/pins/feed.rss?q=forest+cabin', '/static/style.css']) {
      const plain = await fetchAs(path);
      expect(plain.res.status, path).toBe(200);
      expect(plain.encoding, path).toBeNull();
      expect(plain.res.headers.get('vary') ?? '', path).toMatch(/accept-encoding/i);
      for (const enc of ['br', 'gzip'] as const) {
        const packed = await fetchAs(path, enc === 'br' ? 'gzip, deflate, br' : 'gzip, deflate');
        expect(packed.encoding, `${path} ${enc}`).toBe(enc);
        expect(Number(packed.res.headers.get('content-length')), path).toBe(packed.bytes.length);
        expect(packed.bytes.length, `${path} is smaller`).toBeLessThan(plain.bytes.length);
        const text = decode(packed.bytes, enc);
        if (whole[path]) {
          expect(text, path).toMatch(whole[path]!);
        } else {
          expect(text, path).toBe(plain.bytes.toString('utf8'));
        }
      }
    }
  }, 60_000);

  it('compresses JSON over the threshold, leaves small bodies and binary types alone', async () => {
    const app = new Hono();
    app.use('*', compressResponses());
    const big = { items: Array.from({ length: 200 }, (_, i) => ({ id: String(i), title: `pin ${i}` })) };
    app.get('/big.json', (c) => c.json(big));
    app.get('/small.json', (c) => c.json({ ok: true }));
    app.get('/pic.png', (c) => c.body(new Uint8Array(4096), 200, { 'Content-Type': 'image/png' }));
    const get = (p: string) => app.request(p, { headers: { 'accept-encoding': 'br, gzip' } });
    const bigRes = await get('/big.json');
    expect(bigRes.headers.get('content-encoding')).toBe('br');
    expect(JSON.parse(decode(Buffer.from(await bigRes.arrayBuffer()), 'br'))).toEqual(big);
    const small = await get('/small.json');
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    const pic = await get('/pic.png');
    expect(pic.headers.get('content-encoding')).toBeNull();
    expect((await pic.arrayBuffer()).byteLength).toBe(4096);
  });

  it('still answers 304 to the weak tag of a compressed stylesheet', async () => {
    const first = await fetchAs('/static/style.css', 'br');
    const tag = first.res.headers.get('etag');
    expect(tag).toMatch(/^W\//);
    const again = await inst.get('/static/style.css', { 'accept-encoding': 'br', 'if-none-match': tag! });
    expect(again.status).toBe(304);
  });

  it('never compresses images or video, whatever the visitor accepts', async () => {
    const html = (await fetchAs(SEARCH)).bytes.toString('utf8');
    const img = /src="(\/img\/[^"]+)"/.exec(html)?.[1];
    expect(img).toBeTruthy();
    const image = await fetchAs(img!, 'gzip, deflate, br');
    expect(image.res.status).toBe(200);
    expect(image.res.headers.get('content-type')).toMatch(/^image\//);
    expect(image.encoding).toBeNull();

    const pin = (await fetchAs(`/pin/${FAKE_KNOWN.pins.video}/`)).bytes.toString('utf8');
    const mp4 = /src="(\/vid\/[^"]+\.mp4)"/.exec(pin)?.[1];
    expect(mp4).toBeTruthy();
    const video = await fetchAs(mp4!, 'gzip, br');
    expect(video.res.status).toBe(200);
    expect(video.res.headers.get('content-type')).toMatch(/^video\//);
    expect(video.encoding).toBeNull();
  }, 30_000);
});
