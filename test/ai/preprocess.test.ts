// Preprocessing: tensor layout and sizes, crop, orientation, alpha, odd formats, and refusals.
import { crc32 } from 'node:zlib';
import sharp, { type Color } from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_PIXELS, toInputTensor } from '../../src/ai/preprocess.js';
import type { ModelManifest } from '../../src/ai/types.js';

type Input = ModelManifest['input'];
const INPUT: Input = {
  name: 'input',
  layout: 'NCHW',
  size: [224, 224],
  resize: 'shorter_side',
  crop: 'center',
  interpolation: 'bilinear',
  alpha: 'white',
  scale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  min_source_px: 64,
};

const solid = (width: number, height: number, background: Color | string, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } });

/** Horizontal stripes of equal width, left to right, as a PNG. */
async function stripes(width: number, height: number, colours: [number, number, number][]): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set(colours[Math.floor((x * colours.length) / width)]!, (y * width + x) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** RGB of sample k at (x, y) from an NCHW tensor. */
function pixel(data: Float32Array, k: number, x: number, y: number, [h, w] = INPUT.size): number[] {
  const plane = h * w;
  return [0, 1, 2].map((c) => data[(k * 3 + c) * plane + y * w + x]!);
}

describe('toInputTensor', () => {
  it('gives an NCHW float tensor of the manifest size with values scaled to [0,1]', async () => {
    const t = await toInputTensor([await solid(300, 200, { r: 255, g: 0, b: 0 }).jpeg().toBuffer()], INPUT);
    expect(t.dims).toEqual([1, 3, 224, 224]);
    expect(t.data.length).toBe(3 * 224 * 224);
    expect(t.ok).toEqual([true]);
    const [r, g, b] = pixel(t.data, 0, 112, 112);
    expect(r).toBeGreaterThan(0.97);
    expect(g).toBeLessThan(0.03);
    expect(b).toBeLessThan(0.03);
  });

  it('supports NHWC, non-square sizes and scale/mean/std', async () => {
    const input: Input = { ...INPUT, layout: 'NHWC', size: [96, 128], mean: [0.5, 0.5, 0.5], std: [0.25, 0.5, 1] };
    const t = await toInputTensor([await solid(400, 300, { r: 204, g: 204, b: 204 }).png().toBuffer()], input);
    expect(t.dims).toEqual([1, 96, 128, 3]);
    const at = (50 * 128 + 60) * 3;
    const v = 204 / 255;
    expect(t.data[at]).toBeCloseTo((v - 0.5) / 0.25, 5);
    expect(t.data[at + 1]).toBeCloseTo((v - 0.5) / 0.5, 5);
    expect(t.data[at + 2]).toBeCloseTo(v - 0.5, 5);
  });

  it('resizes the shorter side and crops the centre', async () => {
    // 600x200 in three 200 px stripes green|red|blue: the 224 px centre crop of the 672x224 resize is red.
    const png = await stripes(600, 200, [[0, 255, 0], [255, 0, 0], [0, 0, 255]]);
    const t = await toInputTensor([png], INPUT);
    for (const x of [4, 112, 219]) {
      const [r, g, b] = pixel(t.data, 0, x, 100);
      expect(r, `x=${x}`).toBeGreaterThan(0.95);
      expect(Math.max(g!, b!), `x=${x}`).toBeLessThan(0.05);
    }
  });

  it('applies the EXIF orientation', async () => {
    // Stored left red | right blue; orientation 6 displays it rotated 90 degrees clockwise: top red, bottom blue.
    const stored = await sharp(await stripes(300, 300, [[255, 0, 0], [0, 0, 255]]))
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    const t = await toInputTensor([stored], INPUT);
    // Sampled where the unrotated image would give the opposite colour.
    expect(pixel(t.data, 0, 180, 20)[0]).toBeGreaterThan(0.9); // top right is red
    expect(pixel(t.data, 0, 40, 200)[2]).toBeGreaterThan(0.9); // bottom left is blue
  });

  it('composites transparency on white', async () => {
    const clear = await solid(300, 300, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer();
    const halfRed = await solid(300, 300, { r: 255, g: 0, b: 0, alpha: 0.5 }, 4).png().toBuffer();
    const t = await toInputTensor([clear, halfRed], INPUT);
    for (const v of pixel(t.data, 0, 112, 112)) expect(v).toBeGreaterThan(0.99);
    const [r, g, b] = pixel(t.data, 1, 112, 112);
    expect(r).toBeGreaterThan(0.99);
    expect(g).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(0.5, 1);
  });

  it('handles CMYK JPEG, greyscale 16-bit PNG and WebP as sRGB', async () => {
    const cmyk = await solid(300, 300, { r: 0, g: 0, b: 255 }).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const grey16 = await solid(300, 300, { r: 128, g: 128, b: 128 }).toColourspace('grey16').png().toBuffer();
    const webp = await solid(300, 300, { r: 0, g: 200, b: 0 }).webp().toBuffer();
    const t = await toInputTensor([cmyk, grey16, webp], INPUT);
    expect(t.ok).toEqual([true, true, true]);
    const [r, g, b] = pixel(t.data, 0, 112, 112);
    expect(b).toBeGreaterThan(r! + 0.2); // blue stays blue (a CMYK round trip narrows the gamut)
    expect(b).toBeGreaterThan(g! + 0.2);
    const grey = pixel(t.data, 1, 112, 112);
    expect(grey[0]).toBeCloseTo(128 / 255, 1);
    expect(grey[0]).toBeCloseTo(grey[2]!, 5);
    expect(pixel(t.data, 2, 112, 112)[1]).toBeGreaterThan(0.7);
  });

  it('uses the first frame of an animated GIF', async () => {
    // Two 256x256 frames stacked vertically: green, then red.
    const frame = 256;
    const raw = Buffer.alloc(frame * frame * 2 * 3);
    for (let i = 0; i < frame * frame * 2; i++) raw.set(i < frame * frame ? [0, 255, 0] : [255, 0, 0], i * 3);
    const gif = await sharp(raw, { raw: { width: frame, height: frame * 2, channels: 3, pageHeight: frame } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const t = await toInputTensor([gif], INPUT);
    expect(t.ok).toEqual([true]);
    const [r, g] = pixel(t.data, 0, 112, 112);
    expect(g).toBeGreaterThan(0.9);
    expect(r).toBeLessThan(0.1);
  });

  it('refuses small, empty, garbage, truncated and oversized images without throwing, keeping order', async () => {
    const good = await solid(300, 300, { r: 10, g: 20, b: 30 }).png().toBuffer();
    const small = await solid(400, 63, '#808080').png().toBuffer();
    const justBigEnough = await solid(64, 400, '#808080').png().toBuffer();
    const jpeg = await solid(300, 300, '#808080').jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    const t = await toInputTensor(
      [good, small, Buffer.from('not an image at all'), Buffer.alloc(0), truncated, await pngBomb(), justBigEnough],
      INPUT,
    );
    expect(t.ok).toEqual([true, false, false, false, false, false, true]);
    expect(t.count).toBe(2);
    expect(t.dims).toEqual([2, 3, 224, 224]);
    expect(t.reasons[1]).toMatch(/too small \(400x63/);
    expect(t.reasons[2]).toBe('undecodable image');
    expect(t.reasons[3]).toBe('empty image');
    expect(t.reasons[4]).toBe('undecodable image');
    expect(t.reasons[5]).toMatch(/too large \(20000x20000/);
    // Packed in order: slot 0 is the good image, slot 1 the 64 px one (grey).
    expect(pixel(t.data, 0, 112, 112)[2]).toBeCloseTo(30 / 255, 2);
    expect(pixel(t.data, 1, 112, 112)[0]).toBeCloseTo(128 / 255, 1);
  });

  it('refuses vector and document formats', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="red"/></svg>');
    const t = await toInputTensor([svg], INPUT);
    expect(t.ok).toEqual([false]);
    expect(t.reasons[0]).toBe('unsupported format svg');
  });

  it('refuses images above the pixel limit', async () => {
    expect(MAX_INPUT_PIXELS).toBe(40_000_000);
    const png = await solid(300, 300, '#808080').png().toBuffer();
    const t = await toInputTensor([png], INPUT, 300 * 299);
    expect(t.ok).toEqual([false]);
    expect(t.reasons[0]).toMatch(/too large/);
  });

  it('gives an empty tensor for an empty batch', async () => {
    const t = await toInputTensor([], INPUT);
    expect(t.count).toBe(0);
    expect(t.data.length).toBe(0);
  });
});

/** A tiny PNG whose header claims 20000x20000 pixels (a decompression bomb's signature). */
async function pngBomb(): Promise<Buffer> {
  const png = Buffer.from(await solid(1, 1, '#000000').png().toBuffer());
  // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); CRC covers type + data (bytes 12..29).
  png.writeUInt32BE(20000, 16);
  png.writeUInt32BE(20000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
