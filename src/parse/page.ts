// A feed's item list and bookmark -> Page<T>: only pins (search `story` groups opened up), no
// promoted pins, and Pinterest's end-of-feed bookmarks turned into null.
import type { Page, Pin } from '../domain/types.js';
import { isUpstreamError } from '../domain/errors.js';
import { arr, child, isObject } from './decode.js';

/** Missing, `-end-`, or base64 of `cbNone;` (`Y2JOb25lO...`) all mean "no next page" (docs/pinterest-protocol.md §0). */
export function nextBookmark(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const b = raw.trim();
  if (b === '' || b === '-end-' || b.startsWith('Y2JOb25lO') || b.length > 4096) return null;
  return b;
}

/**
 * Items of a pin feed, keeping only pins. Search results may carry `type: "story"` groups whose pins
 * sit in `objects[]`. Items without a type count as pins when they hold an image map.
 */
function pinItems(items: unknown[], path: string): Array<{ raw: unknown; path: string }> {
  const out: Array<{ raw: unknown; path: string }> = [];
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    const type = item['type'];
    if (type === 'pin' || (type === undefined && ('images' in item || 'image_signature' in item))) {
      out.push({ raw: item, path: child(path, i) });
    } else if (type === 'story' && Array.isArray(item['objects'])) {
      item['objects'].forEach((inner, j) => {
        if (isObject(inner) && inner['type'] === 'pin') out.push({ raw: inner, path: `${child(path, i)}.objects[${j}]` });
      });
    }
  });
  return out;
}

/**
 * Most items one upstream page may contribute. The client asks for 25 (PAGE_SIZE); a page far
 * beyond that is broken or hostile: a 60,000-result answer (7 MB, under the body cap) rendered a
 * 32 MB page and took RSS from 262 to 858 MB (issue 18 row 5). Items past the cap are dropped;
 * the page's bookmark still moves on past them.
 */
export const MAX_PAGE_ITEMS = 100;

/**
 * Build a page. One unreadable item (say, a pin without an id) is skipped rather than failing the
 * whole page; a list that is not an array fails with its path.
 */
export function toPage<T>(
  itemsRaw: unknown,
  bookmarkRaw: unknown,
  toItem: (raw: unknown, path: string) => T,
  opts: { path?: string; kind?: 'pin' | 'any'; keep?: (item: T) => boolean } = {},
): Page<T> {
  const path = opts.path ?? 'items';
  // Only a bounded prefix is even looked at (a story group holds several pins, so candidates are
  // capped again below).
  const items = arr(itemsRaw, path).slice(0, MAX_PAGE_ITEMS);
  const candidates =
    opts.kind === 'any' ? items.map((raw, i) => ({ raw, path: child(path, i) })) : pinItems(items, path);
  const out: T[] = [];
  for (const c of candidates) {
    if (out.length >= MAX_PAGE_ITEMS) break;
    try {
      const item = toItem(c.raw, c.path);
      if (!opts.keep || opts.keep(item)) out.push(item);
    } catch (e) {
      if (!isUpstreamError(e) || e.kind !== 'bad-shape') throw e;
    }
  }
  return { items: out, next: nextBookmark(bookmarkRaw) };
}

/** Promoted pins (ads) never reach the grid. */
export function notPromoted(pin: Pin): boolean {
  return !pin.isPromoted;
}
