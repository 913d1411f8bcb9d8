// A tiny RSS 2.0 writer (no library): channel + items, every value escaped as text, invalid XML
// characters stripped, an atom:link rel="self", guids that are pin IDs (isPermaLink="false").
import { element, escapeXml } from './xml.js';

interface RssEnclosure {
  /** Absolute URL on this instance. */
  url: string;
  type: string;
  /** Bytes; RSS requires the attribute, so unknown is written as 0. */
  length?: number;
}

export interface RssItem {
  title: string;
  /** Absolute URL: `${base}/pin/ID/`. */
  link: string;
  /** The pin ID. */
  guid: string;
  /** An HTML fragment (built from escaped data); it is escaped once more as XML text. */
  description: string;
  /** Written as <dc:creator>: RSS's own <author> must be an e-mail address. */
  author: string | null;
  pubDate: Date | null;
  enclosure?: RssEnclosure | null;
  /** Written as <category> elements. */
  categories?: string[];
}

export interface RssChannel {
  title: string;
  /** Absolute URL of the page the feed mirrors. */
  link: string;
  /** Absolute URL of the feed itself (atom:link rel="self"). */
  selfLink: string;
  description: string;
  /** Defaults to none, so the same input always gives the same bytes. */
  lastBuildDate?: Date | null;
  /** Minutes readers should wait between polls. */
  ttl?: number;
  items: RssItem[];
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

/** RFC 822 date as RSS wants it; null for a missing or invalid date. */
function rfc822(date: Date | null | undefined): string | null {
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) return null;
  return date.toUTCString();
}

function renderItem(item: RssItem): string {
  const parts = [
    element('title', item.title),
    element('link', item.link),
    element('guid', item.guid, { isPermaLink: 'false' }),
    element('description', item.description),
  ];
  if (item.author) parts.push(element('dc:creator', item.author));
  const date = rfc822(item.pubDate);
  if (date) parts.push(element('pubDate', date));
  for (const c of item.categories ?? []) parts.push(element('category', c));
  const enc = item.enclosure;
  if (enc) {
    const length = typeof enc.length === 'number' && Number.isFinite(enc.length) && enc.length >= 0 ? Math.round(enc.length) : 0;
    parts.push(`<enclosure url="${escapeXml(enc.url)}" length="${length}" type="${escapeXml(enc.type)}"/>`);
  }
  return `<item>${parts.join('')}</item>`;
}

export function renderRss(channel: RssChannel): string {
  const head = [
    element('title', channel.title),
    element('link', channel.link),
    element('description', channel.description),
    `<atom:link href="${escapeXml(channel.selfLink)}" rel="self" type="application/rss+xml"/>`,
    element('generator', 'Corkboard'),
  ];
  const built = rfc822(channel.lastBuildDate);
  if (built) head.push(element('lastBuildDate', built));
  if (typeof channel.ttl === 'number' && Number.isFinite(channel.ttl) && channel.ttl > 0) head.push(element('ttl', Math.round(channel.ttl)));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<rss version="2.0" xmlns:atom="${ATOM_NS}" xmlns:dc="${DC_NS}">\n<channel>\n` +
    head.join('\n') +
    '\n' +
    channel.items.map(renderItem).join('\n') +
    (channel.items.length ? '\n' : '') +
    '</channel>\n</rss>\n'
  );
}
