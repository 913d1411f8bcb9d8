// JUMBF (ISO/IEC 19566-5) box walker for C2PA manifest stores, wherever they are carried (JPEG
// APP11, PNG caBX, WebP C2PA). Verifies no signature: it finds the store, then reads the IPTC
// digitalSourceType and claim generator the manifest declares.
import { fourcc, indexOfZero, latin1, startsWithAscii, u32be } from './bytes.js';
import { findGenerator } from './generator-names.js';
import type { SignalSink } from './sink.js';
import { reportSourceTypes } from './source-types.js';
import { clip } from './xmp.js';

const MAX_DEPTH = 16;
const MAX_BOXES = 4096;
/** Manifest text searched for source types and generator names (thumbnails make stores large). */
const MAX_MANIFEST_CHARS = 4 << 20;

/** Does any `jumd` description box in these bytes carry the label `c2pa` (the manifest store)? */
function hasC2paStore(b: Uint8Array): boolean {
  const budget = { boxes: 0 };
  return walk(b, 0, b.length, 0, budget);
}

function walk(b: Uint8Array, start: number, end: number, depth: number, budget: { boxes: number }): boolean {
  if (depth > MAX_DEPTH) return false;
  let o = start;
  while (o + 8 <= end) {
    if (++budget.boxes > MAX_BOXES) return false;
    const lbox = u32be(b, o);
    const tbox = fourcc(b, o + 4);
    if (lbox === null || tbox === null) return false;
    let header = 8;
    let boxEnd: number;
    if (lbox === 0) {
      boxEnd = end; // "to the end of the container"
    } else if (lbox === 1) {
      const hi = u32be(b, o + 8);
      const lo = u32be(b, o + 12);
      if (hi === null || lo === null) return false;
      header = 16;
      boxEnd = o + hi * 2 ** 32 + lo;
    } else {
      boxEnd = o + lbox;
    }
    if (boxEnd < o + header) return false; // a length shorter than its own header: stop, do not loop
    const contentEnd = Math.min(boxEnd, end); // truncated box: read what is there
    const content = o + header;
    if (tbox === 'jumd' && isC2paDescription(b, content, contentEnd)) return true;
    if (tbox === 'jumb' && walk(b, content, contentEnd, depth + 1, budget)) return true;
    if (boxEnd >= end) return false;
    o = boxEnd;
  }
  return false;
}

/** jumd: 16-byte type UUID, 1 toggle byte, then (toggle bit 1) a NUL-terminated UTF-8 label. */
function isC2paDescription(b: Uint8Array, start: number, end: number): boolean {
  // The C2PA manifest store's UUID begins with the ASCII "c2pa" (63327061-0011-0010-8000-00AA00389B71).
  if (startsWithAscii(b, start, 'c2pa') && start + 16 <= end) return true;
  const toggles = b[start + 16];
  if (toggles === undefined || start + 17 > end || (toggles & 0x02) === 0) return false;
  const nul = indexOfZero(b, start + 17, Math.min(end, start + 17 + 256));
  if (nul < 0) return false;
  return latin1(b, start + 17, nul) === 'c2pa';
}

/** Reports a C2PA store: AI digitalSourceType or a generator as claim generator is decisive. */
export function scanJumbf(b: Uint8Array, where: string, sink: SignalSink): void {
  if (!hasC2paStore(b)) return;
  const text = latin1(b, 0, b.length, MAX_MANIFEST_CHARS);
  const { ai, camera } = reportSourceTypes(text, `${where} C2PA`, sink);
  const generator = claimGenerator(text);
  if (generator) sink.add(`${where} C2PA claim generator "${generator.value}" (${generator.name})`, true);
  // Cameras (Leica, Sony, Nikon) and editors (Photoshop) sign C2PA too, so a manifest that declares
  // neither an AI source type nor a generator is reported but decides nothing.
  if (!ai && !camera && !generator) sink.add(`${where} C2PA manifest (no AI source type declared)`, false);
}

/**
 * The claim generator: the CBOR text string after a `claim_generator` key (C2PA 1.x), or after the
 * first `name` key following `claim_generator_info` (2.x: an array of maps). `text` is latin1, so
 * char codes are bytes.
 */
function claimGenerator(text: string): { value: string; name: string } | null {
  let from = 0;
  for (let k = 0; k < 16; k++) {
    const at = text.indexOf('claim_generator', from);
    if (at < 0) return null;
    from = at + 15;
    let valueAt = from;
    if (text.startsWith('_info', from)) {
      const nameKey = text.indexOf('\u0064name', from); // CBOR text(4) "name"
      if (nameKey < 0 || nameKey - from > 64) continue;
      valueAt = nameKey + 5;
    }
    const value = cborTextAt(text, valueAt);
    const name = value && findGenerator(value);
    if (value && name) return { value: clip(value, 40), name };
  }
  return null;
}

/** A CBOR major-type-3 (text string) item at `at`, up to 255 bytes; null if none is there. */
function cborTextAt(text: string, at: number): string | null {
  const head = text.charCodeAt(at);
  let len: number;
  let start: number;
  if (head >= 0x60 && head <= 0x77) {
    len = head - 0x60;
    start = at + 1;
  } else if (head === 0x78) {
    len = text.charCodeAt(at + 1);
    start = at + 2;
  } else {
    return null;
  }
  if (!(len > 0) || start + len > text.length) return null;
  return Buffer.from(text.slice(start, start + len), 'latin1').toString('utf8');
}
