// Images, video and HLS through the client against local servers: bytes are checked, redirects
// refused, sizes capped, and playlists rewritten so nothing points off-instance.

import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoVisitorHeaders } from './helpers/privacy.js';
import { FAST_TIMEOUTS, upstreamsForFile } from './helpers/make-client.js';

const SIG = '0123456789abcdef0123456789abcdef';
const IMG = `/736x/01/23/45/${SIG}.jpg`;
const ORIG_PNG = `/originals/01/23/45/${SIG}.png`;
const MP4 = `/videos/mc/720p/01/23/45/${SIG}.mp4`;
const M3U8 = `/videos/mc/hls/01/23/45/${SIG}.m3u8`;

const { server, other, client } = upstreamsForFile();
let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  const base = sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 120, b: 200 } } });
  jpeg = await base.clone().jpeg().toBuffer();
  png = await base.clone().png().toBuffer();
});

describe('image()', () => {
  it('returns the bytes with the type from the magic bytes, not from upstream', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }); // lies
      res.end(jpeg);
    });
    const { client: c } = client();
    const img = await c.image(IMG);
    expect(img.contentType).toBe('image/jpeg');
    expect(img.bytes.equals(jpeg)).toBe(true);
    expect(server.requests[0]!.url).toBe(IMG);
    expect(server.requests[0]!.headers['accept-encoding']).toBe('identity');
    expectNoVisitorHeaders(server.requests);
  });

  it('refuses SVG served as image/png', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    });
    const { client: c } = client();
    await expect(c.image(IMG)).rejects.toMatchObject({ kind: 'bad-media' });
  });

  it('refuses a truncated image', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    });
    const { client: c } = client();
    await expect(c.image(IMG)).rejects.toMatchObject({ kind: 'bad-media', message: expect.stringMatching(/truncated/) });
  });

  it('does not follow a redirect to another host', async () => {
    other.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(jpeg);
    });
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.origin}${IMG}` });
      res.end();
    });
    const { client: c } = client();
    await expect(c.image(IMG)).rejects.toMatchObject({ kind: 'bad-media', detail: { status: 302 } });
    expect(other.count()).toBe(0);
  });

  it('an image over the cap is too-large', async () => {
    const huge = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(100 * 1024)]);
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(huge);
    });
    const { client: c } = client();
    await expect(c.image(IMG)).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('falls back from a refused /originals/ to 736x, trying the .jpg a sized copy usually has', async () => {
    server.handle((req, res) => {
      if (req.url === `/736x/01/23/45/${SIG}.jpg`) {
        res.writeHead(200);
        res.end(jpeg);
      } else {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AccessDenied</Code></Error>');
      }
    });
    const { client: c } = client();
    const img = await c.image(ORIG_PNG);
    expect(img.contentType).toBe('image/jpeg');
    expect(server.requests.map((r) => r.url)).toEqual([ORIG_PNG, `/736x/01/23/45/${SIG}.png`, `/736x/01/23/45/${SIG}.jpg`]);
  });

  it('serves an /originals/ PNG itself when it is there', async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      res.end(png);
    });
    const { client: c } = client();
    expect((await c.image(ORIG_PNG)).contentType).toBe('image/png');
    expect(server.count()).toBe(1);
  });

  it('a missing image is not-found, and 403 on a sized image does not count as a block', async () => {
    server.handle((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    const { client: c } = client({ breaker: { failureThreshold: 1, coolDownMs: 10_000 } });
    await expect(c.image(IMG)).rejects.toMatchObject({ kind: 'not-found' });
    expect(c.breakerStates().images).toBe('closed');
  });

  it('coalesces 20 concurrent requests for one image into one upstream request, then caches it', async () => {
    server.handle((_req, res) =>
      setTimeout(() => {
        res.writeHead(200);
        res.end(jpeg);
      }, 30),
    );
    const { client: c, caches } = client();
    const all = await Promise.all(Array.from({ length: 20 }, () => c.image(IMG)));
    expect(all.every((i) => i.bytes.equals(jpeg))).toBe(true);
    expect(server.count()).toBe(1);
    await c.image(IMG);
    expect(server.count()).toBe(1);
    expect(caches.images.stats().entries).toBe(1);
  });

  it('refuses paths outside the media grammar without a request', async () => {
    const { client: c } = client();
    for (const p of ['/736x/../../etc/passwd', `//evil.example/736x/01/23/45/${SIG}.jpg`, `/736x/01/23/45/${SIG}.svg`, `/736x/ff/23/45/${SIG}.jpg`]) {
      await expect(c.image(p), p).rejects.toMatchObject({ kind: 'not-found' });
    }
    expect(server.count()).toBe(0);
  });
});

