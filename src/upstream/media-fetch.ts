// Media from Pinterest's CDNs: images (checked bytes, cached, with the 736x fallback for refused
// originals), streamed video and its HEAD, and HLS playlists rewritten to local paths. Every path
// is checked against the media grammar again here, so no caller can make us fetch one off it.

import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { AsyncCache } from '../domain/cache.js';
import { UpstreamError, isUpstreamError } from '../domain/errors.js';
import { isImagePath, isVideoPath } from '../media/paths.js';
import { cachedFetch, stringSize, type CacheEntry, type CacheOutcome } from './cached-fetch.js';
import { errorForStatus } from './classify.js';
import type { ClientContext } from './client-context.js';
import type { UpstreamHost } from './guarded-request.js';
import { rewriteHlsPlaylist } from './hls-rewrite.js';
import { firstHeader, requestHead, requestStream, type BufferedResponse, type ResponseHeaders, type UpstreamRequest } from './http-request.js';
import { declaredPixels } from './image-dimensions.js';
import { looksComplete, sniffImageType, type ImageContentType } from './image-sniff.js';
import { mediaHeaders } from './upstream-headers.js';
import { singleByteRange, videoContentType, wellFormedContentRange } from './video-headers.js';

export interface UpstreamImage {
  bytes: Buffer;
  /** From the magic bytes, never from upstream's Content-Type. */
  contentType: ImageContentType;
}

interface UpstreamVideo {
  status: 200 | 206;
  headers: { contentType: string; contentLength?: string; contentRange?: string; acceptRanges?: 'bytes' };
  /** Node stream; errors with UpstreamError 'too-large'/'timeout'. Destroy it when the visitor leaves. */
  body: Readable;
}

/** Headers of a video answer, for HEAD: no body was asked for. */
interface UpstreamVideoHead {
  status: 200 | 206;
  headers: UpstreamVideo['headers'];
}

export interface MediaRequests {
  /** Image bytes for a path already validated by fromLocalMediaPath. */
  image(upstreamPath: string): Promise<UpstreamImage>;
  /** The cached image when there is a fresh copy; never asks upstream. */
  cachedImage(upstreamPath: string): Promise<UpstreamImage | null>;
  /** A streamed video/segment/caption response (not cached). Not for .m3u8: use hlsPlaylist. */
  video(upstreamPath: string, range?: string): Promise<UpstreamVideo>;
  /** The same answer's headers by an upstream HEAD: no body is ever opened. */
  videoHead(upstreamPath: string, range?: string): Promise<UpstreamVideoHead>;
  /** An HLS playlist with every URI rewritten to local /vid/ paths (unmappable ones dropped). */
  hlsPlaylist(upstreamPath: string): Promise<string>;
}

interface MediaFetchOptions {
  /** The videos' own connection pool, so slow viewers never hold the connections pages need. */
  videoDispatcher: Dispatcher;
  maxImageBytes: number;
  /** Images declaring more pixels than this are refused. */
  maxImagePixels: number;
  /** Cap for one streamed video response. */
  maxVideoBytes: number;
  /** Cap for an HLS playlist. */
  maxPlaylistBytes: number;
  imageCache: AsyncCache<CacheEntry<UpstreamImage>>;
  ttl: { imageMs: number; playlistMs: number; staleMs: number };
  onImageCache: (outcome: CacheOutcome) => void;
}

/** Media refusals: 403 (S3 AccessDenied on /originals/) and 404 just mean "not there". */
function mediaStatusError(host: UpstreamHost, res: BufferedResponse | { status: number; headers: ResponseHeaders }, now: number): UpstreamError {
  if (res.status >= 300 && res.status < 400) {
    return new UpstreamError('bad-media', `upstream ${host} redirected (${res.status}); not followed`, { status: res.status });
  }
  if (res.status === 403 || res.status === 404 || res.status === 410) {
    return new UpstreamError('not-found', `upstream ${host} has no such media (${res.status})`, { status: res.status });
  }
  if (res.status === 416) return new UpstreamError('not-found', `upstream ${host}: range not satisfiable`, { status: 416 });
  return errorForStatus(host, res.status, res.headers, '', now);
}

