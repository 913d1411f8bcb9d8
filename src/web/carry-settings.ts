// Settings given in the address (`?ai=label`, `?theme=dark`, ...) ride along on the page's own
// links, its GET forms and its local redirects, so the next click keeps them until the visitor
// saves settings (cookies). Done once, on the finished HTML, instead of threading the query
// through every view: views stay pure functions of their data, and no link can be forgotten.
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { PREF_NAMES, prefsToQuery } from '../policy/prefs.js';
import { prefsFor } from './request-context.js';

/** Local paths that are not pages (files, media, machine endpoints): never given the settings. */
const NOT_PAGES = /^\/(?:static|img|vid)\/|^\/(?:opensearch\.xml|robots\.txt|healthz|metrics|info\.json|favicon\.ico|view-on-pinterest)(?:[?#]|$)/;

/** The settings this request's query names, as the effective (validated) values. */
function settingsFromQuery(c: Context, config: Config): URLSearchParams {
  const query = new URL(c.req.url).searchParams;
  const named = PREF_NAMES.filter((n) => query.has(n));
  const out = new URLSearchParams();
  if (named.length === 0) return out;
  const all = prefsToQuery(prefsFor(c, config), { config });
  for (const name of named) {
    const value = all.get(name);
    if (value !== null) out.set(name, value);
  }
  return out;
}

/** `path` (local, may hold a query and fragment) with each carried setting it does not already set. */
export function withSettings(path: string, carry: URLSearchParams): string {
  if (!path.startsWith('/') || path.startsWith('//') || NOT_PAGES.test(path)) return path;
  const url = new URL(path, 'http://local.invalid');
  let changed = false;
  for (const [k, v] of carry) {
    if (url.searchParams.has(k)) continue;
    url.searchParams.set(k, v);
    changed = true;
  }
  return changed ? url.pathname + url.search + url.hash : path;
}

const unescapeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML with the settings on every local page link and as hidden fields in every GET form. */
export function carrySettingsInHtml(html: string, carry: URLSearchParams): string {
  if ([...carry.keys()].length === 0) return html;
  const hidden = [...carry].map(([k, v]) => `<input type="hidden" name="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`).join('');
  return html
    .replace(/(<a\b[^>]*?\shref=")(\/[^"]*)"/g, (_m, head: string, href: string) => `${head}${escapeAttr(withSettings(unescapeAttr(href), carry))}"`)
    .replace(/<form\b[^>]*\bmethod="get"[^>]*>/gi, (open) => `${open}${hidden}`);
}

/** Middleware: rewrites HTML pages and local redirects of requests whose query names settings. */
export function carrySettings(config: Config): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // The settings pages themselves save or restore from the query: they keep their own links.
    if (c.req.path === '/settings' || c.req.path.startsWith('/settings/')) return;
    const carry = settingsFromQuery(c, config);
    if ([...carry.keys()].length === 0) return;
    const res = c.res;
    const location = res.headers.get('location');
    if (location && res.status >= 300 && res.status < 400) {
      res.headers.set('Location', withSettings(location, carry));
      return;
    }
    if (!/^text\/html\b/i.test(res.headers.get('content-type') ?? '') || res.headers.has('content-encoding')) return;
    const html = carrySettingsInHtml(await res.text(), carry);
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    res.headers.delete('content-length');
    c.res = new Response(html, { status: res.status, statusText: res.statusText, headers });
  };
}
