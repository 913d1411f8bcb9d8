// Picks image variants for a given display width and builds srcset strings. Only local media
// paths pass (safeMediaPath); widths come from the variant, else from Pinterest's size folder.
import type { ImageSet, ImageVariant, Pin } from '../src/domain/types.js';
import type { ImageSize } from '../src/policy/types.js';
import { safeMediaPath } from './safe.js';

export interface SizedVariant {
  path: string;
  width: number;
  height: number | null;
}

/** Width of a variant: its own, else the number in a `236x`-style folder; null for `originals`. */
function variantWidth(v: ImageVariant): number | null {
  if (typeof v.width === 'number' && v.width > 0) return v.width;
  const m = /^(\d{2,4})x(?:\d{2,4})?(?:_RS)?$/.exec(v.size);
  return m ? Number(m[1]) : null;
}

/** Height/width ratio from any variant that knows both, so we can size the others. */
function aspectOf(set: ImageSet): number | null {
  for (const v of set.variants) {
    if (v.width && v.height && v.width > 0 && v.height > 0) return v.height / v.width;
  }
  return null;
}

/** Usable variants (local path, known width), smallest first, one per width. */
export function sizedVariants(set: ImageSet | null | undefined): SizedVariant[] {
  if (!set) return [];
  const aspect = aspectOf(set);
  const byWidth = new Map<number, SizedVariant>();
  for (const v of set.variants) {
    const path = safeMediaPath(v.path);
    const width = variantWidth(v);
    if (!path || !width) continue;
    // Square-cropped thumbnails (`75x75_RS`, `136x136`) are a different picture shape: skip them
    // when a normal variant exists, so srcset never mixes crops.
    if (/^\d+x\d+/.test(v.size) && set.variants.some((o) => /^\d+x$/.test(o.size))) continue;
    const height = v.height && v.height > 0 ? v.height : aspect ? Math.round(width * aspect) : null;
    if (!byWidth.has(width)) byWidth.set(width, { path, width, height });
  }
  return [...byWidth.values()].sort((a, b) => a.width - b.width);
}

/** The smallest variant at least `target` px wide, else the largest one; null if none. */
export function pickVariant(set: ImageSet | null | undefined, target: number, max = Infinity): SizedVariant | null {
  const all = sizedVariants(set).filter((v) => v.width <= max);
  if (all.length === 0) {
    // Fall back to any local path at all (e.g. only `originals` with unknown width).
    const any = set?.variants.map((v) => safeMediaPath(v.path)).find((p): p is string => p !== null);
    return any ? { path: any, width: 0, height: null } : null;
  }
  return all.find((v) => v.width >= target) ?? all[all.length - 1] ?? null;
}

/** `path 236w, path 474w` over the variants up to `max` px wide; empty when fewer than two. */
export function srcsetOf(set: ImageSet | null | undefined, max = Infinity): string | undefined {
  const all = sizedVariants(set).filter((v) => v.width <= max);
  if (all.length < 2) return undefined;
  return all.map((v) => `${v.path} ${v.width}w`).join(', ');
}

/** Column width in CSS px per grid size preference; must match static/style.css. */
export const GRID_COLUMN_PX: Record<ImageSize, number> = { small: 180, medium: 236, large: 340 };

/** The picture a grid card shows: the first image, else the video poster. */
export function coverImage(pin: Pin): ImageSet | null {
  return pin.images[0] ?? pin.video?.poster ?? null;
}

/** width/height attributes from the variant's own size: with `height:auto` in CSS the browser
 * takes the aspect ratio from them and reserves the space before the image loads. */
export function boxFor(v: SizedVariant | null): { width?: number; height?: number } {
  if (!v || !v.width || !v.height) return {};
  return { width: v.width, height: v.height };
}

// Which copy of a picture each page displays (gridImage, pinPageImage) and which copy the AI filter
// scores (scoringImage, the same on every page), in one place: a verdict is about the picture on
// screen, whatever size of it a page shows (test/views/image-choice.test.tsx).

/** Grid images never need more than the 736x size; originals would waste bandwidth. */
export const GRID_MAX_WIDTH = 736;

/** The picture a grid card shows: the smallest variant at least a column wide, at most 736 px. */
export function gridImage(set: ImageSet | null | undefined, size: ImageSize): SizedVariant | null {
  return pickVariant(set, GRID_COLUMN_PX[size] ?? GRID_COLUMN_PX.medium, GRID_MAX_WIDTH);
}

/**
 * The copy of a picture the model scores, on every page (grid at any size, pin page, feed): the
 * smallest one at least 236 px wide. The thresholds in the model manifest were measured at 236 px
 * (its evaluation protocol), and it is the copy a medium grid displays, so the proxy's cache
 * usually has it already. Scoring one canonical copy keeps the cached verdict (keyed by image
 * signature) independent of which page was visited first.
 */
export const SCORING_TARGET_PX = 236;
const SCORING_MAX_PX = 736;

export function scoringImage(set: ImageSet | null | undefined): SizedVariant | null {
  return pickVariant(set, SCORING_TARGET_PX, SCORING_MAX_PX);
}

/** Pin page images: 736 px by default; sizes up to 1600 px (2x screens) stay in srcset, while
 * bigger originals (often several MB) are only linked. */
export const PIN_MAX_WIDTH = 1600;
const PIN_TARGET_WIDTH = 736;

/** The picture the pin page shows for one image of the pin. */
export function pinPageImage(set: ImageSet | null | undefined): SizedVariant | null {
  return pickVariant(set, PIN_TARGET_WIDTH, PIN_MAX_WIDTH);
}
