// WebP (RIFF) chunk walker: EXIF, XMP and C2PA chunks. Chunk sizes are little-endian claims,
// bounds-checked; odd sizes are padded to even as RIFF requires.
import { fourcc, latin1, startsWithAscii, u32le } from './bytes.js';
import { scanExif } from './exif.js';
import { scanJumbf } from './jumbf.js';
import type { SignalSink } from './sink.js';
import { scanXmp } from './xmp.js';

const MAX_CHUNKS = 10_000;

export function scanWebp(b: Uint8Array, sink: SignalSink): void {
  let o = 12;
  for (let i = 0; i < MAX_CHUNKS && !sink.full; i++) {
    const type = fourcc(b, o);
    const size = u32le(b, o + 4);
    if (type === null || size === null) return;
    const start = o + 8;
    const end = Math.min(start + size, b.length);
    if (type === 'EXIF') {
      // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
      const tiffStart = startsWithAscii(b, start, 'Exif\u0000\u0000') ? start + 6 : start;
      scanExif(b.subarray(Math.min(tiffStart, end), end), 'WebP EXIF', sink);
    } else if (type === 'XMP ') {
      scanXmp(latin1(b, start, end), 'WebP XMP', sink);
    } else if (type === 'C2PA') {
      scanJumbf(b.subarray(start, end), 'WebP C2PA', sink);
    }
    o = start + size + (size & 1);
    if (o >= b.length) return;
  }
}
