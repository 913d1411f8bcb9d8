// Request coalescing: concurrent callers asking for the same key share one running load, and the
// key is free again once that load settles. Used by the upstream cache-aside (cached-fetch.ts) and
// by the AI scorer's per-image evidence.
//
// Not lru-cache's fetch() (with allowStaleOnFetchRejection): our caches sit behind an async
// interface that may be a shared Redis (src/domain/cache.ts, src/store/), where lru-cache's fetch
// can neither coalesce nor serve stale; and we serve stale for transient upstream errors only.

export interface Coalescer<V> {
  /** The load running for key, if any. */
  running(key: string): Promise<V> | undefined;
  /**
   * The load running for key, else fn's, registered before this returns so that the next caller
   * finds it. Every caller gets the same promise.
   */
  run(key: string, fn: () => Promise<V>): Promise<V>;
  /** Resolves once no load runs, loads started meanwhile included. */
  idle(): Promise<void>;
}

export function createCoalescer<V>(): Coalescer<V> {
  const inflight = new Map<string, Promise<V>>();
  return {
    running: (key) => inflight.get(key),
    run(key, fn) {
      const running = inflight.get(key);
      if (running) return running;
      let load: Promise<V>;
      try {
        load = fn();
      } catch (err) {
        load = Promise.reject(err); // a loader that throws before its first await
      }
      inflight.set(key, load);
      const cleanup = () => {
        if (inflight.get(key) === load) inflight.delete(key);
      };
      load.then(cleanup, cleanup);
      return load;
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight.values()]);
    },
  };
}
