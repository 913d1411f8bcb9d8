// The one client for everything Corkboard fetches from Pinterest: the resource API, HTML pages,
// short links, images, video and HLS playlists. Each call goes cache -> coalescing -> circuit
// breaker -> bounded retries -> one guarded HTTP GET with fixed headers. It returns raw data
// (JSON as `unknown`, HTML as a string, checked image bytes); the parsers make types of it.

import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import type { AsyncCache } from '../domain/cache.js';
import { UpstreamError, isUpstreamError, type UpstreamErrorKind } from '../domain/errors.js';
import { isImagePath, isVideoPath } from '../media/paths.js';
import { cachedFetch, cachedFetchSized, type CacheEntry, type CacheOutcome } from './cached-fetch.js';
import { createCircuitBreaker, type BreakerState, type CircuitBreaker } from './circuit-breaker.js';
import { checkResourceEnvelope, errorForNetworkFailure, errorForStatus } from './classify.js';
import { rewriteHlsPlaylist } from './hls-rewrite.js';
import { requestBuffered, requestHead, requestStream, type BufferedResponse, type ResponseHeaders, type Timeouts, type UpstreamRequest } from './http-request.js';
import { currentScope, LocalGiveUpError } from './request-scope.js';
import { looksComplete, sniffImageType, type ImageContentType } from './image-sniff.js';
import { resourcePath, type ResourceCall } from './resource-requests.js';
import { withRetries, type RetryPolicy } from './retry.js';
import type { Semaphore } from '../concurrency/semaphore.js';
import { declaredPixels } from './image-dimensions.js';
import { createUpstreamSlots } from './upstream-slots.js';
import type { UpstreamRateLimiter } from '../store/upstream-rate-limit.js';
import { mediaHeaders, pageHeaders, resourceHeaders, shortLinkHeaders, type InstanceIdentity } from './upstream-headers.js';
import { singleByteRange, videoContentType, wellFormedContentRange } from './video-headers.js';

export type UpstreamHost = 'www' | 'images' | 'videos' | 'shortlinks';

/** One upstream HTTP attempt, for metrics. */
export interface UpstreamEvent {
  host: UpstreamHost;
  kind: 'ok' | UpstreamErrorKind;
  ms: number;
  /** Upstream HTTP status when there was one. */
  status?: number;
}

export interface CacheEvent {
  cache: 'pages' | 'images';
  outcome: CacheOutcome;
}

export interface UpstreamImage {
  bytes: Buffer;
  /** From the magic bytes, never from upstream's Content-Type. */
  contentType: ImageContentType;
}

/** Headers of a video answer, for HEAD: no body was asked for. */
interface UpstreamVideoHead {
  status: 200 | 206;
  headers: UpstreamVideo['headers'];
}

/** One slot pool, for /healthz and /metrics. */
export interface SlotState {
  limit: number;
  active: number;
  waiting: number;
  /** Slots held past the time their request should have ended by (a stuck request). */
  overdue: number;
}

export interface UpstreamVideo {
  status: 200 | 206;
  headers: { contentType: string; contentLength?: string; contentRange?: string; acceptRanges?: 'bytes' };
  /** Node stream; errors with UpstreamError 'too-large'/'timeout'. Destroy it when the visitor leaves. */
  body: Readable;
}