async function readAll(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('video()', () => {
  const bytes = Buffer.alloc(5000, 7);

  it('streams with the type from the extension and passes one well-formed Range through', async () => {
    server.handle((req, res) => {
      const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (m) {
        const [a, b] = [Number(m[1]), Number(m[2])];
        res.writeHead(206, { 'content-type': 'text/html', 'content-range': `bytes ${a}-${b}/${bytes.length}`, 'content-length': String(b - a + 1), 'accept-ranges': 'bytes' });
        res.end(bytes.subarray(a, b + 1));
      } else {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(bytes.length), 'accept-ranges': 'bytes' });
        res.end(bytes);
      }
    });
    const { client: c } = client();
    const part = await c.video(MP4, 'bytes=100-199');
    expect(part.status).toBe(206);
    expect(part.headers).toEqual({ contentType: 'video/mp4', contentLength: '100', contentRange: 'bytes 100-199/5000', acceptRanges: 'bytes' });
    expect((await readAll(part.body)).length).toBe(100);
    expect(server.requests[0]!.headers.range).toBe('bytes=100-199');

    const whole = await c.video(MP4, 'bytes=0-1,5-9'); // several ranges: ignored
    expect(whole.status).toBe(200);
    expect(server.requests[1]!.headers.range).toBeUndefined();
    expect((await readAll(whole.body)).equals(bytes)).toBe(true);
    expectNoVisitorHeaders(server.requests);
  });

  it('a stream past the cap errors with too-large', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' }); // no length: only the counter can stop it
      res.write(Buffer.alloc(3000));
      res.end(Buffer.alloc(3000));
    });
    const { client: c } = client({ maxVideoBytes: 4000 });
    const v = await c.video(MP4);
    await expect(readAll(v.body)).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('a declared length over the cap is refused before streaming', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-length': '999999' });
      res.end();
    });
    const { client: c } = client({ maxVideoBytes: 4000 });
    await expect(c.video(MP4)).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('a stream nobody reads is ended when upstream stalls, without an uncaught error', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
      res.write(Buffer.alloc(10)); // then hangs
    });
    const { client: c } = client({ timeouts: FAST_TIMEOUTS });
    const v = await c.video(MP4);
    // undici's idle body timer (bodyMs = 300) runs on ~1 s resolution "fast timers": poll.
    const t0 = Date.now();
    while (!v.body.destroyed && Date.now() - t0 < 4_000) await new Promise((r) => setTimeout(r, 50));
    expect(v.body.destroyed).toBe(true);
  });

  it('refuses redirects, playlists (they go through hlsPlaylist) and paths off the grammar', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.origin}${MP4}` });
      res.end();
    });
    const { client: c } = client();
    await expect(c.video(MP4)).rejects.toMatchObject({ kind: 'bad-media' });
    expect(other.count()).toBe(0);
    await expect(c.video(M3U8)).rejects.toMatchObject({ kind: 'bad-media' });
    await expect(c.video('/videos/../etc/passwd')).rejects.toMatchObject({ kind: 'not-found' });
    expect(server.count()).toBe(1);
  });
});

describe('hlsPlaylist()', () => {
  it('fetches the playlist and rewrites every URI to a local /vid/ path, dropping foreign ones', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
      res.end(
        [
          '#EXTM3U',
          '#EXT-X-STREAM-INF:BANDWIDTH=100',
          `${SIG}_720w.m3u8`,
          '#EXT-X-STREAM-INF:BANDWIDTH=200',
          `${server.origin}/videos/mc/hls/01/23/45/${SIG}_1080w.m3u8`,
          '#EXT-X-STREAM-INF:BANDWIDTH=300',
          `${other.origin}/videos/mc/hls/01/23/45/${SIG}_evil.m3u8`,
        ].join('\n'),
      );
    });
    const { client: c } = client();
    const text = await c.hlsPlaylist(M3U8);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-STREAM-INF:BANDWIDTH=100',
        `/vid/videos/mc/hls/01/23/45/${SIG}_720w.m3u8`,
        '#EXT-X-STREAM-INF:BANDWIDTH=200',
        `/vid/videos/mc/hls/01/23/45/${SIG}_1080w.m3u8`,
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('127.0.0.1');
  });

  it('an HTML answer is bad-shape; a playlist over its cap is too-large', async () => {
    server.handle((req, res) => {
      res.writeHead(200);
      res.end(req.url!.includes('_big') ? `#EXTM3U\n${'#EXT-X-X\n'.repeat(5000)}` : '<html>no</html>');
    });
    const { client: c } = client({ maxPlaylistBytes: 4096 });
    await expect(c.hlsPlaylist(M3U8)).rejects.toMatchObject({ kind: 'bad-shape' });
    await expect(c.hlsPlaylist(`/videos/mc/hls/01/23/45/${SIG}_big.m3u8`)).rejects.toMatchObject({ kind: 'too-large' });
  });
});
