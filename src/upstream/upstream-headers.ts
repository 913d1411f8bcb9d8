// The fixed request headers sent upstream. They come only from the instance's configuration and
// the route being emulated: nothing from a visitor (no cookies, no Referer, no client IP, no
// visitor User-Agent or language) is ever forwarded.

import { UpstreamError } from '../domain/errors.js';

/** What every upstream request says about "who" is asking: the instance, same for everyone. */
export interface InstanceIdentity {
  userAgent: string;
  acceptLanguage: string;
}

/** A current desktop Chrome UA (docs/pinterest-protocol.md §3 recommends a browser UA). */
export const DEFAULT_UPSTREAM_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const DEFAULT_ACCEPT_LANGUAGE = 'en-US,en;q=0.9';

// We decode these ourselves (undici's request() does not): pages are large and compress ~10x.
const ACCEPT_ENCODING_TEXT = 'gzip, deflate, br';

/** The route templates Pinterest's web app sends as X-Pinterest-PWS-Handler (docs/pinterest-protocol.md §2, §7). */
export const PWS_HANDLERS = {
  pin: 'www/pin/[id].js',
  user: 'www/[username].js',
  userCreated: 'www/[username]/_created.js',
  board: 'www/[username]/[slug].js',
  section: 'www/[username]/[slug]/[section_slug].js',
  search: 'www/search/[scope].js',
} as const;

const HANDLER_RE = /^www\/[A-Za-z0-9_[\]/.-]{1,120}\.js$/;
const HEADER_VALUE_RE = /^[\x20-\x7e]*$/;

function assertHeaderSafe(what: string, value: string): void {
  // Printable ASCII only: no CR/LF injection, and non-ASCII would be mangled on the wire.
  if (!HEADER_VALUE_RE.test(value) || value.length > 4096) {
    throw new UpstreamError('bad-shape', `${what} is not a safe header value`);
  }
}

function base(id: InstanceIdentity): Record<string, string> {
  assertHeaderSafe('user agent', id.userAgent);
  assertHeaderSafe('accept-language', id.acceptLanguage);
  return { 'user-agent': id.userAgent, 'accept-language': id.acceptLanguage };
}

/** Headers for a resource-API call (docs/pinterest-protocol.md §3). sourceUrl may be '' when unknown. */
export function resourceHeaders(id: InstanceIdentity, handler: string, sourceUrl: string): Record<string, string> {
  if (!HANDLER_RE.test(handler)) throw new UpstreamError('bad-shape', `invalid PWS handler ${JSON.stringify(handler.slice(0, 80))}`);
  assertHeaderSafe('source url', sourceUrl);
  const h: Record<string, string> = {
    ...base(id),
    accept: 'application/json, text/javascript, */*, q=0.01',
    'accept-encoding': ACCEPT_ENCODING_TEXT,
    'x-requested-with': 'XMLHttpRequest',
    'x-pinterest-appstate': 'active',
    'x-pinterest-pws-handler': handler,
  };
  if (sourceUrl) h['x-pinterest-source-url'] = sourceUrl;
  return h;
}

/** Headers for an HTML page, as a browser's top-level navigation would send. */
export function pageHeaders(id: InstanceIdentity): Record<string, string> {
  return {
    ...base(id),
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-encoding': ACCEPT_ENCODING_TEXT,
  };
}

/**
 * Headers for images, video and playlists. Identity encoding: media is already compressed, and a
 * byte Range must address the bytes as stored.
 */
export function mediaHeaders(id: InstanceIdentity, range?: string): Record<string, string> {
  const h: Record<string, string> = { ...base(id), accept: '*/*', 'accept-encoding': 'identity' };
  if (range) {
    assertHeaderSafe('range', range);
    h.range = range;
  }
  return h;
}

/** Headers for the short-link redirect endpoint (we only read its Location). */
export function shortLinkHeaders(id: InstanceIdentity): Record<string, string> {
  return { ...base(id), accept: '*/*', 'accept-encoding': 'identity' };
}
