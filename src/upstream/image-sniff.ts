// Decides what an image really is from its bytes (never from upstream's Content-Type) and
// whether it arrived whole. Only JPEG, PNG, GIF and WebP pass: SVG, HTML or anything else that a
// browser could run or misread is refused.

export type ImageContentType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** The type named by the magic bytes, or null when the bytes are not an allowed image. */
export function sniffImageType(buf: Uint8Array): ImageContentType | null {
  if (buf.length < 12) return null;
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47 && buf[4] === 0x0d && buf[5] === 0x0a && buf[6] === 0x1a && buf[7] === 0x0a) {
    return 'image/png';
  }
  const ascii = (from: number, to: number) => String.fromCharCode(...buf.subarray(from, to));
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

function lastIndexOfSeq(buf: Uint8Array, seq: number[], from: number): number {
  for (let i = buf.length - seq.length; i >= from; i--) {
    let ok = true;
    for (let j = 0; j < seq.length; j++) {
      if (buf[i + j] !== seq[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

/**
 * Did the file arrive whole? Checks each format's end marker: JPEG's EOI (FFD9), PNG's IEND
 * chunk, GIF's trailer (3B), WebP's RIFF length. A little slack is allowed after the marker
 * because real files sometimes carry padding, but a cut-off download fails.
 */
export function looksComplete(buf: Uint8Array, type: ImageContentType): boolean {
  const tailFrom = (n: number) => Math.max(0, buf.length - n);
  switch (type) {
    case 'image/jpeg':
      // Inside entropy-coded data 0xFF is always stuffed, so FFD9 near the end is the real EOI.
      return lastIndexOfSeq(buf, [0xff, 0xd9], tailFrom(1024)) >= 0;
    case 'image/png':
      return lastIndexOfSeq(buf, [0x49, 0x45, 0x4e, 0x44], tailFrom(64)) >= 8; // "IEND"
    case 'image/gif': {
      // The trailer must be the last byte, give or take a little zero padding.
      let end = buf.length - 1;
      while (end > buf.length - 16 && end > 0 && buf[end] === 0x00) end--;
      return buf[end] === 0x3b;
    }
    case 'image/webp': {
      const riffSize = (buf[4]! | (buf[5]! << 8) | (buf[6]! << 16)) + buf[7]! * 0x1000000;
      return riffSize + 8 <= buf.length;
    }
  }
}
