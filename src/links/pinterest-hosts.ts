// Which hosts are Pinterest's, in one place (docs/pinterest-protocol.md §7, §8). Two rules, each
// for its job:
// - isPinterestPageHost: the closed list of hosts that serve Pinterest's pages. Used to recognise a
//   URL a visitor gives us, so lookalikes (pinterest.com.evil.com, pinterest.evil) never count.
// - reachesPinterest: anything that might be Pinterest or its media/short-link hosts. Used where a
//   wrong "yes" is harmless and a wrong "no" would let the visitor's browser contact Pinterest:
//   such links are turned into local paths or dropped, never rendered as outbound links.

// Country TLDs Pinterest serves (yt-dlp's list) plus .com.
const TLDS = [
  'com', 'fr', 'de', 'ch', 'jp', 'cl', 'ca', 'it', 'co.uk', 'nz', 'ru', 'com.au', 'at', 'pt', 'co.kr', 'es',
  'com.mx', 'dk', 'ph', 'th', 'com.uy', 'co', 'nl', 'info', 'kr', 'ie', 'vn', 'com.vn', 'ec', 'mx', 'in', 'pe',
  'co.at', 'hu', 'co.in', 'co.nz', 'id', 'com.ec', 'com.py', 'tw', 'be', 'uk', 'com.bo', 'com.pe',
] as const;
export const PINTEREST_HOST_TLDS: readonly string[] = TLDS;

// www. or a two-letter country subdomain (de., ru., uk., ...); api./ads. and the like are not pages.
const PAGE_HOST_RE = new RegExp(`^(?:(?:www|[a-z]{2})\\.)?pinterest\\.(?:${TLDS.map((t) => t.replace('.', '\\.')).join('|')})$`);
// Any subdomain of pinterest.<2-4 letters>[.<2 letters>]: every listed TLD and any new one.
const PINTEREST_LIKE_RE = /(?:^|\.)pinterest\.[a-z]{2,4}(?:\.[a-z]{2})?$/;
const PINIMG_RE = /(?:^|\.)pinimg\.com$/;
const SHORTLINK_RE = /(?:^|\.)pin\.it$/;

const norm = (host: string) => host.toLowerCase();

/** A host that serves Pinterest's pages (closed list). */
export function isPinterestPageHost(host: string): boolean {
  return PAGE_HOST_RE.test(norm(host));
}

/** Pinterest's short-link host (pin.it, also www.pin.it). */
export function isShortLinkHost(host: string): boolean {
  return SHORTLINK_RE.test(norm(host));
}

/** Pinterest's media CDN (i.pinimg.com, v1.pinimg.com, s.pinimg.com, ...). */
export function isPinimgHost(host: string): boolean {
  return PINIMG_RE.test(norm(host));
}

/** Looks like a Pinterest site, any country or subdomain (the broad rule for pages). */
export function looksLikePinterestHost(host: string): boolean {
  return PINTEREST_LIKE_RE.test(norm(host));
}

/** Might reach Pinterest at all: its pages (broad rule), its media CDN or its short links. */
export function reachesPinterest(host: string): boolean {
  return looksLikePinterestHost(host) || isPinimgHost(host) || isShortLinkHost(host);
}
