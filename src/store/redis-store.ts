// The one connection to the shared Valkey/Redis (CORKBOARD_REDIS_URL), through ioredis. Every
// command goes through call(), which bounds its time and turns any failure into a StoreUnavailable
// the caller answers with its local caches: the store can make an instance slower by at most the
// timeout, never make a visitor's request fail. ioredis reconnects by itself; health() says
// whether the store is usable now and, if not, why (for /healthz).
import { Redis, type RedisOptions } from 'ioredis';

type StoreState = 'ok' | 'degraded';

interface StoreHealth {
  state: StoreState;
  /** Why the store is not usable now (null when ok). Never holds the URL or password. */
  reason: string | null;
  /** Epoch ms of the last failed command or connection error, or null. */
  lastErrorAt: number | null;
}

/** A store command that did not answer (unreachable, too slow, refused): use the local caches. */
class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
}

export interface SharedStore {
  /** Prefix of every key this instance writes, so one server can hold other data too. */
  readonly prefix: string;
  /** Runs one command (or a pipeline) with the store's timeout; throws StoreUnavailable on any failure. */
  call<T>(op: string, fn: (redis: Redis) => Promise<T>): Promise<T>;
  health(): StoreHealth;
  /**
   * True once connected (at once when it is), false when a connect attempt's time has passed first:
   * start-up waits this long before writing snapshots into the store.
   */
  ready(): Promise<boolean>;
  /** Graceful: waits for pending replies, then closes. */
  close(): Promise<void>;
  /** Drops the connection at once, without reconnecting (an instance dying, in tests). */
  disconnect(): void;
}

interface StoreEvents {
  /** A command failed or timed out; `op` is a short fixed name ('cache-get', 'lease', ...). */
  onError?: (op: string, reason: string) => void;
  /** The connection became usable (true) or unusable (false). */
  onUp?: (up: boolean) => void;
  log?: (message: string, fields?: Record<string, string>) => void;
}

export interface RedisStoreOptions extends StoreEvents {
  url: string;
  /** Longest wait for one command; also bounds the connect attempt (x4). */
  timeoutMs: number;
  prefix?: string;
  /** Extra ioredis options (tests). */
  redisOptions?: Partial<RedisOptions>;
}

/** A short, password-free description of an error for /healthz and logs. */
function reasonOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\/\/[^@/\s]*@/g, '//').slice(0, 160);
}

export function createRedisStore(opts: RedisStoreOptions): SharedStore {
  const prefix = opts.prefix ?? 'corkboard:v1:';
  let lastError: { at: number; reason: string } | null = null;
  let lastOkAt = 0;
  let up = false;
  let closed = false;

  const connectTimeoutMs = Math.max(1000, opts.timeoutMs * 4);
  const redis = new Redis(opts.url, {
    // Fail at once while disconnected instead of queueing: the caller has a local answer.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: opts.timeoutMs,
    connectTimeout: connectTimeoutMs,
    // Reconnect forever, backing off to 2 s between tries.
    retryStrategy: (times) => (closed ? null : Math.min(100 * times, 2000)),
    // Not readyCheck-blocking on a loading replica for long; a fresh Valkey is ready at once.
    enableReadyCheck: true,
    ...opts.redisOptions,
  });

  const safely = (f: () => void) => {
    try {
      f();
    } catch {
      /* hooks must not break the store */
    }
  };
  const setUp = (v: boolean) => {
    if (v === up) return;
    up = v;
    safely(() => opts.onUp?.(v));
    safely(() => opts.log?.(v ? 'shared store connected' : 'shared store unavailable; using local caches', v ? {} : { reason: lastError?.reason ?? 'disconnected' }));
  };
  const noteError = (op: string, err: unknown) => {
    const reason = reasonOf(err);
    lastError = { at: Date.now(), reason };
    safely(() => opts.onError?.(op, reason));
  };

  redis.on('ready', () => {
    lastOkAt = Date.now(); // errors from before the reconnect no longer count against health
    setUp(true);
  });
  redis.on('error', (err) => {
    // Without a listener ioredis prints every reconnect failure; we count and report instead.
    noteError('connection', err);
  });
  redis.on('close', () => {
    if (!closed && !lastError) lastError = { at: Date.now(), reason: 'connection closed' };
    setUp(false);
  });

  return {
    prefix,
    async call(op, fn) {
      if (redis.status !== 'ready') {
        const err = new StoreUnavailable(`store not connected (${redis.status})`);
        // Counted, but not as a fresh error each time: health keeps the connection's own reason.
        safely(() => opts.onError?.(op, 'not connected'));
        throw err;
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        // commandTimeout covers single commands; this also bounds pipelines and scripts.
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`store command timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
        });
        const r = await Promise.race([fn(redis), deadline]);
        lastOkAt = Date.now();
        return r;
      } catch (err) {
        noteError(op, err);
        throw new StoreUnavailable(reasonOf(err));
      } finally {
        clearTimeout(timer);
      }
    },
    health() {
      if (redis.status !== 'ready') {
        return { state: 'degraded', reason: `store ${redis.status}: ${lastError?.reason ?? 'not connected yet'}`, lastErrorAt: lastError?.at ?? null };
      }
      // Connected, but the last command failed after the last success: slow or refusing.
      if (lastError && lastError.at > lastOkAt && Date.now() - lastError.at < 30_000) {
        return { state: 'degraded', reason: `store failing: ${lastError.reason}`, lastErrorAt: lastError.at };
      }
      return { state: 'ok', reason: null, lastErrorAt: lastError?.at ?? null };
    },
    async close() {
      closed = true;
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
    ready() {
      if (redis.status === 'ready') return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const settle = (connected: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          resolve(connected);
        };
        const onReady = () => settle(true);
        const timer = setTimeout(() => settle(false), connectTimeoutMs);
        redis.once('ready', onReady);
      });
    },
    disconnect() {
      closed = true;
      redis.disconnect();
    },
  };
}
