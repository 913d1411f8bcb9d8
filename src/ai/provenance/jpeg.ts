// JPEG marker walker over the header segments (up to the first scan): APP1 EXIF and XMP (standard
// and extended), APP11 JUMBF (C2PA, which may span several segments) and COM comments.
import { latin1, startsWithAscii, u16be, u32be } from './bytes.js';
import { scanExif } from './exif.js';
import { classifyFreeText } from './free-text.js';
import { scanJumbf } from './jumbf.js';
import type { SignalSink } from './sink.js';
import { scanXmp } from './xmp.js';

const MAX_SEGMENTS = 4096;
const MAX_APP11_PIECES = 4096;
const XMP_NS = 'http://ns.adobe.com/xap/1.0/\u0000';
const XMP_EXT_NS = 'http://ns.adobe.com/xmp/extension/\u0000';

interface JumbfPiece {
  instance: number;
  sequence: number;
  data: Uint8Array;
}

export function scanJpeg(b: Uint8Array, sink: SignalSink): void {
  const app11: JumbfPiece[] = [];
  let o = 2;
  for (let i = 0; i < MAX_SEGMENTS && !sink.full; i++) {
    if (b[o] !== 0xff) break; // lost sync: metadata only lives in the well-formed header
    while (b[o] === 0xff && o < b.length) o++; // fill bytes
    const marker = b[o];
    if (marker === undefined) break;
    o++;
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) continue; // no length
    if (marker === 0xd9 || marker === 0xda) break; // end of image / start of scan
    const len = u16be(b, o);
    if (len === null || len < 2) break;
    const start = o + 2;
    const end = Math.min(o + len, b.length);
    if (marker === 0xe1) app1(b, start, end, sink);
    else if (marker === 0xeb && app11.length < MAX_APP11_PIECES) collectApp11(b, start, end, app11);
    else if (marker === 0xfe) comment(b, start, end, sink);
    o += len;
  }
  for (const store of assembleJumbf(app11)) scanJumbf(store, 'JPEG APP11', sink);
}

function app1(b: Uint8Array, start: number, end: number, sink: SignalSink): void {
  if (startsWithAscii(b, start, 'Exif\u0000')) {
    scanExif(b.subarray(Math.min(start + 6, end), end), 'JPEG APP1', sink);
  } else if (startsWithAscii(b, start, XMP_NS)) {
    scanXmp(latin1(b, start + XMP_NS.length, end), 'JPEG APP1 XMP', sink);
  } else if (startsWithAscii(b, start, XMP_EXT_NS)) {
    // Extended XMP: namespace, 32-byte GUID, 4-byte full length, 4-byte offset, then a slice of XML.
    scanXmp(latin1(b, start + XMP_EXT_NS.length + 40, end), 'JPEG APP1 extended XMP', sink);
  }
}

function comment(b: Uint8Array, start: number, end: number, sink: SignalSink): void {
  const what = classifyFreeText(latin1(b, start, end));
  if (what) sink.add(`JPEG COM (${what})`, true);
}

/** APP11 JUMBF: "JP", 2-byte box instance, 4-byte sequence number, then box bytes. */
function collectApp11(b: Uint8Array, start: number, end: number, out: JumbfPiece[]): void {
  if (!startsWithAscii(b, start, 'JP')) return;
  const instance = u16be(b, start + 2);
  const sequence = u32be(b, start + 4);
  if (instance === null || sequence === null || start + 8 > end) return;
  out.push({ instance, sequence, data: b.subarray(start + 8, end) });
}

/**
 * One JUMBF stream per box instance, pieces in sequence order. Every piece after the first repeats
 * the superbox header (LBox, TBox and XLBox when LBox is 1), which is dropped when joining.
 */
function assembleJumbf(pieces: JumbfPiece[]): Uint8Array[] {
  const byInstance = new Map<number, JumbfPiece[]>();
  for (const p of pieces) {
    const list = byInstance.get(p.instance) ?? [];
    list.push(p);
    byInstance.set(p.instance, list);
  }
  const stores: Uint8Array[] = [];
  for (const list of byInstance.values()) {
    list.sort((x, y) => x.sequence - y.sequence);
    const parts = list.map((p, i) => {
      if (i === 0) return p.data;
      const header = u32be(p.data, 0) === 1 ? 16 : 8;
      return p.data.subarray(Math.min(header, p.data.length));
    });
    stores.push(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  }
  return stores;
}
