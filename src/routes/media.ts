// The fixed-host media proxy: /img/... and /vid/... only. The client supplies validated path
// segments (size, hex folders, signature, extension); the upstream host comes from config.
// Never a ?url= parameter, never a redirect followed, never upstream headers copied.
import { Hono } from 'hono';
import { Readable } from 'node:stream';
import type { Deps } from '../deps.js';
import { fromLocalMediaPath } from '../media/paths.js';
import { fetchImageWithFallback } from '../media/image-fallback.js';
import { isUpstreamError } from '../domain/errors.js';
import { describeUpstreamError } from '../web/error-status.js';

const YEAR = 31_536_000;

export function mediaRoutes(deps: Deps): Hono {
  const app = new Hono();

  app.get('/img/*', async (c) => {
    const target = fromLocalMediaPath(c.req.path);
    if (!target || target.kind !== 'image') return c.text('Not a valid image path', 404);
    try {
      const { image, fallbackSize } = await fetchImageWithFallback((p) => deps.client.image(p), target.upstreamPath);
      const { bytes, contentType } = image;
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': contentType,
        'Content-Length': String(bytes.length),
        // Another size stood in: cache it briefly, the asked-for size may come back.
        'Cache-Control': fallbackSize ? 'public, max-age=3600' : `public, max-age=${YEAR}, immutable`,
        ...(fallbackSize ? { 'X-Corkboard-Image-Size': fallbackSize } : {}),
      });
    } catch (e) {
      return mediaError(c, e);
    }
  });

  app.get('/vid/*', async (c) => {
    if (!deps.config.features.videoProxy) return c.text('The video proxy is turned off on this instance', 404);
    const target = fromLocalMediaPath(c.req.path);
    if (!target || target.kind !== 'video') return c.text('Not a valid video path', 404);
    try {
      if (target.upstreamPath.endsWith('.m3u8')) {
        const playlist = await deps.client.hlsPlaylist(target.upstreamPath);
        return c.body(playlist, 200, {
          'Content-Type': 'application/vnd.apple.mpegurl',
          'Cache-Control': 'public, max-age=300',
        });
      }
      const video = await deps.client.video(target.upstreamPath, c.req.header('range'));
      const headers: Record<string, string> = {
        'Content-Type': video.headers.contentType,
        'Accept-Ranges': 'bytes',
        'Cache-Control': `public, max-age=${YEAR}, immutable`,
      };
      if (video.headers.contentLength) headers['Content-Length'] = video.headers.contentLength;
      if (video.headers.contentRange) headers['Content-Range'] = video.headers.contentRange;
      // If the visitor goes away, the web stream is cancelled and the upstream body destroyed.
      return new Response(Readable.toWeb(video.body) as ReadableStream, { status: video.status, headers });
    } catch (e) {
      return mediaError(c, e);
    }
  });

  return app;
}

function mediaError(c: { text: (t: string, s: 404 | 502 | 503 | 504) => Response }, e: unknown): Response {
  if (!isUpstreamError(e)) throw e;
  const d = describeUpstreamError(e.kind, e.detail.retryAfterSeconds);
  const res = c.text(d.title, d.status);
  if (d.retryAfterSeconds) res.headers.set('Retry-After', String(d.retryAfterSeconds));
  res.headers.set('Cache-Control', 'no-store');
  return res;
}
