import { describe, expect, it } from 'vitest';
import { createUpstreamCaches } from '../../src/upstream/caches.js';

describe('createUpstreamCaches', () => {
  it('bounds each cache by the recorded entry sizes', async () => {
    const { pages, images } = createUpstreamCaches({ pagesMaxBytes: 10_000, imagesMaxBytes: 0, keepMs: 60_000 });
    await pages.set('a', { value: 'x', fetchedAt: 1, size: 2_000 });
    await pages.set('b', { value: 'y', fetchedAt: 1, size: 2_000 });
    expect(pages.stats()).toMatchObject({ name: 'pages', entries: 2, maxBytes: 10_000 });
    expect(pages.stats().bytes).toBeGreaterThanOrEqual(4_000);
    await images.set('i', { value: { bytes: Buffer.alloc(1), contentType: 'image/png' }, fetchedAt: 1, size: 10 });
    expect(await images.get('i')).toBeUndefined(); // 0 bytes: off
  });
});
