// The in-memory AsyncCache: an lru-cache bounded in bytes (not entries), with hit/miss figures
// for /info.json and /metrics. One instance per kind of data (pages, images, verdicts).

import { LRUCache } from 'lru-cache';
import type { AsyncCache, CacheStats } from '../domain/cache.js';

export interface MemoryCacheOptions<V> {
  /** Shown in stats, e.g. "pages" or "images". */
  name: string;
  /** Upper bound on the summed sizeOf() of all entries; 0 disables the cache (stores nothing). */
  maxBytes: number;
  /** Default time to live of an entry (>= 1 ms); set() may override it per entry. */
  ttlMs: number;
  /** Approximate bytes an entry holds; values below 1 count as 1. */
  sizeOf: (value: V, key: string) => number;
  /**
   * Largest single entry accepted (default maxBytes / 4), so one huge value cannot flush the
   * whole cache. Larger entries are silently not stored.
   */
  maxEntryBytes?: number;
}

export function createMemoryCache<V>(opts: MemoryCacheOptions<V>): AsyncCache<V> {
  if (!(opts.maxBytes >= 0) || !Number.isFinite(opts.maxBytes)) {
    throw new RangeError(`cache ${opts.name}: maxBytes must be a number >= 0`);
  }
  if (opts.maxBytes < 1) return createDisabledCache(opts.name);
  if (!(opts.ttlMs >= 1) || !Number.isFinite(opts.ttlMs)) {
    throw new RangeError(`cache ${opts.name}: ttlMs must be a positive number`);
  }
  const maxBytes = Math.floor(opts.maxBytes);
  const lru = new LRUCache<string, { v: V }>({
    maxSize: maxBytes,
    maxEntrySize: Math.max(1, Math.floor(opts.maxEntryBytes ?? maxBytes / 4)),
    // The key counts too: search keys can be long.
    sizeCalculation: (box, key) => Math.max(1, Math.ceil(opts.sizeOf(box.v, key)) + key.length),
    ttl: Math.floor(opts.ttlMs),
    // Expired entries are dropped on access; no timers, so tests and shutdown stay clean.
    ttlAutopurge: false,
  });
  let hits = 0;
  let misses = 0;

  return {
    async get(key) {
      const box = lru.get(key);
      if (box === undefined) {
        misses++;
        return undefined;
      }
      hits++;
      return box.v;
    },
    async set(key, value, ttlMs) {
      if (ttlMs !== undefined && !(ttlMs >= 1)) return; // a zero lifetime: nothing to keep
      const ttl = ttlMs !== undefined && Number.isFinite(ttlMs) ? Math.floor(ttlMs) : undefined;
      // Wrapped in a box so that `undefined`/`null`-ish values are storable and distinguishable.
      lru.set(key, { v: value }, ttl === undefined ? undefined : { ttl });
    },
    async delete(key) {
      lru.delete(key);
    },
    stats(): CacheStats {
      return { name: opts.name, entries: lru.size, bytes: lru.calculatedSize, maxBytes, hits, misses };
    },
  };
}

/** The cache for a size of 0 (configured off): every get misses, nothing is kept. */
function createDisabledCache<V>(name: string): AsyncCache<V> {
  let misses = 0;
  return {
    async get() {
      misses++;
      return undefined;
    },
    async set() {},
    async delete() {},
    stats: () => ({ name, entries: 0, bytes: 0, maxBytes: 0, hits: 0, misses }),
  };
}
