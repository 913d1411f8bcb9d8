// Image bytes -> model input tensor per the manifest: decode, orient, flatten alpha, sRGB, resize+crop, normalize.
import sharp, { type KernelEnum, type Metadata, type SharpOptions } from 'sharp';
import type { ModelManifest } from './types.js';
import { stripPngForDecode } from './png-strip.js';

type InputSpec = ModelManifest['input'];

/** Decompression-bomb guard: images declaring more pixels than this are refused before decoding. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Longest one decode may take (it runs on libuv's pool, where a hog would hold a thread). */
const DECODE_TIMEOUT_S = 10;

const KERNELS: Record<InputSpec['interpolation'], keyof KernelEnum> = {
  bilinear: 'linear',
  lanczos3: 'lanczos3',
  cubic: 'cubic',
  nearest: 'nearest',
};

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif']);

type PreparedImage = { ok: true; pixels: Buffer } | { ok: false; reason: string };

/** The batch tensor: `data` holds the `count` scorable images, packed in input order. */
export interface InputTensor {
  data: Float32Array;
  dims: number[];
  count: number;
  ok: boolean[];
  reasons: (string | undefined)[];
}

/**
 * Decodes one image to exactly size[1] x size[0] RGB bytes (8-bit, row-major, interleaved).
 * Never throws: unusable bytes give { ok: false, reason }.
 */
async function prepareImage(original: Buffer, input: InputSpec, maxPixels = MAX_INPUT_PIXELS): Promise<PreparedImage> {
  const [height, width] = input.size;
  if (!Buffer.isBuffer(original) || original.length === 0) return { ok: false, reason: 'empty image' };
  // Text and other metadata chunks are dropped first: the decoder would inflate every one.
  const bytes = stripPngForDecode(original);
  // failOn 'error' tolerates harmless decoder warnings but refuses truncated or corrupt data.
  // Only the first frame of an animation is read (sharp's default pages: 1).
  const options: SharpOptions = { limitInputPixels: maxPixels, failOn: 'error' };
  let meta: Metadata;
  try {
    // Header only (no pixel decode), so the size check below can name the dimensions.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, reason: 'undecodable image' };
  }
  // Raster web formats only: no SVG (a renderer), PDF, TIFF or raw camera files from the wild.
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) return { ok: false, reason: `unsupported format ${meta.format ?? 'unknown'}` };
  const w = meta.width;
  // For animations metadata reports one frame's height as pageHeight.
  const h = meta.pageHeight ?? meta.height;
  if (!w || !h) return { ok: false, reason: 'undecodable image' };
  if (w * (meta.height ?? h) > maxPixels) return { ok: false, reason: `too large (${w}x${meta.height ?? h} exceeds ${maxPixels} pixels)` };
  if (Math.min(w, h) < input.min_source_px) {
    return { ok: false, reason: `too small (${w}x${h}, shorter side below ${input.min_source_px} px)` };
  }
  try {
    const { data, info } = await sharp(bytes, { ...options, autoOrient: true })
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      // cover + centre: scale so the image covers the target (shorter side for a square target), then crop the centre.
      .resize({ width, height, fit: 'cover', position: 'centre', kernel: KERNELS[input.interpolation] })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .timeout({ seconds: DECODE_TIMEOUT_S })
      .toBuffer({ resolveWithObject: true });
    if (info.width !== width || info.height !== height || info.channels !== 3 || data.length !== width * height * 3) {
      return { ok: false, reason: `unexpected decode result (${info.width}x${info.height}x${info.channels})` };
    }
    return { ok: true, pixels: data };
  } catch {
    return { ok: false, reason: 'undecodable image' };
  }
}

/** Writes one image's RGB bytes into `out` at sample `index`, as (pixel*scale - mean)/std per channel. */
function writeNormalized(pixels: Buffer, input: InputSpec, out: Float32Array, index: number): void {
  const [height, width] = input.size;
  const plane = height * width;
  const base = index * plane * 3;
  // Per channel: x*scale/std - mean/std, folded into one multiply-add.
  const mul = input.std.map((s) => input.scale / s);
  const add = input.std.map((s, c) => -input.mean[c]! / s);
  if (input.layout === 'NCHW') {
    for (let c = 0; c < 3; c++) {
      const m = mul[c]!;
      const a = add[c]!;
      const dst = base + c * plane;
      for (let i = 0, src = c; i < plane; i++, src += 3) out[dst + i] = pixels[src]! * m + a;
    }
  } else {
    for (let i = 0; i < plane * 3; i++) out[base + i] = pixels[i]! * mul[i % 3]! + add[i % 3]!;
  }
}

/** Preprocesses a batch; bad images are flagged (ok=false, reason), never thrown. */
export async function toInputTensor(images: Buffer[], input: InputSpec, maxPixels = MAX_INPUT_PIXELS): Promise<InputTensor> {
  const prepared = await Promise.all(images.map((b) => prepareImage(b, input, maxPixels)));
  const [height, width] = input.size;
  const count = prepared.filter((p) => p.ok).length;
  const data = new Float32Array(count * 3 * height * width);
  let k = 0;
  for (const p of prepared) if (p.ok) writeNormalized(p.pixels, input, data, k++);
  const dims = input.layout === 'NCHW' ? [count, 3, height, width] : [count, height, width, 3];
  return {
    data,
    dims,
    count,
    ok: prepared.map((p) => p.ok),
    reasons: prepared.map((p) => (p.ok ? undefined : p.reason)),
  };
}