export interface PinterestClientOptions {
  /** Configured origins (scheme://host[:port], no path), e.g. https://www.pinterest.com. */
  origins: Record<UpstreamHost, string>;
  /** Injected dispatcher (tests: a MockAgent); by default one keep-alive Agent per client. */
  agent?: Dispatcher;
  timeouts: Timeouts;
  /** Cap for JSON and HTML bodies (decoded). Pinterest pages run to ~0.9 MB. */
  maxBodyBytes: number;
  maxImageBytes: number;
  /** Cap for one streamed video response (default 256 MiB). */
  maxVideoBytes?: number;
  /** Cap for an HLS playlist (default 1 MiB). */
  maxPlaylistBytes?: number;
  /** Extra attempts after the first for 5xx/connection errors/429 (e.g. 2). */
  retries: number;
  /** First backoff (default 200 ms), doubling, jittered. */
  retryBaseDelayMs?: number;
  /** Longest single wait incl. Retry-After (default 2000 ms); a longer Retry-After fails at once. */
  retryMaxDelayMs?: number;
  /** Total time one call may spend across retries and waits (default 10 s). */
  requestBudgetMs?: number;
  /** Circuit breaker per host (default 5 consecutive failures, 30 s cool-down). */
  breaker?: { failureThreshold: number; coolDownMs: number };
  /** Connections per upstream origin for the default agent (default 16). */
  connectionsPerOrigin?: number;
  /**
   * Upstream requests in flight at once, all hosts together (default 8); more wait in line. A
   * streamed video holds its slot only until its headers arrive.
   */
  maxConcurrent?: number;
  /**
   * Media requests (images, video headers, playlists) in flight at once: a pool of their own, so a
   * page full of images or a crowd of video viewers never starves page requests (default
   * maxConcurrent).
   */
  maxConcurrentMedia?: number;
  /**
   * Connections for streamed video bodies: their own agent, so bodies held open by slow viewers
   * never take the connections pages and images need (default 16; unused with an injected agent).
   */
  videoConnections?: number;
  /** Images declaring more pixels than this are refused (default 100 million). */
  maxImagePixels?: number;
  /** The instance's fixed User-Agent (same for every visitor). */
  userAgent: string;
  /** The instance's fixed Accept-Language, e.g. "en-US,en;q=0.9". */
  acceptLanguage: string;
  caches: {
    /** JSON, HTML, short-link targets and rewritten playlists. */
    pages: AsyncCache<CacheEntry<unknown>>;
    images: AsyncCache<CacheEntry<UpstreamImage>>;
  };
  ttl: {
    /** Resource API answers. */
    resourceMs: number;
    pageMs: number;
    imageMs: number;
    shortLinkMs: number;
    /** HLS playlists (default pageMs). */
    playlistMs?: number;
    /** How long past expiry a copy may still be served when upstream fails. */
    staleMs: number;
  };
  onUpstream?: (event: UpstreamEvent) => void;
  onCache?: (event: CacheEvent) => void;
  /** Per-host request rate and shared Retry-After (src/store/upstream-rate-limit.ts); none: unlimited. */
  rateLimiter?: UpstreamRateLimiter;
  /** For tests: clock and randomness. */
  now?: () => number;
  random?: () => number;
}

export interface PinterestClient {
  /**
   * GET /resource/<name>/get/ for a call built by resource-requests.ts (one builder per resource,
   * so adding a resource touches that file and its loader only); the whole JSON envelope, status
   * already checked.
   */
  resource(call: ResourceCall): Promise<unknown>;
  /** An HTML page from www, e.g. "/pin/123/" (percent-encoded path, optional query). */
  page(path: string): Promise<string>;
  /** The Location a pin.it code redirects to (absolute URL, not followed, not cleaned). */
  resolveShortLink(code: string): Promise<string>;
  /** Image bytes for a path already validated by fromLocalMediaPath. */
  image(upstreamPath: string): Promise<UpstreamImage>;
  /** A streamed video/segment/caption response (not cached). Not for .m3u8: use hlsPlaylist. */
  video(upstreamPath: string, range?: string): Promise<UpstreamVideo>;
  /** The same answer's headers by an upstream HEAD: no body is ever opened. */
  videoHead(upstreamPath: string, range?: string): Promise<UpstreamVideoHead>;
  /** The cached image when there is a fresh copy; never asks upstream. */
  cachedImage(upstreamPath: string): Promise<UpstreamImage | null>;
  /** Upstream slot pools: pages (www, short links) and media. */
  slotStates(): { pages: SlotState; media: SlotState };
  /** An HLS playlist with every URI rewritten to local /vid/ paths (unmappable ones dropped). */
  hlsPlaylist(upstreamPath: string): Promise<string>;
  breakerStates(): Record<UpstreamHost, BreakerState>;
  /** Closes the client's own agent (an injected agent is left to its owner). */
  close(): Promise<void>;
}

const HOSTS: UpstreamHost[] = ['www', 'images', 'videos', 'shortlinks'];
/** Hold-back after a 429 that named no Retry-After. */
const DEFAULT_429_HOLD_S = 10;
const SHORT_CODE_RE = /^[A-Za-z0-9_-]{1,32}$/;
const SHORT_LINK_MAX_BYTES = 64 * 1024;
const MAX_PAGE_REDIRECTS = 2;
/** Longest wait for an upstream slot outside any visitor request (e.g. background scoring). */
const OUTSIDE_WAIT_MS = 30_000;

