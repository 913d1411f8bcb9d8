// Pinterest image maps (REST `images.{236x,736x,orig}`, Relay `imageSpec_<size>`) -> ImageSet with
// local proxy paths only. Sizes are taken from the URL's folder, not from the map key, because the
// `170x` key points at a 236x file.
import type { ImageSet, ImageVariant } from '../domain/types.js';
import { toLocalMediaPath } from '../media/paths.js';
import { isObject, optNum, optStr, type JsonObject } from './decode.js';

const SIGNATURE_RE = /\/([0-9a-f]{32})\.[a-z0-9.]+$/;

/** Width-only folders (`236x`, `originals`); square crops (`136x136`, `60x60`) and the OG crop are left out. */
function isFullFrameSize(size: string): boolean {
  return size === 'originals' || /^\d{2,4}x$/.test(size);
}

function folderWidth(size: string): number | null {
  const m = /^(\d+)x$/.exec(size);
  return m ? Number(m[1]) : null;
}

/** One `{url,width,height}` spec -> a variant, or null when the URL is not one we proxy. */
function variantFromSpec(spec: unknown, opts: { anySize?: boolean } = {}): ImageVariant | null {
  if (!isObject(spec)) return null;
  const path = toLocalMediaPath(optStr(spec, 'url'));
  if (!path) return null;
  const size = sizeOfPath(path);
  if (!opts.anySize && !isFullFrameSize(size)) return null;
  return { size, path, width: optNum(spec, 'width'), height: optNum(spec, 'height') };
}

/** The size folder of a local media path: `/img/236x/..` -> `236x`, board covers -> `200x150`. */
function sizeOfPath(path: string): string {
  const segs = path.split('/');
  if (segs[2] === 'custom_covers') return segs[3] ?? '';
  if (segs[2] === 'videos') return 'originals'; // /img/videos/thumbnails/originals/..
  if (segs[2] === 'upload') return '60x60'; // board thumbnails end in `_60.jpg`
  return segs[2] ?? '';
}

/**
 * Width used for ordering. A variant without dimensions is as wide as its folder, but never wider
 * than the picture itself: a `1200x` copy of a 626 px image is 626 px.
 */
function effectiveWidth(v: ImageVariant, knownMax: number | null): number {
  if (v.width !== null) return v.width;
  const w = folderWidth(v.size);
  if (w !== null) return knownMax !== null ? Math.min(w, knownMax) : w;
  return v.size === 'originals' ? knownMax ?? Number.MAX_SAFE_INTEGER : 0;
}

/** Deduplicate by path (keeping the entry that knows its size) and sort smallest first, originals last on ties. */
function normaliseVariants(variants: ImageVariant[]): ImageVariant[] {
  const byPath = new Map<string, ImageVariant>();
  for (const v of variants) {
    const seen = byPath.get(v.path);
    if (!seen || (seen.width === null && v.width !== null)) byPath.set(v.path, v);
  }
  const unique = [...byPath.values()];
  const widths = unique.map((v) => v.width).filter((w): w is number => w !== null);
  const knownMax = widths.length > 0 ? Math.max(...widths) : null;
  const rank = (v: ImageVariant) => (v.size === 'originals' ? 2 : v.width === null ? 1 : 0);
  return unique.sort((a, b) => effectiveWidth(a, knownMax) - effectiveWidth(b, knownMax) || rank(a) - rank(b));
}

function signatureOf(path: string | null | undefined): string | null {
  if (!path) return null;
  return SIGNATURE_RE.exec(path)?.[1] ?? null;
}

function asColor(v: unknown): string | null {
  return typeof v === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(v) ? v : null;
}

/** Build a set from a list of specs; null when none of them is a proxied image. */
export function imageSetFromSpecs(
  specs: unknown[],
  signature: unknown,
  dominantColor: unknown,
  opts: { anySize?: boolean } = {},
): ImageSet | null {
  const variants = normaliseVariants(
    specs.map((s) => variantFromSpec(s, opts)).filter((v): v is ImageVariant => v !== null),
  );
  if (variants.length === 0) return null;
  const sig =
    typeof signature === 'string' && /^[0-9a-f]{32}$/.test(signature)
      ? signature
      : signatureOf(variants[variants.length - 1]!.path);
  return { signature: sig, variants, dominantColor: asColor(dominantColor) };
}

/** REST `images: { "236x": {url,width,height}, "orig": {...} }`. */
export function imageSetFromMap(map: unknown, signature: unknown, dominantColor: unknown): ImageSet | null {
  if (!isObject(map)) return null;
  return imageSetFromSpecs(Object.values(map), signature, dominantColor);
}

/**
 * Relay objects spread their sizes over keys: `imageSpec_236x`, `imageSpec_orig`, `image736x`,
 * `imageLargeUrl` (a bare URL). Collect them all.
 */
export function relayImageSpecs(o: JsonObject): unknown[] {
  const specs: unknown[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (/^imageSpec_[0-9a-z]+$/.test(key) || /^image\d+x$/.test(key)) specs.push(value);
    else if (key === 'imageLargeUrl' && typeof value === 'string') specs.push({ url: value });
  }
  return specs;
}

/**
 * When a pin names its image_signature but sends no sizes (seen in a real search result with
 * `images: {}`), point at the sized copies, which Pinterest always serves as `.jpg`
 * (docs/pinterest-protocol.md §8). Originals are not derived: their extension can differ. This is an assumption; the
 * media proxy answers 404 if a size is missing.
 */
export function imageSetFromSignature(signature: unknown, dominantColor: unknown): ImageSet | null {
  if (typeof signature !== 'string' || !/^[0-9a-f]{32}$/.test(signature)) return null;
  const dirs = `${signature.slice(0, 2)}/${signature.slice(2, 4)}/${signature.slice(4, 6)}`;
  const variants = ['236x', '474x', '736x'].map((size) => ({
    size,
    path: `/img/${size}/${dirs}/${signature}.jpg`,
    width: null,
    height: null,
  }));
  return { signature, variants, dominantColor: asColor(dominantColor) };
}
