// The one small async cache interface that upstream responses, image bytes and AI verdicts sit
// behind. lru-cache in memory now (src/upstream/memory-cache.ts); a shared Valkey/Redis store can
// implement the same interface later, when several instances serve one domain.

export interface AsyncCache<V> {
  get(key: string): Promise<V | undefined>;
  /** ttlMs overrides the cache's default time to live for this entry. */
  set(key: string, value: V, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Figures for /info.json and /metrics. */
  stats(): CacheStats;
}

export interface CacheStats {
  name: string;
  entries: number;
  /** Approximate bytes held, when the cache is bounded by size. */
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
}
