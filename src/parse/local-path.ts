// Pinterest's own page paths (`board.url` = "/user/slug/") -> the same path on this instance,
// validated so a hostile value cannot become an off-site or malformed link.
import { cleanOutboundLink } from '../links/clean-link.js';

const SEGMENT_RE = /^[A-Za-z0-9%._~-]{1,200}$/;

/** A board/section/user path such as `/user/slug/` (percent-encoded Unicode kept), or null. */
export function localPagePath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 600) return null;
  if (/^https?:\/\//i.test(raw)) {
    const local = cleanOutboundLink(raw);
    return local !== null && local.startsWith('/') && !local.startsWith('/pin.it/') ? local : null;
  }
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  const segs = raw.split(/[?#]/)[0]!.split('/').filter((s) => s !== '');
  if (segs.length === 0 || segs.length > 4) return null;
  if (!segs.every((s) => SEGMENT_RE.test(s) && s !== '.' && s !== '..')) return null;
  return `/${segs.join('/')}/`;
}

/** The last segment of a local path, percent-decoded: a readable fallback name for a board. */
export function lastSegmentName(path: string): string {
  const last = path.split('/').filter((s) => s !== '').pop() ?? '';
  try {
    return decodeURIComponent(last).replace(/-/g, ' ');
  } catch {
    return last;
  }
}
