// A small TIFF/IFD reader for EXIF blocks: IFD0 and the Exif sub-IFD only, text-like tags only,
// every offset bounds-checked, entry counts and value sizes capped, each IFD visited once.
import { u16be, u16le, u32be, u32le } from './bytes.js';

export const TAG_IMAGE_DESCRIPTION = 0x010e;
export const TAG_MAKE = 0x010f;
export const TAG_MODEL = 0x0110;
export const TAG_SOFTWARE = 0x0131;
export const TAG_ARTIST = 0x013b;
const TAG_EXIF_IFD = 0x8769;
export const TAG_USER_COMMENT = 0x9286;

export const TAG_NAMES: Record<number, string> = {
  [TAG_IMAGE_DESCRIPTION]: 'ImageDescription',
  [TAG_MAKE]: 'Make',
  [TAG_MODEL]: 'Model',
  [TAG_SOFTWARE]: 'Software',
  [TAG_ARTIST]: 'Artist',
  [TAG_USER_COMMENT]: 'UserComment',
};

const MAX_ENTRIES = 512;
const MAX_VALUE_BYTES = 256 * 1024;

export interface ExifField {
  tag: number;
  /** Raw value bytes (ASCII / UNDEFINED / BYTE), already clamped to the buffer. */
  value: Uint8Array;
  /** The block's byte order, needed to decode UNICODE UserComment. */
  littleEndian: boolean;
}

/** Text-like fields of interest from a TIFF block ("II*\0" / "MM\0*"). Never throws. */
export function readExifFields(b: Uint8Array): ExifField[] {
  let le: boolean;
  if (b[0] === 0x49 && b[1] === 0x49) le = true;
  else if (b[0] === 0x4d && b[1] === 0x4d) le = false;
  else return [];
  const r16 = le ? u16le : u16be;
  const r32 = le ? u32le : u32be;
  if (r16(b, 2) !== 42) return [];
  const out: ExifField[] = [];
  const visited = new Set<number>();
  const pending: number[] = [];
  const ifd0 = r32(b, 4);
  if (ifd0 !== null) pending.push(ifd0);

  while (pending.length > 0 && visited.size < 4) {
    const at = pending.shift()!;
    if (visited.has(at)) continue;
    visited.add(at);
    const count = r16(b, at);
    if (count === null) continue;
    for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
      const e = at + 2 + i * 12;
      const tag = r16(b, e);
      const type = r16(b, e + 2);
      const n = r32(b, e + 4);
      if (tag === null || type === null || n === null) break;
      if (tag === TAG_EXIF_IFD) {
        const sub = r32(b, e + 8);
        if (sub !== null) pending.push(sub);
        continue;
      }
      if (!(tag in TAG_NAMES)) continue;
      // Types 1 (BYTE), 2 (ASCII), 7 (UNDEFINED) are one byte per count; others are not text.
      if (type !== 1 && type !== 2 && type !== 7) continue;
      const size = Math.min(n, MAX_VALUE_BYTES);
      const start = n <= 4 ? e + 8 : r32(b, e + 8);
      if (start === null || start >= b.length) continue;
      out.push({ tag, value: b.subarray(start, Math.min(start + size, b.length)), littleEndian: le });
    }
  }
  return out;
}

/** EXIF field bytes as text: ASCII fields up to their NUL; UserComment by its 8-byte charset code. */
export function exifText(f: ExifField): string {
  let v = f.value;
  if (f.tag === TAG_USER_COMMENT && v.length >= 8) {
    const code = Buffer.from(v.subarray(0, 8)).toString('latin1');
    v = v.subarray(8);
    if (code.startsWith('UNICODE')) return decodeUtf16(v, f.littleEndian);
  }
  const nul = v.indexOf(0);
  const body = nul >= 0 ? v.subarray(0, nul) : v;
  return Buffer.from(body).toString('utf8');
}

/** UTF-16 with the byte order guessed from where the zero bytes of ASCII text fall, else the block's. */
function decodeUtf16(v: Uint8Array, blockLittleEndian: boolean): string {
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < Math.min(v.length, 256); i++) {
    if (v[i] === 0) {
      if (i % 2 === 0) evenZeros++;
      else oddZeros++;
    }
  }
  const le = evenZeros === oddZeros ? blockLittleEndian : oddZeros > evenZeros;
  const even = v.subarray(0, v.length - (v.length % 2));
  const buf = Buffer.from(even);
  if (!le) buf.swap16();
  return buf.toString('utf16le').replace(/\u0000+$/, '');
}
