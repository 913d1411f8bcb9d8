// The one client for everything Corkboard fetches from Pinterest: the resource API, HTML pages,
// short links, images, video and HLS playlists. Each call goes cache -> coalescing -> circuit
// breaker -> bounded retries -> one guarded HTTP GET with fixed headers. It returns raw data
// (JSON as `unknown`, HTML as a string, checked image bytes); the parsers make types of it.
// This file only assembles the client from its parts: the guarded request path
// (guarded-request.ts), text answers (page-fetch.ts) and media (media-fetch.ts).

import { Agent, type Dispatcher } from 'undici';
import type { AsyncCache } from '../domain/cache.js';
import { cachedFetchSized, type CacheEntry, type CacheOutcome } from './cached-fetch.js';
import type { BreakerState } from './circuit-breaker.js';
import type { ClientContext } from './client-context.js';
import { createGuardedRequests, HOSTS, type SlotState, type UpstreamEvent, type UpstreamHost } from './guarded-request.js';
import type { Timeouts } from './http-request.js';
import { createMediaFetch, type MediaRequests, type UpstreamImage } from './media-fetch.js';
import { createPageFetch, type PageRequests } from './page-fetch.js';
import type { RetryPolicy } from './retry.js';
import type { UpstreamRateLimiter } from '../store/upstream-rate-limit.js';

export type { SlotState, UpstreamEvent } from './guarded-request.js';
export type { UpstreamImage } from './media-fetch.js';

interface CacheEvent {
  cache: 'pages' | 'images';
  outcome: CacheOutcome;
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

/**
 * A few primitives: a resource call (built by resource-requests.ts), a page, a short link, an image,
 * a video (or its HEAD) and an HLS playlist; loaders (src/content/loaders.ts) pair them with parsers.
 */
export interface PinterestClient extends PageRequests, MediaRequests {
  /** Upstream slot pools: pages (www, short links) and media. */
  slotStates(): { pages: SlotState; media: SlotState };
  breakerStates(): Record<UpstreamHost, BreakerState>;
  /** Closes the client's own agent (an injected agent is left to its owner). */
  close(): Promise<void>;
}

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
  const retryPolicy: RetryPolicy = {
    retries: Math.max(0, Math.floor(opts.retries)),
    baseDelayMs: opts.retryBaseDelayMs ?? 200,
    maxDelayMs: opts.retryMaxDelayMs ?? 2_000,
    budgetMs: opts.requestBudgetMs ?? 10_000,
    now,
    ...(opts.random ? { random: opts.random } : {}),
  };
  const requests = createGuardedRequests({
    origins,
    dispatcher: opts.agent ?? ownAgent!,
    timeouts: opts.timeouts,
    retryPolicy,
    breaker: opts.breaker ?? { failureThreshold: 5, coolDownMs: 30_000 },
    maxConcurrent: opts.maxConcurrent ?? 8,
    maxConcurrentMedia: opts.maxConcurrentMedia ?? opts.maxConcurrent ?? 8,
    ...(opts.rateLimiter ? { rateLimiter: opts.rateLimiter } : {}),
    ...(opts.onUpstream ? { onUpstream: opts.onUpstream } : {}),
    now,
  });
  // cachedFetch guards against a throwing hook itself.
  const onOutcome = (cache: CacheEvent['cache']) => (outcome: CacheOutcome) => opts.onCache?.({ cache, outcome });

  const ctx: ClientContext = {
    origins,
    identity: { userAgent: opts.userAgent, acceptLanguage: opts.acceptLanguage },
    now,
    requests,
    async cachedPages<V>(key: string, ttlMs: number, loader: () => Promise<{ value: V; size: number }>): Promise<V> {
      const r = await cachedFetchSized<unknown>(key, loader, {
        cache: opts.caches.pages,
        ttlMs,
        staleMs: opts.ttl.staleMs,
        now,
        onOutcome: onOutcome('pages'),
      });
      // The pages cache holds every text answer; each key prefix belongs to one loader, so to one type.
      return r.value as V;
    },
  };

  return {
    ...createPageFetch(ctx, { maxBodyBytes: opts.maxBodyBytes, ttl: opts.ttl }),
    ...createMediaFetch(ctx, {
      videoDispatcher: opts.agent ?? ownVideoAgent!,
      maxImageBytes: opts.maxImageBytes,
      maxImagePixels: opts.maxImagePixels ?? 100_000_000,
      maxVideoBytes: opts.maxVideoBytes ?? 256 * 1024 * 1024,
      maxPlaylistBytes: opts.maxPlaylistBytes ?? 1024 * 1024,
      imageCache: opts.caches.images,
      ttl: { imageMs: opts.ttl.imageMs, playlistMs: opts.ttl.playlistMs ?? opts.ttl.pageMs, staleMs: opts.ttl.staleMs },
      onImageCache: onOutcome('images'),
    }),
    slotStates: () => requests.slotStates(),
    breakerStates: () => requests.breakerStates(),
    async close() {
      await Promise.all([ownAgent?.close(), ownVideoAgent?.close()]);
    },
  };
}
