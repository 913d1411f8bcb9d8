// The rendered-page cache: a stored page is served without running the handler again, per
// settings; pages not marked final are never stored, and the marker never leaves the app.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderedPageCache, STORE_HEADER, type RenderedPage } from '../../src/web/page-cache.js';
import { createMemoryCache } from '../../src/upstream/memory-cache.js';

function build() {
  const cache = createMemoryCache<RenderedPage>({ name: 'rendered', maxBytes: 1 << 20, ttlMs: 60_000, sizeOf: (p) => p.body.length });
  const calls = { final: 0, partial: 0 };
  const lookups: string[] = [];
  const app = new Hono();
  app.use('*', renderedPageCache({ cache, ttlMs: 60_000, settingsKey: (c) => c.req.header('x-settings') ?? '', onLookup: (r) => lookups.push(r) }));
  app.get('/final', (c) => {
    calls.final += 1;
    return c.html(`final ${calls.final}`, 200, { [STORE_HEADER]: '1', 'Cache-Control': 'no-store' });
  });
  app.get('/partial', (c) => {
    calls.partial += 1;
    return c.html(`partial ${calls.partial}`);
  });
  return { app, calls, lookups };
}

describe('renderedPageCache', () => {
  it('serves a final page from the cache, keyed by path, query and settings', async () => {
    const { app, calls, lookups } = build();
    const first = await app.request('/final?q=a');
    expect(first.headers.has(STORE_HEADER)).toBe(false);
    expect(await first.text()).toBe('final 1');
    const again = await app.request('/final?q=a');
    expect(await again.text()).toBe('final 1');
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(calls.final).toBe(1);
    expect(await (await app.request('/final?q=b')).text()).toBe('final 2');
    expect(await (await app.request('/final?q=a', { headers: { 'x-settings': 'ai=off' } })).text()).toBe('final 3');
    expect(lookups).toEqual(['miss', 'hit', 'miss', 'miss']);
  });

  it('never stores a page the handler did not mark final', async () => {
    const { app, calls } = build();
    await app.request('/partial');
    expect(await (await app.request('/partial')).text()).toBe('partial 2');
    expect(calls.partial).toBe(2);
  });
});
