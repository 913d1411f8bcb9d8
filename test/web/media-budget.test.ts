// Media's own budget (issue 18 rows 2 and 8): fetch slots, stream slots, the per-client cap, and
// that no per-client state outlives the client's streams.
import { describe, expect, it } from 'vitest';
import { createMediaBudget, DEFAULT_MEDIA_LIMITS } from '../../src/web/media-budget.js';

describe('media budget', () => {
  it('caps streams per client and in all, forgets a client once it holds nothing', () => {
    const b = createMediaBudget({ ...DEFAULT_MEDIA_LIMITS, maxStreams: 3, perClientStreams: 2 });
    const a1 = b.tryStream('a');
    const a2 = b.tryStream('a');
    expect(b.tryStream('a')).toEqual({ refused: 'client' });
    const c1 = b.tryStream('c');
    expect(b.tryStream('d')).toEqual({ refused: 'busy' });
    expect(b.load()).toEqual({ fetches: 0, streams: 3, clients: 2 });
    for (const s of [a1, a2, c1]) if ('release' in s) { s.release(); s.release(); } // double release is harmless
    expect(b.load()).toEqual({ fetches: 0, streams: 0, clients: 0 });
    expect('release' in b.tryStream('a')).toBe(true);
  });

  it('caps uncached fetches', () => {
    const b = createMediaBudget({ ...DEFAULT_MEDIA_LIMITS, maxFetches: 2 });
    const r1 = b.tryFetch();
    const r2 = b.tryFetch();
    expect(b.tryFetch()).toBeNull();
    r1!();
    r1!();
    expect(b.tryFetch()).not.toBeNull();
    r2!();
  });
});
