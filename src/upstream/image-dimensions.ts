// Declared image dimensions read from the header alone (no decoding): PNG IHDR, JPEG SOFn, GIF
// logical screen, WebP VP8/VP8L/VP8X. The image proxy refuses pictures declaring more pixels than
// any real photo has before relaying them, so a small file cannot make a browser (or our decoder)
// allocate gigabytes. Unreadable headers give null: the other checks decide about those.
import type { ImageContentType } from './image-sniff.js';

export interface Dimensions {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, o: number) => (o + 2 <= b.length ? (b[o]! << 8) | b[o + 1]! : null);
const u16le = (b: Uint8Array, o: number) => (o + 2 <= b.length ? b[o]! | (b[o + 1]! << 8) : null);
const u24le = (b: Uint8Array, o: number) => (o + 3 <= b.length ? b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) : null);
const u32be = (b: Uint8Array, o: number) => (o + 4 <= b.length ? b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) : null);
const ascii = (b: Uint8Array, o: number, n: number) => (o + n <= b.length ? String.fromCharCode(...b.subarray(o, o + n)) : '');

/** SOFn markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8) or DAC (CC). */
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegDimensions(b: Uint8Array): Dimensions | null {
  let o = 2;
  // Segments before the first frame header; bounded by the bytes and a step cap.
  for (let steps = 0; steps < 10_000 && o + 4 <= b.length; steps++) {
    if (b[o] !== 0xff) return null;
    const marker = b[o + 1]!;
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data before any frame header
    const len = u16be(b, o + 2);
    if (len === null || len < 2) return null;
    if (JPEG_SOF.has(marker)) {
      const height = u16be(b, o + 5);
      const width = u16be(b, o + 7);
      return height === null || width === null ? null : { width, height };
    }
    o += 2 + len;
  }
  return null;
}

function webpDimensions(b: Uint8Array): Dimensions | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') {
    const w = u24le(b, 24);
    const h = u24le(b, 27);
    return w === null || h === null ? null : { width: w + 1, height: h + 1 };
  }
  if (chunk === 'VP8L') {
    if (b.length < 25 || b[20] !== 0x2f) return null;
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! * 0x1000000);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    const w = u16le(b, 26);
    const h = u16le(b, 28);
    return w === null || h === null ? null : { width: w & 0x3fff, height: h & 0x3fff };
  }
  return null;
}

/** The dimensions the header declares, or null when it cannot be read. */
export function declaredDimensions(b: Uint8Array, type: ImageContentType): Dimensions | null {
  switch (type) {
    case 'image/png': {
      if (ascii(b, 12, 4) !== 'IHDR') return null;
      const width = u32be(b, 16);
      const height = u32be(b, 20);
      return width === null || height === null ? null : { width, height };
    }
    case 'image/gif': {
      const width = u16le(b, 6);
      const height = u16le(b, 8);
      return width === null || height === null ? null : { width, height };
    }
    case 'image/webp':
      return webpDimensions(b);
    case 'image/jpeg':
      return jpegDimensions(b);
  }
}

/** Declared width x height, or null when the header cannot be read. */
export function declaredPixels(b: Uint8Array, type: ImageContentType): number | null {
  const d = declaredDimensions(b, type);
  return d ? d.width * d.height : null;
}
