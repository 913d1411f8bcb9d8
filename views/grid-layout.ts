// The pin grid's geometry, shared by the card markup and static/style.css (keep them in step).
//
// Choice (issue 17): a CSS grid in row order, not CSS columns and not per-column lists built on the
// server. The server cannot know the visitor's width, so any server-side split into columns is
// wrong on some screen; CSS columns run pins down each column (first results not in the first row)
// and leave columns empty for short lists. A CSS grid places cards in document order row by row,
// so reading order, tab order and visual order agree. To keep Pinterest's staggered look, rows are
// small tracks whose height is a fixed fraction of the column width (container query units), and
// each card spans as many tracks as its picture's aspect ratio needs (a class per span, because the
// CSP forbids inline styles). The grid's sparse auto-placement then puts each card in the first
// free slot after the previous one, which is the usual shortest-column masonry up to one track.
// The text under the picture is clamped to a fixed height, so small rounding is absorbed by
// `object-fit: cover` cropping a few pixels, never by gaps.
import type { ImageSize } from '../src/policy/types.js';
import { GRID_COLUMN_PX } from './images.js';

/** Tracks per column width: one track is `column width / TRACKS_PER_COLUMN` tall. */
const TRACKS_PER_COLUMN = 20;
/** Tracks for the clamped title under the picture, and for the gap below a card. The AI badge sits
 * on the picture's corner (style.css), so narrow phone columns keep the whole width for the title. */
const META_TRACKS = 4;
const BADGE_ONLY_TRACKS = 0;
const GAP_TRACKS = 1;
/** Aspect ratios (height / width) outside this range are cropped to it. */
const MIN_ASPECT = 0.4;
const MAX_ASPECT = 3;
/** Largest span class the stylesheet defines (`.rs-N`). */
const MAX_SPAN = Math.round(MAX_ASPECT * TRACKS_PER_COLUMN) + META_TRACKS + GAP_TRACKS;
const MIN_SPAN = Math.round(MIN_ASPECT * TRACKS_PER_COLUMN) + GAP_TRACKS;
/** Aspect assumed when a picture's size is unknown (Pinterest's typical 2:3 portrait). */
const DEFAULT_ASPECT = 1.5;

/** Page padding either side of the grid and the gap between columns (style.css `--gap`). */
const PAGE_PADDING_PX = 16;
const GRID_GAP_PX = 16;

/** Tracks a card spans: its picture at the column width, its text line(s) and the gap below. */
export function cardSpan(width: number | null | undefined, height: number | null | undefined, meta: 'title' | 'badge' | 'none'): number {
  const aspect = width && height && width > 0 && height > 0 ? height / width : DEFAULT_ASPECT;
  const clamped = Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, aspect));
  const metaTracks = meta === 'title' ? META_TRACKS : meta === 'badge' ? BADGE_ONLY_TRACKS : 0;
  return Math.round(clamped * TRACKS_PER_COLUMN) + metaTracks + GAP_TRACKS;
}

/** Columns the stylesheet gives a grid `containerPx` wide: as many as fit, never fewer than two. */
export function columnsFor(containerPx: number, size: ImageSize): number {
  const col = GRID_COLUMN_PX[size] ?? GRID_COLUMN_PX.medium;
  return Math.max(2, Math.floor((containerPx + GRID_GAP_PX) / (col + GRID_GAP_PX)));
}

/**
 * `sizes` for a grid card: below the width where a third column fits, two columns share the
 * viewport less the page padding and one gap; from there on a column is between the nominal width
 * and a third wider (the leftover space is shared among at least three columns).
 */
export function gridSizes(size: ImageSize): string {
  const col = GRID_COLUMN_PX[size] ?? GRID_COLUMN_PX.medium;
  const threeColumnsAt = 3 * col + 2 * GRID_GAP_PX + 2 * PAGE_PADDING_PX;
  const half = PAGE_PADDING_PX + GRID_GAP_PX / 2;
  return `(max-width: ${threeColumnsAt - 1}px) calc(50vw - ${half}px), ${Math.round((col * 4) / 3)}px`;
}

/** Span classes the stylesheet must define (`.rs-MIN` .. `.rs-MAX`); a test checks the CSS has them. */
export function spanClassRange(): { min: number; max: number } {
  return { min: Math.min(MIN_SPAN, 10 + GAP_TRACKS), max: MAX_SPAN };
}
