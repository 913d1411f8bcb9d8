import { describe, expect, it } from 'vitest';
import type { AsyncCache } from '../../src/domain/cache.js';
import { UpstreamError } from '../../src/domain/errors.js';
import { cachedFetch, entrySize, type CacheEntry, type CacheOutcome } from '../../src/upstream/cached-fetch.js';
import { createMemoryCache } from '../../src/upstream/memory-cache.js';

function setup() {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const cache = createMemoryCache<CacheEntry<string>>({ name: 't', maxBytes: 1 << 20, ttlMs: 3_600_000, sizeOf: entrySize });
  const outcomes: CacheOutcome[] = [];
  const opts = { cache, ttlMs: 1_000, staleMs: 5_000, now: clock.now, onOutcome: (o: CacheOutcome) => outcomes.push(o) };
  return { clock, cache, opts, outcomes };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('cachedFetch', () => {
  it('loads once, then serves fresh hits from the cache', async () => {
    const { opts } = setup();
    let calls = 0;
    const loader = async () => `v${++calls}`;
    const a = await cachedFetch('k', loader, opts);
    const b = await cachedFetch('k', loader, opts);
    expect(a).toMatchObject({ value: 'v1', outcome: 'miss', stale: false });
    expect(b).toMatchObject({ value: 'v1', outcome: 'fresh', stale: false });
    expect(calls).toBe(1);
  });

  it('coalesces 20 concurrent identical requests into one loader call', async () => {
    const { opts, outcomes } = setup();
    let calls = 0;
    const d = deferred<string>();
    const loader = () => {
      calls++;
      return d.promise;
    };
    const all = Array.from({ length: 20 }, () => cachedFetch('same', loader, opts));
    await new Promise((r) => setTimeout(r, 5));
    d.resolve('value');
    const results = await Promise.all(all);
    expect(calls).toBe(1);
    expect(results.every((r) => r.value === 'value')).toBe(true);
    expect(outcomes.filter((o) => o === 'miss')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'coalesced')).toHaveLength(19);
  });

  it('does not coalesce different keys', async () => {
    const { opts } = setup();
    let calls = 0;
    await Promise.all(['a', 'b', 'c'].map((k) => cachedFetch(k, async () => `${k}${++calls}`, opts)));
    expect(calls).toBe(3);
  });

  it('shares one failure with every coalesced caller, and lets the next call retry', async () => {
    const { opts } = setup();
    let calls = 0;
    const d = deferred<string>();
    const loader = () => {
      calls++;
      return d.promise;
    };
    const all = Array.from({ length: 5 }, () => cachedFetch('k', loader, opts));
    d.reject(new UpstreamError('not-found', 'gone'));
    const settled = await Promise.allSettled(all);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
    const again = await cachedFetch('k', async () => 'back', opts);
    expect(again.value).toBe('back');
  });

  it('reloads after the ttl', async () => {
    const { opts, clock } = setup();
    let calls = 0;
    const loader = async () => `v${++calls}`;
    await cachedFetch('k', loader, opts);
    clock.advance(1_001);
    const r = await cachedFetch('k', loader, opts);
    expect(r).toMatchObject({ value: 'v2', outcome: 'miss' });
  });

  it('serves a stale copy when the loader fails within the stale window (stale-if-error)', async () => {
    const { opts, clock, outcomes } = setup();
    await cachedFetch('k', async () => 'old', opts);
    clock.advance(1_000 + 4_000); // expired, inside staleMs
    const r = await cachedFetch('k', async () => Promise.reject(new UpstreamError('unavailable', '503')), opts);
    expect(r).toMatchObject({ value: 'old', stale: true, outcome: 'stale' });
    expect(outcomes.at(-1)).toBe('stale');
  });

  it('does not serve a copy older than ttl + staleMs', async () => {
    const { opts, clock } = setup();
    await cachedFetch('k', async () => 'old', opts);
    clock.advance(1_000 + 5_001);
    await expect(cachedFetch('k', async () => Promise.reject(new UpstreamError('timeout', 'slow')), opts)).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('does not hide a 404 or a bad shape behind a stale copy', async () => {
    const { opts, clock } = setup();
    await cachedFetch('k', async () => 'old', opts);
    clock.advance(2_000);
    await expect(cachedFetch('k', async () => Promise.reject(new UpstreamError('not-found', 'deleted')), opts)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(cachedFetch('k', async () => Promise.reject(new UpstreamError('bad-shape', 'odd')), opts)).rejects.toMatchObject({
      kind: 'bad-shape',
    });
  });

  it('cleans up after a loader that throws synchronously', async () => {
    const { opts } = setup();
    const bad = (() => {
      throw new Error('boom');
    }) as unknown as () => Promise<string>;
    await expect(cachedFetch('k', bad, opts)).rejects.toThrow('boom');
    const r = await cachedFetch('k', async () => 'fine', opts);
    expect(r.value).toBe('fine');
  });

  it('keeps working when the cache backend fails', async () => {
    const broken: AsyncCache<CacheEntry<string>> = {
      get: () => Promise.reject(new Error('backend down')),
      set: () => Promise.reject(new Error('backend down')),
      delete: async () => {},
      stats: () => ({ name: 'b', entries: 0, bytes: 0, maxBytes: 0, hits: 0, misses: 0 }),
    };
    const r = await cachedFetch('k', async () => 'v', { cache: broken, ttlMs: 1000, staleMs: 0 });
    expect(r.value).toBe('v');
  });

  it('records the size the loader reports, for byte-bounded caches', async () => {
    const { opts, cache } = setup();
    await cachedFetch('k', async () => 'abc', { ...opts, sizeOf: (v) => v.length * 100 });
    expect((await cache.get('k'))?.size).toBe(300);
  });
});
