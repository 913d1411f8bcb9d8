// The fixed-host media proxy: /img/... and /vid/... only. The client supplies validated path
// segments (size, hex folders, signature, extension); the upstream host comes from config.
// Never a ?url= parameter, never a redirect followed, never upstream headers copied.
// Media has its own budget (src/web/media-budget.ts): cached images are always answered; uncached
// media and video streams are limited apart from pages, streams per client too.
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import { fromLocalMediaPath } from '../media/paths.js';
import { fetchImageWithFallback } from '../media/image-fallback.js';
import { isUpstreamError } from '../domain/errors.js';
import { describeUpstreamError, errorSubjectOf } from '../web/error-status.js';
import { clientKey } from '../web/media-budget.js';
import { guardStream, toWebStream } from '../web/stream-guard.js';
import type { UpstreamImage } from '../upstream/pinterest-client.js';

const YEAR = 31_536_000;

export function mediaRoutes(deps: Deps): Hono {
  const app = new Hono();
  const budget = deps.media;

  const imageResponse = (c: Context, { bytes, contentType }: UpstreamImage, fallbackSize: string | null = null) =>
    c.body(new Uint8Array(bytes), 200, {
      'Content-Type': contentType,
      'Content-Length': String(bytes.length),
      // Another size stood in: cache it briefly, the asked-for size may come back.
      'Cache-Control': fallbackSize ? 'public, max-age=3600' : `public, max-age=${YEAR}, immutable`,
      ...(fallbackSize ? { 'X-Corkboard-Image-Size': fallbackSize } : {}),
    });

  app.get('/img/*', async (c) => {
    const target = fromLocalMediaPath(c.req.path);
    if (!target || target.kind !== 'image') return c.text('Not a valid image path', 404);
    // A cache hit costs nothing upstream: it is never refused, however busy the instance is.
    const cached = await deps.client.cachedImage(target.upstreamPath);
    if (cached) return imageResponse(c, cached);
    const release = budget.tryFetch();
    if (!release) return busy(c, 'This instance is loading too many pictures right now.');
    try {
      const { image, fallbackSize } = await fetchImageWithFallback((p) => deps.client.image(p), target.upstreamPath);
      return imageResponse(c, image, fallbackSize);
    } catch (e) {
      return mediaError(c, e);
    } finally {
      release();
    }
  });

  app.get('/vid/*', async (c) => {
    if (!deps.config.features.videoProxy) return c.text('The video proxy is turned off on this instance', 404);
    const target = fromLocalMediaPath(c.req.path);
    if (!target || target.kind !== 'video') return c.text('Not a valid video path', 404);
    const release = budget.tryFetch();
    if (!release) return busy(c, 'This instance is loading too many videos right now.');
    try {
      if (target.upstreamPath.endsWith('.m3u8')) {
        const playlist = await deps.client.hlsPlaylist(target.upstreamPath);
        return c.body(playlist, 200, {
          'Content-Type': 'application/vnd.apple.mpegurl',
          'Cache-Control': 'public, max-age=300',
        });
      }
      const range = c.req.header('range');
      if (c.req.method === 'HEAD') {
        // Hono answers HEAD with the GET route minus its body; a streamed body would never be
        // read nor cancelled, so HEAD asks upstream for headers only.
        const head = await deps.client.videoHead(target.upstreamPath, range);
        return c.body(null, head.status, videoHeaders(head.headers));
      }
      const stream = budget.tryStream(clientKey(c, deps.config.server.trustProxy));
      if ('refused' in stream) {
        return stream.refused === 'client'
          ? busy(c, 'Too many videos playing at once from here.', 429)
          : busy(c, 'This instance is streaming too many videos right now.');
      }
      let video;
      try {
        video = await deps.client.video(target.upstreamPath, range);
      } catch (e) {
        stream.release();
        throw e;
      }
      // Ends on idle or overall time; if the visitor goes away the web stream is cancelled; either
      // way the upstream body is destroyed and the stream slot given back.
      const body = guardStream(video.body, { idleMs: budget.limits.streamIdleMs, maxMs: budget.limits.streamMaxMs, onEnd: stream.release });
      return new Response(toWebStream(body), { status: video.status, headers: videoHeaders(video.headers) });
    } catch (e) {
      return mediaError(c, e);
    } finally {
      release();
    }
  });

  return app;
}

function videoHeaders(h: { contentType: string; contentLength?: string; contentRange?: string }): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': h.contentType,
    'Accept-Ranges': 'bytes',
    'Cache-Control': `public, max-age=${YEAR}, immutable`,
  };
  if (h.contentLength) headers['Content-Length'] = h.contentLength;
  if (h.contentRange) headers['Content-Range'] = h.contentRange;
  return headers;
}

function busy(c: Context, message: string, status: 429 | 503 = 503): Response {
  const res = c.text(message, status);
  res.headers.set('Retry-After', '5');
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

function mediaError(c: { text: (t: string, s: 404 | 502 | 503 | 504) => Response; req: { path: string } }, e: unknown): Response {
  if (!isUpstreamError(e)) throw e;
  const d = describeUpstreamError(e.kind, e.detail.retryAfterSeconds, errorSubjectOf(c.req.path));
  const res = c.text(d.title, d.status);
  if (d.retryAfterSeconds) res.headers.set('Retry-After', String(d.retryAfterSeconds));
  res.headers.set('Cache-Control', 'no-store');
  return res;
}
