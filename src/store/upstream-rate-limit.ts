// The upstream rate limit: a token bucket per Pinterest host (CORKBOARD_UPSTREAM_RPS, one second
// of burst) plus a "hold back until" per host set by a 429's Retry-After. With a shared store both
// live in it (one Lua script, the store's clock), so N instances together stay under the rate and
// a 429 seen by one slows all of them; while it is unreachable the same rules run in this process.
// Without a store only the bucket applies (a single instance handles a 429 as before). The client calls acquire() before every upstream attempt and
// backOff() after a 429: that is the whole seam (src/upstream/pinterest-client.ts).
import { UpstreamError } from '../domain/errors.js';
import type { SharedStore } from './redis-store.js';
import { script } from './scripts.js';

export interface UpstreamRateLimiter {
  /**
   * Waits for this host's turn. Throws UpstreamError 'rate-limited' (with the wait as
   * retryAfterSeconds) at once when the turn is further away than the limiter's maxWaitMs.
   */
  acquire(host: string): Promise<void>;
  /** Upstream answered 429: every instance holds this host back for `ms`. */
  backOff(host: string, ms: number): void;
}

export interface RateLimiterOptions {
  /** Requests per second per host; 0: no bucket (a Retry-After still holds the host back). */
  rps: number;
  /** Longest a request waits for its turn before failing as rate-limited. */
  maxWaitMs: number;
  store?: SharedStore | null;
  /**
   * Whether a 429 holds the host back (default: only with a store). A single instance keeps its
   * old behaviour: its own bounded retries, and the next visitor's request tries upstream again.
   */
  holdBackOn429?: boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// KEYS[1] bucket hash, KEYS[2] hold-back key; ARGV[1] tokens per ms (0: no bucket), ARGV[2] burst.
// Returns 0 when a request may go now, else the ms to wait.
const TAKE_TOKEN = `
local held = redis.call('PTTL', KEYS[2])
if held > 0 then return held end
local rate = tonumber(ARGV[1])
if rate <= 0 then return 0 end
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait
`;

// KEYS[1] hold-back key; ARGV[1] ms. Only ever lengthens the hold-back.
const HOLD_BACK = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
`;

export function createUpstreamRateLimiter(opts: RateLimiterOptions): UpstreamRateLimiter {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const perMs = Math.max(0, opts.rps) / 1000;
  const burst = Math.max(1, opts.rps);
  const store = opts.store ?? null;
  const holdBack = opts.holdBackOn429 ?? store !== null;
  // The in-process rules (no store, or while it is unreachable).
  const buckets = new Map<string, { tokens: number; ts: number }>();
  const heldUntil = new Map<string, number>();

  function localTake(host: string): number {
    const held = (heldUntil.get(host) ?? 0) - now();
    if (held > 0) return held;
    if (perMs <= 0) return 0;
    const t = now();
    const b = buckets.get(host) ?? { tokens: burst, ts: t };
    b.tokens = Math.min(burst, b.tokens + Math.max(0, t - b.ts) * perMs);
    b.ts = t;
    buckets.set(host, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }

  async function take(host: string): Promise<number> {
    if (store) {
      try {
        const wait = await store.call('rate-limit', (r) =>
          script(r, 'corkboardTakeToken', 2, TAKE_TOKEN)(`${store.prefix}rate:${host}`, `${store.prefix}hold:${host}`, perMs, burst),
        );
        return Number(wait) || 0;
      } catch {
        /* fall through to the local rules */
      }
    }
    return localTake(host);
  }

  return {
    async acquire(host) {
      const started = now();
      for (;;) {
        const wait = await take(host);
        if (wait <= 0) return;
        if (now() - started + wait > opts.maxWaitMs) {
          throw new UpstreamError('rate-limited', `upstream ${host}: held back by the instance's rate limit`, {
            retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
          });
        }
        await sleep(Math.min(wait, 1000));
      }
    },

    backOff(host, ms) {
      if (!holdBack) return;
      const until = now() + Math.max(0, ms);
      if ((heldUntil.get(host) ?? 0) < until) heldUntil.set(host, until);
      if (!store || !(ms >= 1)) return;
      void store
        .call('rate-hold', (r) => script(r, 'corkboardHoldBack', 1, HOLD_BACK)(`${store.prefix}hold:${host}`, Math.ceil(ms)))
        .catch(() => {
          /* the local hold-back still applies */
        });
    },
  };
}