/**
 * `/originals/` sometimes answers 403 since 2025-08 (docs/pinterest-protocol.md §8): try 736x of the same
 * folders and signature, first with the same extension, then .jpg (sized copies are usually JPEG,
 * and originals may be PNG/GIF/WebP, so the extension can differ).
 */
function originalsFallbacks(upstreamPath: string): string[] {
  const m = /^\/originals(\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32})\.([a-z]{3,4})$/.exec(upstreamPath);
  if (!m) return [];
  const [, rest, ext] = m;
  const candidates = [`/736x${rest}.${ext}`, `/736x${rest}.jpg`];
  return [...new Set(candidates)].filter(isImagePath);
}

/** The checks both video() and videoHead() make before anything is sent. */
function checkVideoPath(upstreamPath: string): void {
  if (!isVideoPath(upstreamPath)) throw new UpstreamError('not-found', 'invalid video path');
  // A raw playlist could carry absolute upstream URIs to the visitor's player.
  if (upstreamPath.endsWith('.m3u8')) throw new UpstreamError('bad-media', 'playlists go through hlsPlaylist()');
  if (!videoContentType(upstreamPath)) throw new UpstreamError('bad-media', 'unsupported video type');
}

/** The headers we pass on for a 200/206 video answer; throws for a 206 we cannot describe. */
function videoAnswerHeaders(path: string, res: { status: number; headers: ResponseHeaders }): UpstreamVideo['headers'] {
  const contentType = videoContentType(path)!;
  const headers: UpstreamVideo['headers'] = { contentType };
  const length = firstHeader(res.headers, 'content-length');
  if (length && /^\d{1,15}$/.test(length)) headers.contentLength = length;
  const contentRange = res.status === 206 ? wellFormedContentRange(firstHeader(res.headers, 'content-range')) : undefined;
  if (contentRange) headers.contentRange = contentRange;
  if (firstHeader(res.headers, 'accept-ranges')?.trim().toLowerCase() === 'bytes') headers.acceptRanges = 'bytes';
  if (res.status === 206 && !contentRange) {
    // A partial answer we cannot describe to the visitor correctly: refuse rather than mislabel.
    throw new UpstreamError('bad-media', `video ${path}: 206 without a valid Content-Range`, { status: 206 });
  }
  return headers;
}

