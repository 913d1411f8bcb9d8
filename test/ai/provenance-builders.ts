// Byte-by-byte builders for the provenance tests: PNG chunks, JPEG segments, WebP chunks, TIFF/EXIF
// blocks and JUMBF/C2PA boxes, so every fixture is written in the test and can be made hostile.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const u32le = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');

// ---- PNG ----

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk with a correct CRC (or `badCrc`), and optionally a lying length. */
export function pngChunk(type: string, data: Buffer, opts: { badCrc?: boolean; length?: number } = {}): Buffer {
  const body = Buffer.concat([ascii(type), data]);
  const crc = opts.badCrc ? 0xdeadbeef : crc32(body);
  return Buffer.concat([u32(opts.length ?? data.length), body, u32(crc)]);
}

const IHDR = pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
const IDAT = pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255])));
const IEND = pngChunk('IEND', Buffer.alloc(0));

export function png(...chunks: Buffer[]): Buffer {
  return Buffer.concat([PNG_SIG, IHDR, ...chunks, IDAT, IEND]);
}

export function tEXt(key: string, text: string): Buffer {
  return pngChunk('tEXt', Buffer.concat([ascii(key), Buffer.from([0]), ascii(text)]));
}

export function zTXtData(key: string, compressed: Buffer): Buffer {
  return Buffer.concat([ascii(key), Buffer.from([0, 0]), compressed]);
}

export function zTXt(key: string, text: string): Buffer {
  return pngChunk('zTXt', zTXtData(key, deflateSync(ascii(text))));
}

export function iTXt(key: string, text: string, compress = false): Buffer {
  const body = compress ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  return pngChunk('iTXt', Buffer.concat([ascii(key), Buffer.from([0, compress ? 1 : 0, 0]), ascii('en'), Buffer.from([0]), Buffer.from([0]), body]));
}

// ---- JPEG ----

/** A segment: marker byte and payload; `length` overrides the length field. */
export function segment(marker: number, payload: Buffer, length?: number): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker]), u16(length ?? payload.length + 2), payload]);
}

/** SOI, the segments, a tiny SOS with some entropy bytes, EOI. */
export function jpeg(...segments: Buffer[]): Buffer {
  const sos = Buffer.concat([segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])), Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56])]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, sos, Buffer.from([0xff, 0xd9])]);
}

const XMP_NS = 'http://ns.adobe.com/xap/1.0/\u0000';

export function app1Xmp(xmp: string): Buffer {
  return segment(0xe1, Buffer.concat([ascii(XMP_NS), Buffer.from(xmp, 'utf8')]));
}

export function app1Exif(tiffBlock: Buffer): Buffer {
  return segment(0xe1, Buffer.concat([ascii('Exif\u0000\u0000'), tiffBlock]));
}

/** APP11 JUMBF segments carrying `store`, split into pieces of at most `pieceSize` bytes. */
export function app11(store: Buffer, pieceSize = 60000, instance = 1): Buffer[] {
  const header = store.subarray(0, 8); // LBox + TBox of the superbox, repeated in every piece
  const out: Buffer[] = [];
  let seq = 1;
  for (let o = 0; o < store.length; o += pieceSize) {
    const piece = store.subarray(o, o + pieceSize);
    const data = o === 0 ? piece : Buffer.concat([header, piece]);
    out.push(segment(0xeb, Buffer.concat([ascii('JP'), u16(instance), u32(seq++), data])));
  }
  return out;
}

// ---- WebP ----

export function webpChunk(type: string, data: Buffer, size?: number): Buffer {
  const pad = data.length % 2 === 1 ? Buffer.from([0]) : Buffer.alloc(0);
  return Buffer.concat([ascii(type), u32le(size ?? data.length), data, pad]);
}

export function webp(...chunks: Buffer[]): Buffer {
  const vp8l = webpChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00]));
  const body = Buffer.concat([ascii('WEBP'), ...chunks, vp8l]);
  return Buffer.concat([ascii('RIFF'), u32le(body.length), body]);
}

// ---- TIFF / EXIF ----

export interface TiffEntry {
  tag: number;
  type?: number; // default 2 (ASCII)
  value: Buffer;
  /** Override the count field (to lie). */
  count?: number;
  /** Override the value offset (to point elsewhere). */
  offset?: number;
}

