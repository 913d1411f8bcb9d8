// An AsyncCache in two levels: the instance's own lru-cache first (small, no round trip), then
// the shared Valkey/Redis. Reads that miss locally look in the store and keep what they find
// locally; writes go to both. Any store failure counts as a miss (or a skipped write): the
// instance keeps working on its local level. It also hands out cluster-wide leases (SET NX with
// an expiry), so one instance loads a missing value while the others wait for it.
import { randomBytes } from 'node:crypto';
import type { AsyncCache, CacheLease, CacheStats } from '../domain/cache.js';
import { decodeValue, encodeValue } from './codec.js';
import type { SharedStore } from './redis-store.js';
import { RELEASE_IF_OWNER, script } from './scripts.js';

export interface TieredCacheOptions<V> {
  /** Names the keys in the store (`<prefix><name>:<key>`) and the figures. */
  name: string;
  local: AsyncCache<V>;
  store: SharedStore;
  /** Lifetime in the store when set() gives none. */
  defaultTtlMs: number;
  /** Values whose encoding is larger stay local only (image bytes over the budget); 0: none shared. */
  maxSharedBytes?: number;
  /** How long a lease lives: the longest a load may take; a dead holder's lease expires after it. */
  leaseMs: number;
  /** How often a waiter looks whether the lease is gone. Default 25 ms. */
  pollMs?: number;
  /** Accepts only well-formed values from the store (it could hold anything). */
  accept?: (v: unknown) => v is V;
  /** One shared read's outcome, for /metrics. */
  onShared?: (result: 'hit' | 'miss' | 'error' | 'too-large') => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTieredCache<V>(opts: TieredCacheOptions<V>): AsyncCache<V> {
  const { store, local } = opts;
  const keyOf = (key: string) => `${store.prefix}${opts.name}:${key}`;
  const leaseKeyOf = (key: string) => `${store.prefix}lease:${opts.name}:${key}`;
  const pollMs = Math.max(5, opts.pollMs ?? 25);
  const maxShared = opts.maxSharedBytes ?? Number.POSITIVE_INFINITY;
  let hits = 0;
  let misses = 0;
  const report = (r: 'hit' | 'miss' | 'error' | 'too-large') => {
    try {
      opts.onShared?.(r);
    } catch {
      /* metrics must not break a request */
    }
  };

  async function readShared(key: string): Promise<{ value: V; ttlMs: number } | undefined> {
    try {
      const [[, bytes], [, pttl]] = (await store.call('cache-get', (r) => r.multi().getBuffer(keyOf(key)).pttl(keyOf(key)).exec())) as [
        [unknown, Buffer | null],
        [unknown, number],
      ];
      if (!bytes) {
        report('miss');
        return undefined;
      }
      const value = decodeValue(bytes);
      if (value === undefined || (opts.accept && !opts.accept(value))) {
        report('miss');
        return undefined;
      }
      report('hit');
      return { value: value as V, ttlMs: typeof pttl === 'number' && pttl > 0 ? pttl : opts.defaultTtlMs };
    } catch {
      report('error');
      return undefined;
    }
  }

  const cache: AsyncCache<V> = {
    async get(key) {
      const near = await local.get(key);
      if (near !== undefined) {
        hits++;
        return near;
      }
      const far = await readShared(key);
      if (far === undefined) {
        misses++;
        return undefined;
      }
      hits++;
      await local.set(key, far.value, far.ttlMs);
      return far.value;
    },

    async getShared(key) {
      const far = await readShared(key);
      if (far === undefined) return undefined;
      await local.set(key, far.value, far.ttlMs);
      return far.value;
    },

    async set(key, value, ttlMs) {
      await local.set(key, value, ttlMs);
      const ttl = Math.floor(ttlMs ?? opts.defaultTtlMs);
      if (!(ttl >= 1) || maxShared <= 0) return;
      let bytes: Buffer;
      try {
        bytes = encodeValue(value);
      } catch {
        return; // not encodable: stays local
      }
      if (bytes.length > maxShared) {
        report('too-large');
        return;
      }
      try {
        await store.call('cache-set', (r) => r.set(keyOf(key), bytes, 'PX', ttl));
      } catch {
        /* local copy kept; the store is reported degraded by its own health */
      }
    },

    async delete(key) {
      await local.delete(key);
      try {
        await store.call('cache-delete', (r) => r.del(keyOf(key)));
      } catch {
        /* as above */
      }
    },

    stats(): CacheStats {
      return { ...local.stats(), name: opts.name, hits, misses };
    },

    async lease(key): Promise<CacheLease> {
      const leaseKey = leaseKeyOf(key);
      const token = randomBytes(9).toString('base64url');
      let acquired: boolean;
      try {
        acquired = (await store.call('lease', (r) => r.set(leaseKey, token, 'PX', Math.max(1, Math.floor(opts.leaseMs)), 'NX'))) === 'OK';
      } catch {
        // Store unreachable: go on alone, as a single instance would.
        return { acquired: true, waitReleased: async () => {}, release: async () => {} };
      }
      return {
        acquired,
        async waitReleased() {
          if (acquired) return;
          const deadline = Date.now() + opts.leaseMs + pollMs;
          while (Date.now() < deadline) {
            await sleep(pollMs);
            try {
              if ((await store.call('lease-wait', (r) => r.exists(leaseKey))) === 0) return;
            } catch {
              return; // store gone: stop waiting, load locally
            }
          }
        },
        async release() {
          if (!acquired) return;
          try {
            await store.call('lease-release', (r) => script(r, 'corkboardReleaseLease', 1, RELEASE_IF_OWNER)(leaseKey, token));
          } catch {
            /* it expires by itself */
          }
        },
      };
    },
  };
  return cache;
}
