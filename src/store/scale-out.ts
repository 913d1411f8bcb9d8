// Assembles the shared-store side of an instance from configuration: the connection, the
// two-level caches that replace the purely local ones, the upstream rate limiter, and their
// figures on the instance's /metrics. Without CORKBOARD_REDIS_URL the local caches are returned
// as they are and the rate limiter works in this process alone.
import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import type { Config } from '../config.js';
import type { AsyncCache } from '../domain/cache.js';
import type { CachedEvidence } from '../ai/scorer.js';
import type { CacheEntry } from '../upstream/cached-fetch.js';
import type { UpstreamImage } from '../upstream/pinterest-client.js';
import type { RenderedPage } from '../web/page-cache.js';
import { createRedisStore, type SharedStore } from './redis-store.js';
import { createTieredCache } from './tiered-cache.js';
import { createUpstreamRateLimiter, type UpstreamRateLimiter } from './upstream-rate-limit.js';

interface LocalCaches {
  pages: AsyncCache<CacheEntry<unknown>>;
  images: AsyncCache<CacheEntry<UpstreamImage>>;
  verdicts: AsyncCache<CachedEvidence>;
  rendered: AsyncCache<RenderedPage>;
}

export interface ScaleOut extends LocalCaches {
  /** Null when no store is configured. */
  store: SharedStore | null;
  rateLimiter: UpstreamRateLimiter | undefined;
  /** Another cache through the store (reputation records): `local` itself when no store is configured. */
  share<V>(name: string, local: AsyncCache<V>, defaultTtlMs: number, accept: (v: unknown) => v is V): AsyncCache<V>;
}

export interface ScaleOutOptions {
  config: Config;
  local: LocalCaches;
  registry: Registry;
  log: (message: string, fields?: Record<string, string>) => void;
  /** Lifetimes in the store when a set() gives none. */
  ttl: { pagesMs: number; imagesMs: number; verdictsMs: number; renderedMs: number };
  /** Tests: a store built elsewhere (e.g. with a short reconnect). */
  store?: SharedStore;
}

const isEntry = (v: unknown): v is CacheEntry<never> => typeof v === 'object' && v !== null && typeof (v as { fetchedAt?: unknown }).fetchedAt === 'number';
const isImageEntry = (v: unknown): v is CacheEntry<UpstreamImage> => isEntry(v) && Buffer.isBuffer((v.value as { bytes?: unknown } | null)?.bytes);
const isRendered = (v: unknown): v is RenderedPage => typeof v === 'object' && v !== null && typeof (v as { body?: unknown }).body === 'string';

export function createScaleOut(opts: ScaleOutOptions): ScaleOut {
  const { config, local } = opts;
  const registers = [opts.registry];
  const storeErrors = new Counter({ name: 'corkboard_store_errors_total', help: 'Shared store commands that failed or timed out (answered from local caches), by operation', labelNames: ['op'] as const, registers });
  const storeUp = new Gauge({ name: 'corkboard_store_up', help: '1 while the shared store is connected, 0 while degraded to local caches (absent: no store configured)', registers });
  const shared = new Counter({ name: 'corkboard_store_lookups_total', help: 'Reads from the shared store after a local miss, by cache and result', labelNames: ['cache', 'result'] as const, registers });

  const rateLimiterFor = (store: SharedStore | null) =>
    createUpstreamRateLimiter({ rps: config.scale.upstreamRps, maxWaitMs: config.upstream.timeoutMs, store });

  if (!config.scale.redisUrl && !opts.store) {
    return { ...local, store: null, rateLimiter: rateLimiterFor(null), share: (_name, l) => l };
  }
  storeUp.set(0);
  const store =
    opts.store ??
    createRedisStore({
      url: config.scale.redisUrl!,
      timeoutMs: config.scale.storeTimeoutMs,
      onError: (op) => storeErrors.inc({ op }),
      onUp: (up) => storeUp.set(up ? 1 : 0),
      log: opts.log,
    });
  // A load may take the whole upstream budget; a dead holder's lease is waited out after it.
  const leaseMs = config.upstream.timeoutMs * (config.upstream.retries + 1) + 1000;
  const tier = <V>(name: string, l: AsyncCache<V>, defaultTtlMs: number, accept: (v: unknown) => v is V, extra: { maxSharedBytes?: number; leaseMs?: number } = {}) =>
    createTieredCache<V>({
      name,
      local: l,
      store,
      defaultTtlMs,
      leaseMs: extra.leaseMs ?? leaseMs,
      accept,
      onShared: (result) => shared.inc({ cache: name, result }),
      ...(extra.maxSharedBytes === undefined ? {} : { maxSharedBytes: extra.maxSharedBytes }),
    });
  return {
    store,
    rateLimiter: rateLimiterFor(store),
    share: (name, l, defaultTtlMs, accept) => tier(name, l, defaultTtlMs, accept),
    pages: tier('pages', local.pages, opts.ttl.pagesMs, isEntry),
    // Image bytes are shared only up to the configured size; bigger ones stay in each instance.
    images: tier('images', local.images, opts.ttl.imagesMs, isImageEntry, { maxSharedBytes: config.scale.storeImageMaxBytes > 0 ? config.scale.storeImageMaxBytes + 512 : 0 }),
    // Scoring waits for the image fetch and the model queue too.
    verdicts: tier('verdicts', local.verdicts, opts.ttl.verdictsMs, (v): v is CachedEvidence => typeof v === 'object' && v !== null, { leaseMs: leaseMs + 5000 }),
    rendered: tier('rendered', local.rendered, opts.ttl.renderedMs, isRendered),
  };
}
