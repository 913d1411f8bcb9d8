// The upstream rate limiter: one token bucket per host shared by every instance on the store,
// a 429's Retry-After holding back every instance, and the same rules in-process without a store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUpstreamError } from '../../src/domain/errors.js';
import { createRedisStore, type SharedStore } from '../../src/store/redis-store.js';
import { createUpstreamRateLimiter, type UpstreamRateLimiter } from '../../src/store/upstream-rate-limit.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const available = redisServerAvailable();

async function outcome(l: UpstreamRateLimiter, host: string): Promise<'ok' | number> {
  try {
    await l.acquire(host);
    return 'ok';
  } catch (e) {
    if (isUpstreamError(e) && e.kind === 'rate-limited') return e.detail.retryAfterSeconds ?? -1;
    throw e;
  }
}

describe('in-process rate limiter (no store)', () => {
  it('lets a burst of rps through per host, then refuses beyond maxWait; refills with time', async () => {
    let t = 1_000_000;
    const l = createUpstreamRateLimiter({ rps: 3, maxWaitMs: 0, now: () => t });
    const first = [await outcome(l, 'www'), await outcome(l, 'www'), await outcome(l, 'www'), await outcome(l, 'www')];
    expect(first).toEqual(['ok', 'ok', 'ok', 1]);
    expect(await outcome(l, 'images')).toBe('ok'); // another host, its own bucket
    t += 340; // one token back at 3/s
    expect(await outcome(l, 'www')).toBe('ok');
    expect(await outcome(l, 'www')).toBe(1);
  });

  it('without a store a 429 does not hold the host back (a single instance behaves as before)', async () => {
    const l = createUpstreamRateLimiter({ rps: 0, maxWaitMs: 1000 });
    l.backOff('www', 30_000);
    expect(await outcome(l, 'www')).toBe('ok');
  });

  it('waits for its turn when the wait fits maxWait', async () => {
    let t = 0;
    const slept: number[] = [];
    const l = createUpstreamRateLimiter({ rps: 2, maxWaitMs: 5000, now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } });
    await l.acquire('www');
    await l.acquire('www');
    await l.acquire('www');
    expect(slept).toEqual([500]);
  });

  it('holds a host back after a 429 for the Retry-After, even with no rate set (store configured but down)', async () => {
    let t = 0;
    const l = createUpstreamRateLimiter({ rps: 0, maxWaitMs: 1000, now: () => t, holdBackOn429: true });
    expect(await outcome(l, 'www')).toBe('ok');
    l.backOff('www', 30_000);
    expect(await outcome(l, 'www')).toBe(30);
    expect(await outcome(l, 'images')).toBe('ok');
    t += 30_001;
    expect(await outcome(l, 'www')).toBe('ok');
  });
});

describe.skipIf(!available)('rate limiter shared through a real redis-server', () => {
  let server: RedisServer;
  let s1: SharedStore;
  let s2: SharedStore;
  beforeAll(async () => {
    server = await startRedisServer();
    s1 = createRedisStore({ url: server.url, timeoutMs: 1000, prefix: 'rl:' });
    s2 = createRedisStore({ url: server.url, timeoutMs: 1000, prefix: 'rl:' });
    const end = Date.now() + 10_000;
    while (s1.health().state !== 'ok' || s2.health().state !== 'ok') {
      if (Date.now() > end) throw new Error('store did not connect');
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  afterAll(async () => {
    await Promise.allSettled([s1?.close(), s2?.close()]);
    await server?.stop();
  });

  it('two instances together get one bucket of rps per host', async () => {
    const a = createUpstreamRateLimiter({ rps: 3, maxWaitMs: 0, store: s1 });
    const b = createUpstreamRateLimiter({ rps: 3, maxWaitMs: 0, store: s2 });
    // Within a few ms the bucket refills by a hundredth of a token at most.
    const got = [await outcome(a, 'www'), await outcome(b, 'www'), await outcome(a, 'www'), await outcome(b, 'www'), await outcome(a, 'www')];
    expect(got.filter((g) => g === 'ok')).toHaveLength(3);
    expect(got.slice(3)).toEqual([1, 1]);
    expect(await outcome(b, 'images')).toBe('ok');
  });

  it("one instance's 429 holds back the others", async () => {
    const a = createUpstreamRateLimiter({ rps: 0, maxWaitMs: 500, store: s1 });
    const b = createUpstreamRateLimiter({ rps: 0, maxWaitMs: 500, store: s2 });
    expect(await outcome(b, 'videos')).toBe('ok');
    a.backOff('videos', 20_000);
    const end = Date.now() + 5000;
    let seen: 'ok' | number = 'ok';
    while (seen === 'ok' && Date.now() < end) seen = await outcome(b, 'videos'); // backOff writes in the background
    expect(seen).toBe(20);
  });
});