export function createMediaFetch(ctx: ClientContext, opts: MediaFetchOptions): MediaRequests {
  const { origins, identity, now, requests } = ctx;

  async function fetchImageOnce(path: string): Promise<UpstreamImage> {
    const res = await requests.get('images', path, mediaHeaders(identity), opts.maxImageBytes);
    if (res.status !== 200) throw mediaStatusError('images', res, now());
    const type = sniffImageType(res.body);
    if (!type) throw new UpstreamError('bad-media', `image ${path} is not JPEG/PNG/GIF/WebP`, { status: res.status });
    if (!looksComplete(res.body, type)) throw new UpstreamError('bad-media', `image ${path} is truncated`, { status: res.status });
    // Checked from the header before anything relays or decodes it: a few hundred KB can declare
    // a 900-megapixel picture that would take a browser (or our decoder) gigabytes to open.
    const pixels = declaredPixels(res.body, type);
    if (pixels !== null && pixels > opts.maxImagePixels) {
      throw new UpstreamError('bad-media', `image ${path} declares ${pixels} pixels (over ${opts.maxImagePixels})`, { status: res.status });
    }
    return { bytes: res.body, contentType: type };
  }

  async function loadImage(path: string): Promise<UpstreamImage> {
    try {
      return await requests.guarded('images', () => fetchImageOnce(path));
    } catch (err) {
      const fallbacks = isUpstreamError(err) && err.kind === 'not-found' ? originalsFallbacks(path) : [];
      for (const alt of fallbacks) {
        try {
          return await requests.guarded('images', () => fetchImageOnce(alt));
        } catch (altErr) {
          if (!(isUpstreamError(altErr) && altErr.kind === 'not-found')) throw altErr;
        }
      }
      throw err;
    }
  }

  async function fetchPlaylistOnce(path: string): Promise<{ value: string; size: number }> {
    const res = await requests.get('videos', path, mediaHeaders(identity), opts.maxPlaylistBytes);
    if (res.status !== 200) throw mediaStatusError('videos', res, now());
    const text = rewriteHlsPlaylist(res.body.toString('utf8'), { playlistPath: path, videosOrigin: origins.videos });
    return { value: text, size: stringSize(text) };
  }

  /**
   * One request (GET or HEAD) on the videos' own connection pool. The slot is held only until the
   * headers arrive: a streamed body is bounded by the media budget, not by upstream slots.
   */
  function videoRequest<R>(send: (req: UpstreamRequest) => Promise<R>, path: string, range: string | null, maxBytes: number): Promise<R> {
    return requests.send('videos', send, { dispatcher: opts.videoDispatcher, path, headers: mediaHeaders(identity, range ?? undefined), maxBytes });
  }

  async function fetchVideoOnce(path: string, range: string | null): Promise<UpstreamVideo> {
    const res = await videoRequest(requestStream, path, range, opts.maxVideoBytes);
    if (res.status !== 200 && res.status !== 206) {
      res.body.destroy();
      throw mediaStatusError('videos', res, now());
    }
    try {
      return { status: res.status, headers: videoAnswerHeaders(path, res), body: res.body };
    } catch (err) {
      res.body.destroy();
      throw err;
    }
  }

  async function fetchVideoHeadOnce(path: string, range: string | null): Promise<UpstreamVideoHead> {
    const res = await videoRequest(requestHead, path, range, 0);
    if (res.status !== 200 && res.status !== 206) throw mediaStatusError('videos', res, now());
    return { status: res.status, headers: videoAnswerHeaders(path, res) };
  }

  return {
    async image(upstreamPath) {
      // Checked again here so that no caller can ever make us fetch a path off the grammar.
      if (!isImagePath(upstreamPath)) throw new UpstreamError('not-found', 'invalid image path');
      const r = await cachedFetch(`img:${upstreamPath}`, () => loadImage(upstreamPath), {
        cache: opts.imageCache,
        ttlMs: opts.ttl.imageMs,
        staleMs: opts.ttl.staleMs,
        now,
        sizeOf: (v) => v.bytes.length + 64,
        onOutcome: opts.onImageCache,
      });
      return r.value;
    },

    async cachedImage(upstreamPath) {
      if (!isImagePath(upstreamPath)) return null;
      try {
        const entry = await opts.imageCache.get(`img:${upstreamPath}`);
        if (!entry || typeof entry.fetchedAt !== 'number' || now() - entry.fetchedAt >= opts.ttl.imageMs) return null;
        return entry.value;
      } catch {
        return null; // a failing cache backend: the normal path will try again
      }
    },

    async video(upstreamPath, range) {
      checkVideoPath(upstreamPath);
      const single = singleByteRange(range);
      return requests.guarded('videos', () => fetchVideoOnce(upstreamPath, single));
    },

    async videoHead(upstreamPath, range) {
      checkVideoPath(upstreamPath);
      const single = singleByteRange(range);
      return requests.guarded('videos', () => fetchVideoHeadOnce(upstreamPath, single));
    },

    async hlsPlaylist(upstreamPath) {
      if (!isVideoPath(upstreamPath) || !upstreamPath.endsWith('.m3u8')) throw new UpstreamError('not-found', 'invalid playlist path');
      return ctx.cachedPages(`hls:${upstreamPath}`, opts.ttl.playlistMs, () => requests.guarded('videos', () => fetchPlaylistOnce(upstreamPath)));
    },
  };
}
