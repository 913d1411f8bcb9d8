// PNG chunk walker: text chunks (tEXt, zTXt, iTXt), eXIf and the C2PA carrier caBX. Lengths are
// claims: a chunk running past the end is read as far as the bytes go, then the walk stops.
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { fourcc, indexOfZero, latin1, u32be, utf8 } from './bytes.js';
import { scanExif } from './exif.js';
import { scanJumbf } from './jumbf.js';
import { interpretPngText, isInterestingKeyword } from './png-text.js';
import type { SignalSink } from './sink.js';

const MAX_CHUNKS = 100_000;
const MAX_TEXT_CHUNKS = 256;
/** Decompressed text cap per chunk: generator graphs are tens of KB; a zip bomb stops here. */
const MAX_INFLATED = 2 << 20;
/** Compressed text chunks decompressed per image; the rest are judged by their keyword alone. */
const MAX_INFLATED_CHUNKS = 16;

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function scanPng(b: Uint8Array, sink: SignalSink): void {
  let o = 8;
  let textChunks = 0;
  const inflations = { left: MAX_INFLATED_CHUNKS };
  for (let i = 0; i < MAX_CHUNKS && !sink.full; i++) {
    const len = u32be(b, o);
    const type = fourcc(b, o + 4);
    if (len === null || type === null || !/^[A-Za-z]{4}$/.test(type)) return;
    const start = o + 8;
    const declaredEnd = start + len;
    const end = Math.min(declaredEnd, b.length);
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      if (++textChunks <= MAX_TEXT_CHUNKS) textChunk(b, type, start, end, sink, inflations);
    } else if (type === 'eXIf') {
      scanExif(b.subarray(start, end), 'PNG eXIf', sink);
    } else if (type === 'caBX') {
      scanJumbf(b.subarray(start, end), 'PNG caBX', sink);
    } else if (type === 'IEND') {
      return;
    }
    o = declaredEnd + 4; // skip the CRC, which we do not check: corrupt CRCs still carry the text
    if (o > b.length) return;
  }
}

function textChunk(b: Uint8Array, type: string, start: number, end: number, sink: SignalSink, inflations: { left: number }): void {
  const inflateText = (data: Uint8Array, encoding: 'latin1' | 'utf8') => inflateBudgeted(data, encoding, sink, inflations);
  const nul = indexOfZero(b, start, Math.min(end, start + 80)); // keywords are 1-79 bytes
  if (nul <= start) return;
  const key = latin1(b, start, nul);
  if (!isInterestingKeyword(key)) return;
  const where = `PNG ${type}`;
  if (type === 'tEXt') {
    interpretPngText(key, () => latin1(b, nul + 1, end), where, sink);
  } else if (type === 'zTXt') {
    // keyword NUL, compression method (0 = zlib), compressed text
    interpretPngText(key, () => inflateText(b.subarray(nul + 2, end), 'latin1'), where, sink);
  } else {
    // keyword NUL, compression flag, method, language tag NUL, translated keyword NUL, text
    const flag = b[nul + 1];
    const langEnd = indexOfZero(b, nul + 3, end);
    const transEnd = langEnd < 0 ? -1 : indexOfZero(b, langEnd + 1, end);
    const textStart = transEnd < 0 ? -1 : transEnd + 1;
    const read = (): string | null => {
      if (textStart < 0) return null;
      return flag === 1 ? inflateText(b.subarray(textStart, end), 'utf8') : utf8(b, textStart, end);
    };
    interpretPngText(key, read, where, sink);
  }
}

/**
 * zlib text, tolerant of a truncated stream (partial output), null when corrupt, too large, or
 * past the image's budget (bytes and chunk count). Synchronous, but the budget bounds it to a few
 * MB of inflation per image (milliseconds), so a chunk bomb cannot hold the event loop.
 */
function inflateBudgeted(data: Uint8Array, encoding: 'latin1' | 'utf8', sink: SignalSink, inflations: { left: number }): string | null {
  const cap = Math.min(MAX_INFLATED, sink.inflateLeft);
  if (data.length === 0 || cap <= 0 || inflations.left <= 0 || sink.full) return null;
  inflations.left--;
  try {
    const out = inflateSync(data, { maxOutputLength: cap, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    sink.spendInflate(out.length);
    return out.toString(encoding);
  } catch {
    sink.spendInflate(cap); // the work was done up to the cap
    return null;
  }
}
