// What every HTML page route shares: the response with its caching headers, and feed links that
// carry the visitor's settings.
import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import { prefsToQuery } from '../policy/prefs.js';
import type { Prefs } from '../policy/types.js';
import { STORE_HEADER } from '../web/page-cache.js';

/** A feed URL carrying the visitor's non-default settings (feed readers send no cookies). */
export function feedHref(path: string, prefs: Prefs, deps: Deps, extra: Record<string, string> = {}): string | null {
  if (!deps.config.features.feeds) return null;
  const q = new URLSearchParams(extra);
  for (const [k, v] of prefsToQuery(prefs, { config: deps.config, onlyNonDefault: true })) q.append(k, v);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * An HTML response. Pages depend on the visitor's cookies: only the browser may keep them,
 * briefly. `store` lets the instance's own rendered-page cache keep a final page.
 */
export function html(c: Context, body: string, opts: { cacheSeconds?: number; store?: boolean } = {}): Response {
  const res = c.html(body);
  const seconds = opts.cacheSeconds ?? 0;
  res.headers.set('Cache-Control', seconds > 0 ? `private, max-age=${seconds}` : 'no-store');
  if (opts.store) res.headers.set(STORE_HEADER, '1');
  return res;
}