function normalizeOrigin(host: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error(`upstream origin for ${host} is not a URL: ${value}`);
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    throw new Error(`upstream origin for ${host} must be scheme://host[:port] only: ${value}`);
  }
  return u.origin;
}

function firstHeader(h: ResponseHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Does the text start like an HTML document (after whitespace/BOM)? */
function looksLikeHtml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text.slice(0, 512));
}

/** Rough in-memory cost of a parsed JSON value: V8 objects take a few times their text size. */
const jsonSize = (textBytes: number) => textBytes * 3;
/** Strings may be two bytes per character in V8. */
const stringSize = (s: string) => s.length * 2 + 64;

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
export function originalsFallbacks(upstreamPath: string): string[] {
  const m = /^\/originals(\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32})\.([a-z]{3,4})$/.exec(upstreamPath);
  if (!m) return [];
  const [, rest, ext] = m;
  const candidates = [`/736x${rest}.${ext}`, `/736x${rest}.jpg`];
  return [...new Set(candidates)].filter(isImagePath);
}

export function createPinterestClient(opts: PinterestClientOptions): PinterestClient {
  const origins = Object.fromEntries(HOSTS.map((h) => [h, normalizeOrigin(h, opts.origins[h])])) as Record<UpstreamHost, string>;
  const now = opts.now ?? Date.now;
  const makeAgent = (connections: number) =>
    new Agent({
      connect: { timeout: opts.timeouts.connectMs },
      headersTimeout: opts.timeouts.headersMs,
      bodyTimeout: opts.timeouts.bodyMs,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connections,
    });
  const ownAgent = opts.agent ? null : makeAgent(opts.connectionsPerOrigin ?? 16);
  const ownVideoAgent = opts.agent ? null : makeAgent(opts.videoConnections ?? 16);
  const dispatcher: Dispatcher = opts.agent ?? ownAgent!;
  const videoDispatcher: Dispatcher = opts.agent ?? ownVideoAgent!;
  const identity: InstanceIdentity = { userAgent: opts.userAgent, acceptLanguage: opts.acceptLanguage };
  const breakerOpts = opts.breaker ?? { failureThreshold: 5, coolDownMs: 30_000 };
  const breakers = Object.fromEntries(
    HOSTS.map((h) => [h, createCircuitBreaker({ name: h, ...breakerOpts, now })]),
  ) as Record<UpstreamHost, CircuitBreaker>;
  const retryPolicy: RetryPolicy = {
    retries: Math.max(0, Math.floor(opts.retries)),
    baseDelayMs: opts.retryBaseDelayMs ?? 200,
    maxDelayMs: opts.retryMaxDelayMs ?? 2_000,
    budgetMs: opts.requestBudgetMs ?? 10_000,
    now,
    ...(opts.random ? { random: opts.random } : {}),
  };
  const maxVideoBytes = opts.maxVideoBytes ?? 256 * 1024 * 1024;
  const maxPlaylistBytes = opts.maxPlaylistBytes ?? 1024 * 1024;
  const pageSlots = createUpstreamSlots(opts.maxConcurrent ?? 8, now);
  const mediaSlots = createUpstreamSlots(opts.maxConcurrentMedia ?? opts.maxConcurrent ?? 8, now);
  const slotsFor = (host: UpstreamHost): Semaphore => (host === 'images' || host === 'videos' ? mediaSlots : pageSlots);
  const maxImagePixels = opts.maxImagePixels ?? 100_000_000;
  // Longest a single request may hold its slot: connect + headers + body, and a second's grace.
  const holdMs = opts.timeouts.connectMs + opts.timeouts.headersMs + opts.timeouts.bodyMs + 1000;

  /**
   * A slot for one upstream request. The wait ends at the visitor's deadline or when the visitor
   * leaves; outside any request (shared background work) after OUTSIDE_WAIT_MS or the client's
   * budget, whichever is longer. Not the budget alone: with short timeouts it would turn a brief
   * queue into failures.
   */
  function acquireSlot(host: UpstreamHost): Promise<() => void> {
    const scope = currentScope();
    const waitUntil = scope ? scope.deadline : now() + Math.max(OUTSIDE_WAIT_MS, retryPolicy.budgetMs);
    return slotsFor(host).acquire({ waitUntil, holdMs, ...(scope?.signal ? { signal: scope.signal } : {}) });
  }
  const signalOpt = () => {
    const signal = currentScope()?.signal;
    return signal ? { signal } : {};
  };

  const safely = (f: () => void) => {
    try {
      f();
    } catch {
      /* a metrics hook must never break a request */
    }
  };

  /** One HTTP attempt, timed and reported; every failure leaves as an UpstreamError. */
  async function attempt<T>(host: UpstreamHost, fn: () => Promise<T>): Promise<T> {
    // Not an upstream call yet: a refusal here is reported by the caller, not as an upstream event.
    await opts.rateLimiter?.acquire(host);
    const t0 = performance.now();
    try {
      const r = await fn();
      safely(() => opts.onUpstream?.({ host, kind: 'ok', ms: performance.now() - t0 }));
      return r;
    } catch (err) {
      if (err instanceof LocalGiveUpError) throw err; // not an upstream call: nothing to report
      const e = errorForNetworkFailure(host, err);
      const event: UpstreamEvent = { host, kind: e.kind, ms: performance.now() - t0 };
      if (e.detail.status !== undefined) event.status = e.detail.status;
      safely(() => opts.onUpstream?.(event));
      // Pinterest said slow down: every instance sharing the limiter holds this host back.
      if (e.kind === 'rate-limited' && e.detail.status === 429) {
        safely(() => opts.rateLimiter?.backOff(host, (e.detail.retryAfterSeconds ?? DEFAULT_429_HOLD_S) * 1000));
      }
      throw e;
    }
  }

  /** Breaker around bounded retries around single attempts. */
  function guarded<T>(host: UpstreamHost, fn: () => Promise<T>): Promise<T> {
    return breakers[host].run(() => withRetries(() => attempt(host, fn), retryPolicy));
  }

  const onOutcome = (cache: 'pages' | 'images') => (outcome: CacheOutcome) =>
    safely(() => opts.onCache?.({ cache, outcome }));

  async function cachedPages<V>(key: string, ttlMs: number, loader: () => Promise<{ value: V; size: number }>): Promise<V> {
    const r = await cachedFetchSized<unknown>(key, loader, {
      cache: opts.caches.pages,
      ttlMs,
      staleMs: opts.ttl.staleMs,
      now,
      onOutcome: onOutcome('pages'),
    });
    return r.value as V;
  }

  async function get(host: UpstreamHost, path: string, headers: Record<string, string>, maxBytes: number) {
    const release = await acquireSlot(host);
    try {
      return await requestBuffered({ dispatcher, host, origin: origins[host], path, headers, timeouts: opts.timeouts, maxBytes, ...signalOpt() });
    } finally {
      release();
    }
  }

  async function fetchResourceOnce(call: ResourceCall, path: string, headers: Record<string, string>): Promise<{ value: unknown; size: number }> {
    const res = await get('www', path, headers, opts.maxBodyBytes);
    if (res.status >= 300 && res.status < 400) {
      throw new UpstreamError('bad-shape', `${call.name}: unexpected redirect (${res.status})`, { status: res.status });
    }
    if (res.status >= 400) throw errorForStatus('www', res.status, res.headers, res.body.toString('utf8', 0, 512), now());
    const text = res.body.toString('utf8');
    if (looksLikeHtml(text)) throw new UpstreamError('bad-shape', `${call.name}: expected JSON, got HTML`, { status: res.status });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new UpstreamError('bad-shape', `${call.name}: invalid JSON`, { status: res.status, cause: err });
    }
    checkResourceEnvelope(call.name, json);
    return { value: json, size: jsonSize(res.body.length) };
  }

  function resourceCall(call: ResourceCall): Promise<unknown> {
    // Built (and so validated) before anything is counted or sent.
    const path = resourcePath(call);
    const headers = resourceHeaders(identity, call.handler, call.sourceUrl);
    // handler and sourceUrl do not change the answer; name and options do.
    const key = `res:${call.name}:${JSON.stringify(call.options)}`;
    return cachedPages(key, opts.ttl.resourceMs, () => guarded('www', () => fetchResourceOnce(call, path, headers)));
  }

  /** Validates a caller-supplied page path: one leading "/", printable ASCII, no fragment. */
  function checkPagePath(path: string): void {
    if (!path.startsWith('/') || path.startsWith('//') || path.length > 2048 || !/^[\x21-\x7e]+$/.test(path) || /[\\#]/.test(path)) {
      throw new UpstreamError('not-found', 'invalid page path');
    }
  }

  async function fetchPageOnce(path: string): Promise<{ value: string; size: number }> {
    let current = path;
    for (let hop = 0; ; hop++) {
      const res = await get('www', current, pageHeaders(identity), opts.maxBodyBytes);
      if (res.status >= 300 && res.status < 400) {
        // Only a bounded number of redirects within the same configured origin are followed
        // (e.g. a slug or trailing-slash fix); anything pointing elsewhere is not our page.
        const loc = firstHeader(res.headers, 'location');
        let next: URL | null = null;
        try {
          next = loc ? new URL(loc, origins.www + current) : null;
        } catch {
          next = null;
        }
        if (!next || next.origin !== origins.www || hop >= MAX_PAGE_REDIRECTS) {
          throw new UpstreamError('not-found', `page ${path} redirects elsewhere`, { status: res.status });
        }
        current = next.pathname + next.search;
        checkPagePath(current);
        continue;
      }
      if (res.status >= 400) throw errorForStatus('www', res.status, res.headers, res.body.toString('utf8', 0, 512), now());
      const text = res.body.toString('utf8');
      if (!looksLikeHtml(text)) throw new UpstreamError('bad-shape', `page ${path}: expected HTML`, { status: res.status });
      return { value: text, size: stringSize(text) };
    }
  }

  async function fetchShortLinkOnce(code: string): Promise<{ value: string; size: number }> {
    const res = await get('shortlinks', `/url_shortener/${code}/redirect/`, shortLinkHeaders(identity), SHORT_LINK_MAX_BYTES);
    if (res.status >= 400) throw errorForStatus('shortlinks', res.status, res.headers, res.body.toString('utf8', 0, 512), now());
    const loc = firstHeader(res.headers, 'location');
    if (!(res.status >= 300 && res.status < 400) || !loc) {
      throw new UpstreamError('not-found', `short link ${code} does not redirect`, { status: res.status });
    }
    let target: URL;
    try {
      target = new URL(loc, origins.shortlinks);
    } catch {
      throw new UpstreamError('bad-shape', `short link ${code}: unreadable Location`, { status: res.status });
    }
    if ((target.protocol !== 'https:' && target.protocol !== 'http:') || target.href.length > 2048) {
      throw new UpstreamError('bad-shape', `short link ${code}: unusable Location`, { status: res.status });
    }
    return { value: target.href, size: stringSize(target.href) };
  }

  async function fetchImageOnce(path: string): Promise<UpstreamImage> {
    const res = await get('images', path, mediaHeaders(identity), opts.maxImageBytes);
    if (res.status !== 200) throw mediaStatusError('images', res, now());
    const type = sniffImageType(res.body);
    if (!type) throw new UpstreamError('bad-media', `image ${path} is not JPEG/PNG/GIF/WebP`, { status: res.status });
    if (!looksComplete(res.body, type)) throw new UpstreamError('bad-media', `image ${path} is truncated`, { status: res.status });
    // Checked from the header before anything relays or decodes it: a few hundred KB can declare
    // a 900-megapixel picture that would take a browser (or our decoder) gigabytes to open.
    const pixels = declaredPixels(res.body, type);
    if (pixels !== null && pixels > maxImagePixels) {
      throw new UpstreamError('bad-media', `image ${path} declares ${pixels} pixels (over ${maxImagePixels})`, { status: res.status });
    }
    return { bytes: res.body, contentType: type };
  }

  async function loadImage(path: string): Promise<UpstreamImage> {
    try {
      return await guarded('images', () => fetchImageOnce(path));
    } catch (err) {
      const fallbacks = isUpstreamError(err) && err.kind === 'not-found' ? originalsFallbacks(path) : [];
      for (const alt of fallbacks) {
        try {
          return await guarded('images', () => fetchImageOnce(alt));
        } catch (altErr) {
          if (!(isUpstreamError(altErr) && altErr.kind === 'not-found')) throw altErr;
        }
      }
      throw err;
    }
  }

  async function fetchPlaylistOnce(path: string): Promise<{ value: string; size: number }> {
    const res = await get('videos', path, mediaHeaders(identity), maxPlaylistBytes);
    if (res.status !== 200) throw mediaStatusError('videos', res, now());
    const text = rewriteHlsPlaylist(res.body.toString('utf8'), { playlistPath: path, videosOrigin: origins.videos });
    return { value: text, size: stringSize(text) };
  }

  /**
   * One request (GET or HEAD) on the videos' own connection pool. The slot is held only until the
   * headers arrive: a streamed body is bounded by the media budget, not by upstream slots.
   */
  async function videoRequest<R>(send: (req: UpstreamRequest) => Promise<R>, path: string, range: string | null, maxBytes: number): Promise<R> {
    const release = await acquireSlot('videos');
    try {
      return await send({
        ...signalOpt(),
        dispatcher: videoDispatcher,
        host: 'videos',
        origin: origins.videos,
        path,
        headers: mediaHeaders(identity, range ?? undefined),
        timeouts: opts.timeouts,
        maxBytes,
      });
    } finally {
      release();
    }
  }

  async function fetchVideoOnce(path: string, range: string | null): Promise<UpstreamVideo> {
    const res = await videoRequest(requestStream, path, range, maxVideoBytes);
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

  const client: PinterestClient = {
    async resource(call) {
      return resourceCall(call);
    },

    async page(path) {
      checkPagePath(path);
      return cachedPages(`page:${path}`, opts.ttl.pageMs, () => guarded('www', () => fetchPageOnce(path)));
    },

    async resolveShortLink(code) {
      if (!SHORT_CODE_RE.test(code)) throw new UpstreamError('not-found', 'invalid short link code');
      return cachedPages(`pinit:${code}`, opts.ttl.shortLinkMs, () => guarded('shortlinks', () => fetchShortLinkOnce(code)));
    },

    async image(upstreamPath) {
      // Checked again here so that no caller can ever make us fetch a path off the grammar.
      if (!isImagePath(upstreamPath)) throw new UpstreamError('not-found', 'invalid image path');
      const r = await cachedFetch(`img:${upstreamPath}`, () => loadImage(upstreamPath), {
        cache: opts.caches.images,
        ttlMs: opts.ttl.imageMs,
        staleMs: opts.ttl.staleMs,
        now,
        sizeOf: (v) => v.bytes.length + 64,
        onOutcome: onOutcome('images'),
      });
      return r.value;
    },

    async video(upstreamPath, range) {
      if (!isVideoPath(upstreamPath)) throw new UpstreamError('not-found', 'invalid video path');
      // A raw playlist could carry absolute upstream URIs to the visitor's player.
      if (upstreamPath.endsWith('.m3u8')) throw new UpstreamError('bad-media', 'playlists go through hlsPlaylist()');
      if (!videoContentType(upstreamPath)) throw new UpstreamError('bad-media', 'unsupported video type');
      const single = singleByteRange(range);
      return guarded('videos', () => fetchVideoOnce(upstreamPath, single));
    },

    async videoHead(upstreamPath, range) {
      if (!isVideoPath(upstreamPath)) throw new UpstreamError('not-found', 'invalid video path');
      if (upstreamPath.endsWith('.m3u8')) throw new UpstreamError('bad-media', 'playlists go through hlsPlaylist()');
      if (!videoContentType(upstreamPath)) throw new UpstreamError('bad-media', 'unsupported video type');
      const single = singleByteRange(range);
      return guarded('videos', () => fetchVideoHeadOnce(upstreamPath, single));
    },

    async cachedImage(upstreamPath) {
      if (!isImagePath(upstreamPath)) return null;
      try {
        const entry = await opts.caches.images.get(`img:${upstreamPath}`);
        if (!entry || typeof entry.fetchedAt !== 'number' || now() - entry.fetchedAt >= opts.ttl.imageMs) return null;
        return entry.value;
      } catch {
        return null; // a failing cache backend: the normal path will try again
      }
    },

    slotStates() {
      const state = (s: Semaphore): SlotState => ({ limit: s.limit, ...s.load(), overdue: s.overdue() });
      return { pages: state(pageSlots), media: state(mediaSlots) };
    },

    async hlsPlaylist(upstreamPath) {
      if (!isVideoPath(upstreamPath) || !upstreamPath.endsWith('.m3u8')) throw new UpstreamError('not-found', 'invalid playlist path');
      return cachedPages(`hls:${upstreamPath}`, opts.ttl.playlistMs ?? opts.ttl.pageMs, () =>
        guarded('videos', () => fetchPlaylistOnce(upstreamPath)),
      );
    },

    breakerStates() {
      return Object.fromEntries(HOSTS.map((h) => [h, breakers[h].state()])) as Record<UpstreamHost, BreakerState>;
    },

    async close() {
      await Promise.all([ownAgent?.close(), ownVideoAgent?.close()]);
    },
  };
  return client;
}
