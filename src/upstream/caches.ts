// Builds the two byte-bounded memory caches the Pinterest client needs, sized from configuration:
// pages (resource JSON, HTML, short links, playlists) and images.

import type { AsyncCache } from '../domain/cache.js';
import { entrySize, type CacheEntry } from './cached-fetch.js';
import { createMemoryCache } from './memory-cache.js';
import type { UpstreamImage } from './pinterest-client.js';

export interface UpstreamCacheOptions {
  /** 0 turns the cache off. */
  pagesMaxBytes: number;
  imagesMaxBytes: number;
  /**
   * Longest an entry is kept: the freshness ttl plus the stale-if-error window. The client sets
   * each entry's own lifetime; this is only the upper default.
   */
  keepMs: number;
}

export interface UpstreamCaches {
  pages: AsyncCache<CacheEntry<unknown>>;
  images: AsyncCache<CacheEntry<UpstreamImage>>;
}

export function createUpstreamCaches(opts: UpstreamCacheOptions): UpstreamCaches {
  const ttlMs = Math.max(1, opts.keepMs);
  return {
    pages: createMemoryCache<CacheEntry<unknown>>({ name: 'pages', maxBytes: opts.pagesMaxBytes, ttlMs, sizeOf: entrySize }),
    images: createMemoryCache<CacheEntry<UpstreamImage>>({ name: 'images', maxBytes: opts.imagesMaxBytes, ttlMs, sizeOf: entrySize }),
  };
}
