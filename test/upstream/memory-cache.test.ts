import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/upstream/memory-cache.js';
import { sleep } from './helpers/test-server.js';

const bytesOf = (v: string) => v.length;

describe('createMemoryCache', () => {
  it('returns what was stored and counts hits and misses', async () => {
    const c = createMemoryCache<string>({ name: 'pages', maxBytes: 1000, ttlMs: 60_000, sizeOf: bytesOf });
    expect(await c.get('a')).toBeUndefined();
    await c.set('a', 'hello');
    expect(await c.get('a')).toBe('hello');
    expect(await c.get('a')).toBe('hello');
    const s = c.stats();
    expect(s).toMatchObject({ name: 'pages', entries: 1, hits: 2, misses: 1, maxBytes: 1000 });
    expect(s.bytes).toBe('hello'.length + 'a'.length);
  });

  it('stays within its byte bound, evicting the least recently used', async () => {
    const c = createMemoryCache<string>({ name: 'x', maxBytes: 100, ttlMs: 60_000, sizeOf: bytesOf, maxEntryBytes: 100 });
    await c.set('k1', 'a'.repeat(38));
    await c.set('k2', 'b'.repeat(38));
    await c.get('k1'); // k1 is now more recent than k2
    await c.set('k3', 'c'.repeat(38));
    expect(c.stats().bytes).toBeLessThanOrEqual(100);
    expect(await c.get('k2')).toBeUndefined();
    expect(await c.get('k1')).toBeDefined();
    expect(await c.get('k3')).toBeDefined();
  });

  it('refuses one entry larger than maxEntryBytes instead of flushing the cache', async () => {
    const c = createMemoryCache<string>({ name: 'x', maxBytes: 1000, ttlMs: 60_000, sizeOf: bytesOf });
    await c.set('small', 'abc');
    await c.set('huge', 'z'.repeat(600)); // default maxEntryBytes = maxBytes / 4
    expect(await c.get('huge')).toBeUndefined();
    expect(await c.get('small')).toBe('abc');
  });

  it('expires entries after the ttl, and honours a per-entry ttl', async () => {
    const c = createMemoryCache<string>({ name: 'x', maxBytes: 1000, ttlMs: 40, sizeOf: bytesOf });
    await c.set('short', 'v');
    await c.set('long', 'v', 5_000);
    await sleep(80);
    expect(await c.get('short')).toBeUndefined();
    expect(await c.get('long')).toBe('v');
  });

  it('does not store an entry given a zero lifetime', async () => {
    const c = createMemoryCache<string>({ name: 'x', maxBytes: 1000, ttlMs: 60_000, sizeOf: bytesOf });
    await c.set('k', 'v', 0);
    expect(await c.get('k')).toBeUndefined();
  });

  it('keeps falsy values distinguishable from a miss', async () => {
    const c = createMemoryCache<unknown>({ name: 'x', maxBytes: 1000, ttlMs: 60_000, sizeOf: () => 1 });
    await c.set('zero', 0);
    await c.set('null', null);
    expect(await c.get('zero')).toBe(0);
    expect(await c.get('null')).toBeNull();
  });

  it('with maxBytes 0 is off: stores nothing', async () => {
    const c = createMemoryCache<string>({ name: 'off', maxBytes: 0, ttlMs: 60_000, sizeOf: bytesOf });
    await c.set('k', 'v');
    expect(await c.get('k')).toBeUndefined();
    expect(c.stats()).toMatchObject({ entries: 0, maxBytes: 0, misses: 1 });
  });

  it('rejects nonsense bounds at creation', () => {
    expect(() => createMemoryCache<string>({ name: 'x', maxBytes: -1, ttlMs: 1000, sizeOf: bytesOf })).toThrow(/maxBytes/);
    expect(() => createMemoryCache<string>({ name: 'x', maxBytes: 10, ttlMs: 0, sizeOf: bytesOf })).toThrow(/ttlMs/);
  });
});
