// Cache-aside with request coalescing and stale-if-error: the one way upstream data is loaded.
// A burst of identical cold requests costs one loader call; a failing upstream is papered over
// with a recently expired copy when one exists.

import { createCoalescer, type Coalescer } from '../concurrency/coalesce.js';
import type { AsyncCache } from '../domain/cache.js';
import { isUpstreamError } from '../domain/errors.js';
import { scopeAborted, VisitorGoneError } from './request-scope.js';

/** What the caches hold: the value plus when it was fetched, so staleness is computable. */
export interface CacheEntry<V> {
  value: V;
  /** Epoch ms when the loader produced the value. */
  fetchedAt: number;
  /** Approximate bytes held, for byte-bounded caches (see entrySize). */
  size?: number;
}

/** How a cachedFetch call was answered. */
export type CacheOutcome =
  | 'fresh' // served from cache within ttl
  | 'miss' // this call ran the loader
  | 'coalesced' // joined another caller's loader run
  | 'stale'; // loader failed; served an expired copy within staleMs

export interface CachedResult<V> {
  value: V;
  /** True when the value is past its ttl (served because upstream failed). */
  stale: boolean;
  outcome: CacheOutcome;
  fetchedAt: number;
}

export interface CachedFetchOptions<V> {
  cache: AsyncCache<CacheEntry<V>>;
  /** How long a value is fresh. */
  ttlMs: number;
  /** How long after expiry a value may still be served when the loader fails. */
  staleMs: number;
  /** Approximate size of a value, stored in the entry for byte-bounded caches. */
  sizeOf?: (value: V) => number;
  /** Which loader errors may be answered with a stale copy (default: transient ones). */
  serveStaleOn?: (err: unknown) => boolean;
  onOutcome?: (outcome: CacheOutcome) => void;
  now?: () => number;
}

/** sizeOf for a memory cache of entries: the size recorded at store time (1 KiB if unknown). */
export function entrySize(entry: CacheEntry<unknown>): number {
  return entry.size !== undefined && Number.isFinite(entry.size) && entry.size > 0 ? entry.size : 1024;
}

/** Approximate bytes of a string value: V8 may store it at two bytes per character. */
export const stringSize = (s: string): number => s.length * 2 + 64;

/**
 * Transient upstream trouble: worth hiding behind a stale copy. A 404 or an unreadable shape is
 * not: that is upstream's current answer, and a stale copy would hide a deletion.
 */
function isTransientError(err: unknown): boolean {
  if (!isUpstreamError(err)) return true; // unexpected failures (network stack, cache backend)
  return err.kind === 'unavailable' || err.kind === 'timeout' || err.kind === 'rate-limited' || err.kind === 'blocked';
}

// In-flight loads per cache object, so coalescing needs no extra argument and two caches never
// share keys by accident.
const inflightByCache = new WeakMap<object, Coalescer<CachedResult<unknown>>>();

function inflightFor(cache: object): Coalescer<CachedResult<unknown>> {
  let c = inflightByCache.get(cache);
  if (!c) {
    c = createCoalescer();
    inflightByCache.set(cache, c);
  }
  return c;
}

async function safeGet<V>(cache: AsyncCache<CacheEntry<V>>, key: string, sharedOnly = false): Promise<CacheEntry<V> | undefined> {
  try {
    const e = sharedOnly && cache.getShared ? await cache.getShared(key) : await cache.get(key);
    // A shared store could hand back anything; accept only well-formed entries.
    return e && typeof e === 'object' && typeof e.fetchedAt === 'number' ? e : undefined;
  } catch {
    return undefined; // a failing cache backend must not fail the request
  }
}

export async function cachedFetch<V>(
  key: string,
  loader: () => Promise<V>,
  opts: CachedFetchOptions<V>,
): Promise<CachedResult<V>> {
  return cachedFetchSized(
    key,
    async () => {
      const value = await loader();
      return opts.sizeOf ? { value, size: opts.sizeOf(value) } : { value };
    },
    opts,
  );
}

/**
 * cachedFetch for loaders that know the size of what they loaded (e.g. the byte length of the
 * JSON text they parsed), which the parsed value no longer tells cheaply. opts.sizeOf is unused.
 */
export async function cachedFetchSized<V>(
  key: string,
  loader: () => Promise<{ value: V; size?: number }>,
  opts: CachedFetchOptions<V>,
): Promise<CachedResult<V>> {
  const now = opts.now ?? Date.now;
  const inflight = inflightFor(opts.cache) as Coalescer<CachedResult<V>>;
  const report = (o: CacheOutcome) => {
    try {
      opts.onOutcome?.(o);
    } catch {
      /* metrics must never break a request */
    }
  };
  const join = async (p: Promise<CachedResult<V>>): Promise<CachedResult<V>> => {
    let r: CachedResult<V>;
    try {
      r = await p;
    } catch (err) {
      // The caller whose loader we joined left (its waits were cut short); ours is still here.
      if (err instanceof VisitorGoneError && !scopeAborted()) return cachedFetchSized(key, loader, opts);
      throw err;
    }
    report('coalesced');
    return { ...r, outcome: 'coalesced' };
  };

  // Checked before and after the (async) cache read, with no await between the second check and
  // the registration below, so concurrent callers always find each other.
  const early = inflight.running(key);
  if (early) return join(early);

  const cached = await safeGet(opts.cache, key);
  if (cached && now() - cached.fetchedAt < opts.ttlMs) {
    report('fresh');
    return { value: cached.value, stale: false, outcome: 'fresh', fetchedAt: cached.fetchedAt };
  }
  const running = inflight.running(key);
  if (running) return join(running);

  const r = await inflight.run(key, async (): Promise<CachedResult<V>> => {
    // Shared caches: one instance of the cluster loads, the others wait for its value.
    const lease = opts.cache.lease ? await opts.cache.lease(key).catch(() => null) : null;
    if (lease && !lease.acquired) {
      await lease.waitReleased();
      const shared = await safeGet(opts.cache, key, true);
      if (shared && now() - shared.fetchedAt < opts.ttlMs) {
        return { value: shared.value, stale: false, outcome: 'coalesced', fetchedAt: shared.fetchedAt };
      }
      // The holder failed or died (or the store went away): load here.
    } else if (lease) {
      // Acquired: another instance may have stored the value between our read and our lease.
      const shared = await safeGet(opts.cache, key, true);
      if (shared && now() - shared.fetchedAt < opts.ttlMs) {
        await lease.release();
        return { value: shared.value, stale: false, outcome: 'coalesced', fetchedAt: shared.fetchedAt };
      }
    }
    try {
      const { value, size } = await loader();
      const fetchedAt = now();
      const entry: CacheEntry<V> = { value, fetchedAt };
      if (size !== undefined) entry.size = size;
      try {
        // Kept past the ttl for the stale window; freshness is judged by fetchedAt above.
        await opts.cache.set(key, entry, opts.ttlMs + Math.max(0, opts.staleMs));
      } catch {
        /* a failing cache backend must not fail the request */
      }
      return { value, stale: false, outcome: 'miss', fetchedAt };
    } catch (err) {
      const serveStale = (opts.serveStaleOn ?? isTransientError)(err);
      if (serveStale && cached && now() - cached.fetchedAt < opts.ttlMs + Math.max(0, opts.staleMs)) {
        return { value: cached.value, stale: true, outcome: 'stale', fetchedAt: cached.fetchedAt };
      }
      throw err;
    } finally {
      // After the value is in the cache, so that waiters find it.
      await lease?.release();
    }
  });
  report(r.outcome);
  return r;
}
