// The two-level cache and its cluster leases against a real redis-server: values written by one
// instance are read by another, image bytes over the budget stay local, one lease holder at a
// time, a dead holder's lease expires, and a store that goes away degrades to the local level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type SharedStore } from '../../src/store/redis-store.js';
import { createTieredCache } from '../../src/store/tiered-cache.js';
import { createMemoryCache } from '../../src/upstream/memory-cache.js';
import { decodeValue, encodeValue } from '../../src/store/codec.js';
import { cachedFetchSized, type CacheEntry } from '../../src/upstream/cached-fetch.js';
import { freePort, redisServerAvailable, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const available = redisServerAvailable();

function local<V>(name = 'l1') {
  return createMemoryCache<V>({ name, maxBytes: 1 << 20, ttlMs: 60_000, sizeOf: () => 100 });
}

async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('codec', () => {
  it('round-trips JSON with buffers as raw bytes, and refuses foreign bytes', () => {
    const v = { fetchedAt: 5, value: { bytes: Buffer.from([0, 1, 2, 255]), contentType: 'image/png' }, more: [Buffer.from('hi'), null] };
    const enc = encodeValue(v);
    expect(enc.length).toBeLessThan(120);
    expect(decodeValue(enc)).toEqual(v);
    expect(decodeValue(Buffer.from('{"a":1}'))).toBeUndefined();
  });
});

describe.skipIf(!available)('tiered cache on a real redis-server', () => {
  let server: RedisServer;
  let a: SharedStore;
  let b: SharedStore;

  beforeAll(async () => {
    server = await startRedisServer();
    a = createRedisStore({ url: server.url, timeoutMs: 500, prefix: 'test:' });
    b = createRedisStore({ url: server.url, timeoutMs: 500, prefix: 'test:' });
    await until(() => a.health().state === 'ok' && b.health().state === 'ok', 10_000);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await server?.stop();
  });

  it('shares values between instances and keeps a local copy', async () => {
    const ca = createTieredCache<{ n: number }>({ name: 'pages', local: local(), store: a, defaultTtlMs: 60_000, leaseMs: 1000 });
    const lb = local<{ n: number }>();
    const cb = createTieredCache<{ n: number }>({ name: 'pages', local: lb, store: b, defaultTtlMs: 60_000, leaseMs: 1000 });
    await ca.set('k1', { n: 1 });
    expect(await lb.get('k1')).toBeUndefined();
    expect(await cb.get('k1')).toEqual({ n: 1 });
    expect(await lb.get('k1')).toEqual({ n: 1 }); // now local too
    expect(cb.stats()).toMatchObject({ name: 'pages', hits: 1, misses: 0 });
    await ca.delete('k1');
    expect(await createTieredCache({ name: 'pages', local: local(), store: b, defaultTtlMs: 1000, leaseMs: 1000 }).get('k1')).toBeUndefined();
  });

  it('keeps values over the shared size budget local only', async () => {
    const opts = { name: 'images', store: a, defaultTtlMs: 60_000, leaseMs: 1000, maxSharedBytes: 1024 };
    const ca = createTieredCache<{ bytes: Buffer }>({ ...opts, local: local() });
    const cb = createTieredCache<{ bytes: Buffer }>({ ...opts, store: b, local: local() });
    await ca.set('small', { bytes: Buffer.alloc(500, 1) });
    await ca.set('big', { bytes: Buffer.alloc(5000, 2) });
    expect((await cb.get('small'))?.bytes.length).toBe(500);
    expect(await cb.get('big')).toBeUndefined();
    expect((await ca.get('big'))?.bytes.length).toBe(5000);
  });

  it('gives a lease to one instance at a time; a waiter resumes when it is released', async () => {
    const ca = createTieredCache<string>({ name: 'x', local: local(), store: a, defaultTtlMs: 60_000, leaseMs: 5000 });
    const cb = createTieredCache<string>({ name: 'x', local: local(), store: b, defaultTtlMs: 60_000, leaseMs: 5000 });
    const la = await ca.lease!('key');
    const lb = await cb.lease!('key');
    expect(la.acquired).toBe(true);
    expect(lb.acquired).toBe(false);
    let resumed = false;
    const waiting = lb.waitReleased().then(() => (resumed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(resumed).toBe(false);
    await ca.set('key', 'value');
    await la.release();
    await waiting;
    expect(await cb.get('key')).toBe('value');
    // Released: the next one gets it.
    const again = await cb.lease!('key');
    expect(again.acquired).toBe(true);
    await again.release();
  });

  it('cachedFetch over two instances: one load per expiry, even where a stale local copy remains', async () => {
    let t = 1_000_000;
    const ttlMs = 60_000;
    let loads = 0;
    const loader = async () => ({ value: `v${++loads}`, size: 10 });
    const mk = (store: SharedStore) => createTieredCache<CacheEntry<unknown>>({ name: 'cf', local: local(), store, defaultTtlMs: 600_000, leaseMs: 5000 });
    const ca = mk(a);
    const cb = mk(b);
    const opts = (cache: typeof ca) => ({ cache, ttlMs, staleMs: 600_000, now: () => t });
    expect((await cachedFetchSized('res:x', loader, opts(ca))).value).toBe('v1');
    expect((await cachedFetchSized('res:x', loader, opts(cb))).outcome).toBe('fresh'); // from the store
    t += ttlMs + 1; // both local copies are now past freshness
    expect((await cachedFetchSized('res:x', loader, opts(ca))).value).toBe('v2');
    const r = await cachedFetchSized('res:x', loader, opts(cb));
    expect(r.value).toBe('v2'); // the store's newer copy, not a second load
    expect(loads).toBe(2);
  });

  it("a holder that dies releases nothing: its lease expires and the waiter goes on", async () => {
    const leaseMs = 400;
    const ca = createTieredCache<string>({ name: 'y', local: local(), store: a, defaultTtlMs: 60_000, leaseMs });
    const cb = createTieredCache<string>({ name: 'y', local: local(), store: b, defaultTtlMs: 60_000, leaseMs });
    expect((await ca.lease!('k')).acquired).toBe(true); // never released
    const lb = await cb.lease!('k');
    expect(lb.acquired).toBe(false);
    const t0 = Date.now();
    await lb.waitReleased();
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(leaseMs - 150);
    expect((await cb.lease!('k')).acquired).toBe(true);
  });
});

describe.skipIf(!available)('a store that goes away', () => {
  it('answers from the local level, reports degraded with a reason, and recovers by itself', async () => {
    const server = await startRedisServer();
    const store = createRedisStore({ url: server.url, timeoutMs: 300, prefix: 'test:' });
    try {
      await until(() => store.health().state === 'ok', 10_000);
      const l = local<string>();
      const c = createTieredCache<string>({ name: 'p', local: l, store, defaultTtlMs: 60_000, leaseMs: 1000 });
      await c.set('before', 'one');
      await server.stop();
      await until(() => store.health().state === 'degraded', 10_000);
      expect(store.health().reason).toMatch(/store/);
      // Reads and writes go on locally, without throwing, within the timeout.
      const t0 = Date.now();
      expect(await c.get('before')).toBe('one');
      await c.set('during', 'two');
      expect(await c.get('during')).toBe('two');
      expect(await c.get('absent')).toBeUndefined();
      const lease = await c.lease!('absent');
      expect(lease.acquired).toBe(true); // alone, like a single instance
      expect(Date.now() - t0).toBeLessThan(3000);
      await server.start();
      expect(await store.ready()).toBe(true); // waits for the reconnect
      expect(store.health().state).toBe('ok');
      await c.set('after', 'three');
      const other = createTieredCache<string>({ name: 'p', local: local(), store, defaultTtlMs: 60_000, leaseMs: 1000 });
      expect(await other.get('after')).toBe('three');
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('ready() answers false once a connect attempt has had its time, when nothing listens', async () => {
    const store = createRedisStore({ url: `redis://127.0.0.1:${await freePort()}`, timeoutMs: 10, prefix: 'test:' });
    try {
      const t0 = Date.now();
      expect(await store.ready()).toBe(false);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(990); // the connect time: max(1 s, 4 x the timeout)
      expect(store.health().state).toBe('degraded');
    } finally {
      await store.close();
    }
  });
});
