// Guards every value a view puts into an attribute or text: local paths, media paths, outbound
// links and free text. The parser already cleans these; views check again because one leaked
// upstream URL or `javascript:` link would break the privacy promise or the page.
import { parseHttpUrl } from '../src/links/http-url.js';
import { isPinimgHost, isShortLinkHost, reachesPinterest } from '../src/links/pinterest-hosts.js';

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF) and lone surrogates. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that are invalid in XML 1.0 and HTML text (controls, lone surrogates). */
export function cleanText(text: string | null | undefined): string {
  if (!text) return '';
  return String(text).replace(INVALID_XML_CHARS, '');
}

/**
 * A same-origin path for href/action: must start with one `/` (not `//` or `/\`, which browsers
 * read as another host) and carry no control characters or whitespace. Anything else gives null.
 */
export function safeLocalPath(path: string | null | undefined): string | null {
  if (typeof path !== 'string' || path.length === 0 || path.length > 4000) return null;
  if (!path.startsWith('/')) return null;
  if (path.startsWith('//') || path.startsWith('/\\')) return null;
  if (/[\u0000-\u0020\u007F\\]/.test(path)) return null;
  return path;
}

const MEDIA_PREFIXES = ['/img/', '/vid/', '/static/'];

/** A media path served by this instance (`/img/...`, `/vid/...`, `/static/...`), else null. */
export function safeMediaPath(path: string | null | undefined): string | null {
  const local = safeLocalPath(path);
  if (!local) return null;
  if (!MEDIA_PREFIXES.some((p) => local.startsWith(p))) return null;
  // Media paths never need a query or fragment, and `..` has no business in them.
  if (/[?#]|\/\.\.?(\/|$)/.test(local)) return null;
  return local;
}

export const DEFAULT_AVATAR = '/static/default-avatar.png';


export type OutboundLink =
  | { kind: 'external'; href: string; host: string }
  | { kind: 'local'; href: string };

/**
 * An outbound link made safe to render: only http(s) URLs without credentials; links into
 * Pinterest become the matching local path (the instance mirrors Pinterest's paths), links to its
 * media hosts are dropped. `javascript:`, `data:` and anything unparsable give null.
 */
export function safeOutboundLink(url: string | null | undefined): OutboundLink | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4000) return null;
  // Reject control characters and whitespace before parsing: URL() silently strips some of them,
  // which is exactly how `java\tscript:` tricks work.
  if (/[\u0000-\u0020\u007F]/.test(url)) return null;
  // The parser turns links back into Pinterest (another pin, a board) into local paths.
  if (url.startsWith('/')) {
    const local = safeLocalPath(url);
    return local ? { kind: 'local', href: local } : null;
  }
  const u = parseHttpUrl(url);
  if (!u || u.username || u.password) return null;
  const host = u.hostname.toLowerCase();
  // Pinterest's own hosts (the broad rule): a link there would make the visitor's browser contact Pinterest.
  if (reachesPinterest(host)) {
    if (isPinimgHost(host)) return null;
    const local = isShortLinkHost(host) ? `/pin.it${u.pathname}` : `${u.pathname}${u.search}`;
    const safe = safeLocalPath(local);
    return safe ? { kind: 'local', href: safe } : null;
  }
  return { kind: 'external', href: u.href, host: host.replace(/^www\./, '') };
}

/** One path segment or query value, percent-encoded; never throws (lone surrogates are dropped first). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(cleanText(value));
}

/** `/USER/` for a username, with the name percent-encoded so it cannot break out of the path. */
export function userPath(username: string): string {
  return `/${encodeSegment(username)}/`;
}

/** `/pin/ID/`; IDs are digits, anything else is encoded. */
export function pinPath(id: string): string {
  return `/pin/${encodeSegment(id)}/`;
}

/** A count as "1,234", or null when unknown. Fixed locale so pages do not vary by server. */
export function formatCount(n: number | null | undefined): string | null {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
  return new Intl.NumberFormat('en-US').format(Math.round(n));
}

/** "1 save" / "12 saves". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n) ?? n} ${n === 1 ? one : many}`;
}

/** An ISO date as `YYYY-MM-DD` plus the machine value, or null when missing or unparsable. */
export function formatDate(iso: string | null | undefined): { text: string; datetime: string } | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  return { text: d.toISOString().slice(0, 10), datetime: d.toISOString() };
}

/** The model score as the contract's 3-decimal string, or null when unscored or not a number. */
export function formatScore(score: number | null | undefined): string | null {
  if (typeof score !== 'number' || !Number.isFinite(score)) return null;
  return Math.min(1, Math.max(0, score)).toFixed(3);
}
