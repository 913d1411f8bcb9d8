// Outbound links as Corkboard shows them: http(s) only, Pinterest's redirect wrappers unwrapped,
// trackers stripped, links back into Pinterest turned into this instance's own local paths.
import { toLocalMediaPath } from '../media/paths.js';
import { parseHttpUrl } from './http-url.js';
import { isPinimgHost, isShortLinkHost, looksLikePinterestHost } from './pinterest-hosts.js';

const MAX_LINK_LENGTH = 2048;
const MAX_UNWRAP_DEPTH = 3;

/**
 * Query parameters that only identify a click, a campaign or a sharer. Exact names; `utm_*` is a
 * prefix. `epik` is the click id Pinterest appends to outbound links; `invite_code`, `sender`, `sfo`
 * ride on pin.it landing URLs and name the person who shared (docs/pinterest-protocol.md §2).
 */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid',
  'li_fat_id', 'igshid', 'igsh', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp',
  'hsctatracking', 'mkt_tok', 'ref_src', 'ref_url', 'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv',
  'rb_clickid', 's_cid', 'wickedid', 'epik', 'invite_code', 'sender', 'sfo', '_ga', '_gl',
]);

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}


/**
 * Redirect wrappers whose target sits in one query parameter. Pinterest's own is
 * `https://www.pinterest.com/offsite/?token=..&url=<target>&pin=..&client_tracking_params=..`
 * (seen in public code and pages that copied such links). The others are the common shims a pin's
 * link is sometimes saved through; each is unwrapped only on its own host and path.
 */
function wrappedTarget(u: URL): { target: string | null } | null {
  const host = u.hostname.toLowerCase();
  const path = u.pathname;
  const q = (name: string) => ({ target: u.searchParams.get(name) });
  if (looksLikePinterestHost(host) && /^\/offsite\/?$/.test(path)) return q('url');
  if (/^(?:www\.)?google\.[a-z.]{2,6}$/.test(host) && path === '/url') return { target: u.searchParams.get('q') ?? u.searchParams.get('url') };
  if (/^(?:l|lm|m|www)\.facebook\.com$/.test(host) && path === '/l.php') return q('u');
  if (host === 'l.instagram.com' && path === '/') return q('u');
  if (host === 'out.reddit.com') return q('url');
  return null;
}

/**
 * A link into Pinterest itself becomes the matching local path (Corkboard mirrors Pinterest's
 * paths), so the visitor stays on this instance. Anything we cannot map safely is dropped.
 */
function pinterestToLocal(u: URL): string | null {
  const segs = u.pathname.split('/').filter((s) => s !== '');
  if (segs.length === 0) return '/';
  if (!segs.every((s) => /^[A-Za-z0-9%._~-]{1,200}$/.test(s) && s !== '.' && s !== '..')) return null;
  if (segs[0] === 'pin' && segs[1]) {
    // `/pin/<slug>--<id>/` carries the id after the last `--`.
    const id = segs[1].includes('--') ? segs[1].slice(segs[1].lastIndexOf('--') + 2) : segs[1];
    return /^[A-Za-z0-9_-]{1,100}$/.test(id) ? `/pin/${id}/` : null;
  }
  if (segs[0] === 'search' && segs.length === 2) {
    const query = u.searchParams.get('q');
    return query ? `/search/${segs[1]}/?q=${encodeURIComponent(query)}` : `/search/${segs[1]}/`;
  }
  if (segs.length > 3) return null;
  return `/${segs.join('/')}/`;
}

/**
 * Clean one outbound link. Returns an absolute http(s) URL with trackers removed, a local path for
 * links back into Pinterest (`/pin/ID/`, `/user/board/`, `/pin.it/CODE`, `/img/...`), or null for
 * anything else (other schemes, unparseable input, Pinterest static hosts).
 */
export function cleanOutboundLink(raw: unknown): string | null {
  return clean(raw, 0);
}

function clean(raw: unknown, depth: number): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text === '' || text.length > MAX_LINK_LENGTH) return null;
  // Only absolute http(s) URLs: `javascript:`, `data:`, protocol-relative and relative links go.
  if (!/^https?:\/\//i.test(text)) return null;
  const u = parseHttpUrl(text);
  if (!u) return null;
  // Credentials in a link are at best noise and at worst a phishing trick (`https://bank.com@evil`).
  u.username = '';
  u.password = '';
  const host = u.hostname.toLowerCase();

  const wrapper = wrappedTarget(u);
  if (wrapper !== null) return wrapper.target !== null && depth < MAX_UNWRAP_DEPTH ? clean(wrapper.target, depth + 1) : null;

  // The broad rule (pinterest-hosts.ts): a link that might be Pinterest stays on this instance.
  if (looksLikePinterestHost(host)) return pinterestToLocal(u);
  if (isShortLinkHost(host)) {
    const code = u.pathname.replace(/^\/+|\/+$/g, '');
    return /^[A-Za-z0-9_-]{1,40}$/.test(code) ? `/pin.it/${code}` : null;
  }
  if (isPinimgHost(host)) return toLocalMediaPath(u.toString());

  for (const name of [...u.searchParams.keys()]) {
    if (isTrackingParam(name)) u.searchParams.delete(name);
  }
  // URLSearchParams re-encodes; drop a now-empty `?`.
  if ([...u.searchParams.keys()].length === 0) u.search = '';
  return u.toString();
}

/** The host of a cleaned absolute link without a leading `www.`, or null for local paths. */
export function linkDomain(cleaned: string | null): string | null {
  if (cleaned === null || cleaned.startsWith('/')) return null;
  try {
    return new URL(cleaned).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
