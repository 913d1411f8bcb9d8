// The one small async cache interface that upstream responses, image bytes, AI verdicts and
// rendered pages sit behind: lru-cache in memory (src/upstream/memory-cache.ts), or that as a
// first level in front of a shared Valkey/Redis (src/store/tiered-cache.ts) when several
// instances serve one domain. Other stores (reputation, reports) may use it as a generic
// get/set/delete with a time to live.

export interface AsyncCache<V> {
  get(key: string): Promise<V | undefined>;
  /** ttlMs overrides the cache's default time to live for this entry. */
  set(key: string, value: V, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Figures for /info.json and /metrics. */
  stats(): CacheStats;
  /**
   * Only on caches shared between instances: a short cluster-wide lease on `key`, so that one
   * instance loads a missing value while the others wait for it instead of loading it too.
   */
  lease?(key: string): Promise<CacheLease>;
  /**
   * Only on shared caches: reads the shared level alone. After a lease, another instance may have
   * stored a newer value than the local level's copy (which could be past its freshness).
   */
  getShared?(key: string): Promise<V | undefined>;
}

export interface CacheLease {
  /** True: this caller holds the lease (or the store is unreachable): load, set, then release. */
  readonly acquired: boolean;
  /**
   * Not acquired: resolves once the holder released it or its lease expired (a holder that died
   * releases nothing), or the store stopped answering. Then read the cache again.
   */
  waitReleased(): Promise<void>;
  /** Gives the lease back (only if still ours); never throws. */
  release(): Promise<void>;
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
