// A short-lived cache of rendered pages, so a popular page costs one render per minute rather than
// one per visitor. Keyed by path, query and the visitor's effective settings (the only visitor
// input a page depends on). A handler opts in per response with the STORE_HEADER, and only when
// the page is final (no image still waiting for its AI verdict); the header never leaves the app.
import type { MiddlewareHandler } from 'hono';
import type { AsyncCache } from '../domain/cache.js';

export const STORE_HEADER = 'x-corkboard-store';

export interface RenderedPage {
  body: string;
  contentType: string;
  cacheControl: string;
}

export function renderedPageCache(opts: {
  cache: AsyncCache<RenderedPage>;
  ttlMs: number;
  /** The visitor's effective settings as a stable string. */
  settingsKey: (c: Parameters<MiddlewareHandler>[0]) => string;
  onLookup?: (result: 'hit' | 'miss') => void;
}): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const url = new URL(c.req.url);
    const key = `${url.pathname}?${url.search}|${opts.settingsKey(c)}`;
    const hit = await opts.cache.get(key);
    if (hit) {
      opts.onLookup?.('hit');
      return c.body(hit.body, 200, { 'Content-Type': hit.contentType, 'Cache-Control': hit.cacheControl });
    }
    opts.onLookup?.('miss');
    await next();
    if (!c.res.headers.has(STORE_HEADER)) return;
    c.res.headers.delete(STORE_HEADER);
    if (c.res.status !== 200) return;
    const body = await c.res.clone().text();
    await opts.cache.set(
      key,
      { body, contentType: c.res.headers.get('content-type') ?? 'text/html; charset=UTF-8', cacheControl: c.res.headers.get('cache-control') ?? 'no-store' },
      opts.ttlMs,
    );
  };
}
