// Before a PNG goes to the decoder: keep only what decoding the picture needs. libvips reads (and
// decompresses) every text chunk for its metadata, so 256 zTXt chunks each inflating to 2 MiB cost
// seconds and gigabytes inside sharp although the pixels are 512x512. Provenance has already read
// the text (within its own budget) from the original bytes; the decoder gets the critical chunks
// and the small colour chunks, nothing else. Chunks are copied verbatim, CRCs included.

/** Ancillary chunks that change how the pixels look; kept when small. */
const KEEP_ANCILLARY = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs']);
const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
/** Largest kept ancillary chunk (an embedded ICC profile, compressed, is a few KB to tens of KB). */
const MAX_ANCILLARY_BYTES = 64 * 1024;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);
}

/**
 * The PNG with every chunk the decoder does not need dropped (text, EXIF, C2PA, animation, private
 * chunks, and kept kinds over MAX_ANCILLARY_BYTES). Returns the input itself when nothing is
 * dropped or the chunk structure is broken (the decoder then refuses it on its own).
 */
export function stripPngForDecode(b: Buffer): Buffer {
  if (!isPng(b)) return b;
  const kept: Buffer[] = [b.subarray(0, 8)];
  let dropped = false;
  let o = 8;
  while (o + 12 <= b.length) {
    const len = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    const end = o + 12 + len;
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) return b;
    const keep = CRITICAL.has(type) || (KEEP_ANCILLARY.has(type) && len <= MAX_ANCILLARY_BYTES);
    if (keep) kept.push(b.subarray(o, end));
    else dropped = true;
    o = end;
    if (type === 'IEND') break;
  }
  return dropped ? Buffer.concat(kept) : b;
}
