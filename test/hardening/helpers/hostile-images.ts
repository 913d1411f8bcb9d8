// Hostile and unusual image bodies for the proxy and scorer tests: decompression bombs (a PNG, a
// GIF and a JPEG whose headers declare billions of pixels), a zlib-heavy PNG within the pixel
// limit, an animated GIF, a CMYK JPEG, a truncated PNG and random bytes behind a JPEG magic.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit RGB PNG declaring width x height, with `idat` as its (compressed) data. */
function rgbPng(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG declaring 100000 x 100000 pixels (30 GB decoded), with 1 MiB of zeros as data (about 1 KB). */
export function pngBomb(): Buffer {
  return rgbPng(100_000, 100_000, zlib.deflateSync(Buffer.alloc(1 << 20), { level: 9 }));
}

/** A complete, valid side x side black PNG: tens of MB decoded from a few KB (within the pixel limit). */
export function zlibHeavyPng(side: number): Buffer {
  const row = 1 + side * 3; // filter byte + RGB
  return rgbPng(side, side, zlib.deflateSync(Buffer.alloc(row * side), { level: 9 }));
}

/** A GIF whose screen and one frame declare 65535 x 65535 pixels, with an empty LZW stream. */
export function gifBomb(): Buffer {
  const screen = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00]); // 65535 x 65535, 2-colour table
  const palette = Buffer.from([0, 0, 0, 255, 255, 255]);
  const frame = Buffer.from([0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x00]);
  const lzw = Buffer.from([0x02, 0x01, 0x2c, 0x00]); // min code size 2; clear, end; block end
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), screen, palette, frame, lzw, Buffer.from([0x3b])]);
}

/** A real small JPEG whose SOF header is patched to claim 65500 x 65500 pixels. */
export async function jpegDimensionBomb(): Promise<Buffer> {
  const jpeg = Buffer.from(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toBuffer());
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) {
      jpeg.writeUInt16BE(65500, i + 5);
      jpeg.writeUInt16BE(65500, i + 7);
      return jpeg;
    }
  }
  throw new Error('no SOF marker in the test JPEG');
}

/** A three-frame animated GIF (red, blue, green), 96 x 96. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (background: string) => sharp({ create: { width: 96, height: 96, channels: 3, background } }).png().toBuffer();
  const frames = await Promise.all([frame('#ff0000'), frame('#0000ff'), frame('#00ff00')]);
  return sharp(frames, { join: { animated: true } }).gif({ delay: [100, 100, 100], loop: 0 }).toBuffer();
}

/** A 128 x 128 JPEG in the CMYK colour space (as print workflows upload them). */
export function cmykJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 128, height: 128, channels: 3, background: '#c81e1e' } }).toColourspace('cmyk').jpeg().toBuffer();
}

/** A valid 128 x 128 PNG cut off halfway. */
export async function truncatedPng(): Promise<Buffer> {
  const png = await sharp({ create: { width: 128, height: 128, channels: 3, background: '#336699' } }).png({ compressionLevel: 0 }).toBuffer();
  return png.subarray(0, Math.floor(png.length / 2));
}

/** Random bytes between a JPEG's start and end markers: passes a magic-byte check, decodes to nothing. */
export function corruptJpeg(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096), Buffer.from([0xff, 0xd9])]);
}

/**
 * A real side x side PNG carrying `count` zTXt chunks under `keyword`, each inflating to
 * `inflatedEach` bytes (the "text-chunk bomb": ~2 KB compressed per chunk). Issue 18 row 3 used
 * 512x512, 256 chunks of 2 MiB.
 */
export async function pngTextBomb(opts: { side?: number; count?: number; inflatedEach?: number; keyword?: string } = {}): Promise<Buffer> {
  const side = opts.side ?? 512;
  const base = await sharp({ create: { width: side, height: side, channels: 3, background: '#d02020' } }).png().toBuffer();
  const text = zlib.deflateSync(Buffer.alloc(opts.inflatedEach ?? 2 << 20, 0x61), { level: 9 });
  const body = Buffer.concat([Buffer.from(`${opts.keyword ?? 'Description'}\0\0`, 'latin1'), text]);
  const bomb = chunk('zTXt', body);
  const iend = base.length - 12; // IEND is the last chunk of sharp's output
  const chunks = Array.from({ length: opts.count ?? 256 }, () => bomb);
  return Buffer.concat([base.subarray(0, iend), ...chunks, base.subarray(iend)]);
}

/** A complete PNG whose IHDR declares side x side pixels (issue 18 row 12: 30000x30000, under 1 MB). */
export function hugeDeclaredPng(side = 30_000): Buffer {
  // One zero row repeated compresses to almost nothing; the stream is valid up to its declared size.
  return rgbPng(side, side, zlib.deflateSync(Buffer.alloc(1 + side * 3), { level: 9 }));
}
