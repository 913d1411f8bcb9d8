// Per-request facts every route needs: the visitor's effective settings, the instance's public
// origin (for feeds and absolute links), and whether the visitor reached us over TLS.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../config.js';
import type { Prefs } from '../policy/types.js';
import { resolvePrefs } from '../policy/prefs.js';
// The one bound on a search's length: what the client would refuse, the page trims to.
import { MAX_QUERY_LENGTH } from '../upstream/resource-requests.js';

// Several stages ask for the same request's settings (page cache key, handler): resolve once.
const resolved = new WeakMap<Request, Prefs>();

/** RSS feed paths: `/USER/feed.rss`, `/USER/BOARD.rss`, `/search/pins/feed.rss`. */
function isFeedPath(path: string): boolean {
  return path.endsWith('.rss');
}

/**
 * The visitor's settings: query, else cookie, else default. Feeds take the query only: feed
 * readers send no cookies, and a feed that followed a browser's cookies would differ per visitor
 * at one URL, which shared caches cannot tell apart (issue 18 row 7).
 */
export function prefsFor(c: Context, config: Config): Prefs {
  const known = resolved.get(c.req.raw);
  if (known) return known;
  const query = new URL(c.req.url).searchParams;
  const cookies = isFeedPath(c.req.path) ? {} : getCookie(c);
  const prefs = resolvePrefs({ cookies, query, config });
  resolved.set(c.req.raw, prefs);
  return prefs;
}

/** True when the visitor reached the instance over TLS (directly, or via a trusted proxy). */
export function isSecureRequest(c: Context, config: Config): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return config.server.trustProxy && c.req.header('x-forwarded-proto') === 'https';
}

const HOST_RE = /^(?:[a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}(?::\d{1,5})?$|^\[[0-9a-f:.]{2,45}\](?::\d{1,5})?$/i;

/**
 * The instance's public origin: CORKBOARD_PUBLIC_URL; else the request's Host when it is one of
 * CORKBOARD_PUBLIC_HOSTS (the first listed otherwise); else, with neither configured (the
 * contract's default), the request's own Host, validated.
 */
export function publicOrigin(c: Context, config: Config): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/+$/, '');
  const host = (c.req.header('host') ?? '').toLowerCase();
  const scheme = isSecureRequest(c, config) ? 'https' : 'http';
  const allowed = config.server.publicHosts;
  if (allowed.length > 0) return `${scheme}://${allowed.includes(host) ? host : allowed[0]}`;
  return HOST_RE.test(host) ? `${scheme}://${host}` : `${scheme}://localhost`;
}

/** True when absolute links come from configuration, not from whatever Host the client sent. */
export function publicOriginConfigured(config: Config): boolean {
  return config.server.publicUrl !== null || config.server.publicHosts.length > 0;
}

/** A 400 for bad visitor input; app.onError renders it with this message (issue 18 row 14). */
function badRequest(message: string): HTTPException {
  return new HTTPException(400, { message });
}

/**
 * Pinterest's bookmark cursor from `?bookmark=` (opaque base64-ish text), null when absent. One
 * that cannot be Pinterest's (too long, other characters) is a broken link: 400, not page one.
 */
export function bookmarkParam(c: Context): string | null {
  const raw = c.req.query('bookmark');
  if (raw === undefined || raw === '') return null;
  if (raw.length > 2048 || !/^[A-Za-z0-9+/=_|:.-]+$/.test(raw)) {
    throw badRequest('This page link is broken: its “bookmark” is not one this instance made. Start again from the first page.');
  }
  return raw;
}

// C0 and C1 controls and DEL: no search needs them, and Pinterest answers them with "not found".
const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;

/** The `?q=` of a search page or feed, trimmed and bounded; '' when absent; 400 for control characters. */
export function searchQueryParam(c: Context): string {
  const raw = c.req.query('q') ?? '';
  if (CONTROL_CHARS.test(raw)) throw badRequest('A search cannot contain control characters. Type the words you are looking for.');
  return raw.trim().slice(0, MAX_QUERY_LENGTH);
}

/** Thrown at a stage boundary once the visitor has closed the connection: stop the work. */
export class RequestAbandoned extends Error {
  override readonly name = 'RequestAbandoned';
  constructor() {
    super('the visitor closed the connection');
  }
}

/**
 * Throws RequestAbandoned when the visitor has gone (the server aborts the request's signal when
 * the connection closes before the answer): pages stop before further upstream pages, scoring
 * and rendering instead of finishing work no one receives.
 */
export function throwIfAbandoned(c: Context): void {
  if (c.req.raw.signal.aborted) throw new RequestAbandoned();
}

/** The current path and query with `extra` merged in (for next-page and show-hidden links). */
export function withQuery(c: Context, extra: Record<string, string | null>): string {
  const url = new URL(c.req.url);
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  const qs = url.searchParams.toString();
  return url.pathname + (qs ? `?${qs}` : '');
}