/**
 * A TIFF block: IFD0 with `ifd0`, and when `exif` is given an Exif sub-IFD (tag 0x8769) holding it.
 * Values longer than 4 bytes go into a data area after the IFDs.
 */
export function tiff(ifd0: TiffEntry[], exif: TiffEntry[] | null = null, littleEndian = true): Buffer {
  const w16 = (n: number) => {
    const b = Buffer.alloc(2);
    if (littleEndian) b.writeUInt16LE(n);
    else b.writeUInt16BE(n);
    return b;
  };
  const w32 = (n: number) => {
    const b = Buffer.alloc(4);
    if (littleEndian) b.writeUInt32LE(n >>> 0);
    else b.writeUInt32BE(n >>> 0);
    return b;
  };
  const entries0 = [...ifd0];
  if (exif) entries0.push({ tag: 0x8769, type: 4, value: Buffer.alloc(4) });
  const ifd0Size = 2 + entries0.length * 12 + 4;
  const exifSize = exif ? 2 + exif.length * 12 + 4 : 0;
  const ifd0At = 8;
  const exifAt = ifd0At + ifd0Size;
  let dataAt = exifAt + exifSize;
  const data: Buffer[] = [];
  const encode = (list: TiffEntry[], subIfdOffset: number | null): Buffer => {
    const parts: Buffer<ArrayBufferLike>[] = [w16(list.length)];
    for (const e of list) {
      const type = e.type ?? 2;
      let valueField: Buffer<ArrayBufferLike>;
      if (e.tag === 0x8769 && subIfdOffset !== null && e.offset === undefined) {
        valueField = w32(subIfdOffset);
      } else if (e.offset !== undefined) {
        valueField = w32(e.offset);
      } else if (e.value.length <= 4) {
        valueField = Buffer.concat([e.value, Buffer.alloc(4 - e.value.length)]);
      } else {
        valueField = w32(dataAt);
        data.push(e.value);
        dataAt += e.value.length;
      }
      parts.push(w16(e.tag), w16(type), w32(e.count ?? (e.tag === 0x8769 ? 1 : e.value.length)), valueField);
    }
    parts.push(w32(0));
    return Buffer.concat(parts);
  };
  const header = Buffer.concat([ascii(littleEndian ? 'II' : 'MM'), w16(42), w32(ifd0At)]);
  const ifd0Bytes = encode(entries0, exif ? exifAt : null);
  const exifBytes = exif ? encode(exif, null) : Buffer.alloc(0);
  return Buffer.concat([header, ifd0Bytes, exifBytes, ...data]);
}

export const asciiz = (s: string): Buffer => Buffer.concat([ascii(s), Buffer.from([0])]);

/** EXIF UserComment with the UNICODE charset code, UTF-16 in the given byte order. */
export function userCommentUnicode(text: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  return Buffer.concat([ascii('UNICODE\u0000'), le]);
}

// ---- JUMBF / C2PA ----

export function box(type: string, content: Buffer): Buffer {
  return Buffer.concat([u32(8 + content.length), ascii(type), content]);
}

const C2PA_UUID = Buffer.from('6332706100110010800000aa00389b71', 'hex');
const GENERIC_UUID = Buffer.from('6332636c00110010800000aa00389b71', 'hex');

export function jumd(label: string, uuid = GENERIC_UUID): Buffer {
  return box('jumd', Buffer.concat([uuid, Buffer.from([0x03]), asciiz(label)]));
}

/** A C2PA manifest store whose inner manifest carries `manifestText` (standing in for CBOR). */
export function c2paStore(manifestText: string): Buffer {
  const manifest = box('jumb', Buffer.concat([jumd('urn:uuid:0000'), box('cbor', ascii(manifestText))]));
  return box('jumb', Buffer.concat([jumd('c2pa', C2PA_UUID), manifest]));
}

export const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** A CBOR-ish claim: key, then a CBOR text-string header byte, then the value. */
export function cborText(key: string, value: string): string {
  return `${key}${String.fromCharCode(0x60 + Math.min(value.length, 23))}${value}`;
}
