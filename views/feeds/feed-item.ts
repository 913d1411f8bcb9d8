// One pin as an RSS item: title, absolute links to this instance, the image through this
// instance's proxy, the cleaned outbound link, the pinner, date and an image enclosure.
import type { AiVerdict, Pin } from '../../src/domain/types.js';
import type { Treatment } from '../../src/policy/types.js';
import { badgeWord, verdictReasons } from '../ai-explain.js';
import { coverImage, pickVariant } from '../images.js';
import { cleanText, pinPath, safeOutboundLink } from '../safe.js';
import type { RssItem } from './rss.js';
import { escapeHtml } from './xml.js';

/** Feed images: the largest variant no wider than 736 px (readers show them inline). */
const FEED_MAX_WIDTH = 736;
const TITLE_MAX = 140;

const TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };

/** MIME type from a path's extension, or null for anything that is not a plain image. */
export function imageTypeOf(path: string): string | null {
  const m = /\.([a-z0-9]+)$/i.exec(path);
  return m ? (TYPES[m[1]!.toLowerCase()] ?? null) : null;
}

/** `https://example.org/` -> `https://example.org` (no trailing slash, so paths join cleanly). */
function originOf(base: string): string {
  return base.replace(/\/+$/, '');
}

function firstLine(text: string): string {
  const line = cleanText(text).split(/\r?\n/).find((l) => l.trim()) ?? '';
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line.trim();
}

function htmlLines(text: string): string {
  return cleanText(text).replace(/\r\n?/g, '\n').split('\n').map(escapeHtml).join('<br>');
}

/**
 * @param base the instance's public origin, e.g. `https://corkboard.example` (absolute links).
 * @param treatment `blur` keeps the image out of the item (feeds cannot blur); others show it.
 */
export function feedItemFromPin(pin: Pin, verdict: AiVerdict, base: string, treatment: Treatment = 'plain'): RssItem {
  const origin = originOf(base);
  const link = `${origin}${pinPath(pin.id)}`;
  const title = firstLine(pin.title) || firstLine(pin.description) || firstLine(pin.altText) || `Pin ${cleanText(pin.id)}`;
  const withImage = treatment !== 'blur';
  const img = withImage ? pickVariant(coverImage(pin), FEED_MAX_WIDTH, FEED_MAX_WIDTH) : null;
  const imgUrl = img ? `${origin}${img.path}` : null;

  const html: string[] = [];
  if (imgUrl) {
    const dims = img && img.width && img.height ? ` width="${img.width}" height="${img.height}"` : '';
    html.push(`<p><a href="${escapeHtml(link)}"><img src="${escapeHtml(imgUrl)}" alt="${escapeHtml(pin.altText || pin.title)}"${dims}></a></p>`);
  } else if (!withImage) {
    const word = badgeWord(verdict, 'blur') ?? 'Maybe AI';
    html.push(`<p>Image withheld (${escapeHtml(word)}). <a href="${escapeHtml(link)}">Open the pin</a> to see it.</p>`);
  }
  if (pin.video) html.push(`<p><a href="${escapeHtml(link)}">Watch the video</a></p>`);
  if (pin.description) html.push(`<p>${htmlLines(pin.description)}</p>`);
  const out = safeOutboundLink(pin.link);
  if (out) {
    const href = out.kind === 'external' ? out.href : `${origin}${out.href}`;
    const text = out.kind === 'external' ? out.host : out.href;
    html.push(`<p>Source: <a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${escapeHtml(text)}</a></p>`);
  }
  // The same words as the pin page's visible reason, without numbers; nothing for other verdicts.
  const word = badgeWord(verdict, treatment);
  if (word) {
    const reasons = verdictReasons(verdict, { sensitivity: 'medium', thresholds: null });
    html.push(`<p>${escapeHtml(word)}: ${escapeHtml(cleanText(reasons.join('. ')))}.</p>`);
  }

  const type = img ? imageTypeOf(img.path) : null;
  const created = pin.createdAt ? new Date(pin.createdAt) : null;
  const pinner = pin.pinner ? cleanText(pin.pinner.fullName) || cleanText(pin.pinner.username) : null;
  return {
    title,
    link,
    guid: pin.id,
    description: html.join(''),
    author: pinner,
    pubDate: created && Number.isFinite(created.getTime()) ? created : null,
    enclosure: imgUrl && type ? { url: imgUrl, type } : null,
  };
}
