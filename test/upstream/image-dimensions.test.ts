// Declared dimensions from the header alone, for the image proxy's pixel limit (issue 18 row 12).
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { declaredDimensions, declaredPixels } from '../../src/upstream/image-dimensions.js';
import { sniffImageType } from '../../src/upstream/image-sniff.js';
import * as img from '../hardening/helpers/hostile-images.js';

const make = (format: 'png' | 'jpeg' | 'gif' | 'webp', width: number, height: number, opts: Record<string, unknown> = {}) =>
  sharp({ create: { width, height, channels: 3, background: '#4080c0' } })[format](opts).toBuffer();

describe('declared image dimensions', () => {
  for (const [format, opts] of [
    ['png', {}],
    ['jpeg', {}],
    ['jpeg', { progressive: true }],
    ['gif', {}],
    ['webp', {}],
    ['webp', { lossless: true }],
  ] as const) {
    it(`${format} ${JSON.stringify(opts)}: 300x170 as written`, async () => {
      const bytes = await make(format, 300, 170, opts);
      expect(declaredDimensions(bytes, sniffImageType(bytes)!)).toEqual({ width: 300, height: 170 });
    });
  }

  it('webp with an alpha channel (VP8X)', async () => {
    const bytes = await sharp({ create: { width: 321, height: 123, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp().toBuffer();
    expect(declaredDimensions(bytes, 'image/webp')).toEqual({ width: 321, height: 123 });
  });

  it('reads the bombs\' claims without decoding them', async () => {
    expect(declaredPixels(img.hugeDeclaredPng(30_000), 'image/png')).toBe(900_000_000);
    expect(declaredPixels(img.gifBomb(), 'image/gif')).toBe(65535 * 65535);
    expect(declaredPixels(await img.jpegDimensionBomb(), 'image/jpeg')).toBe(65500 * 65500);
  });

  it('unreadable headers give null, never throw', () => {
    expect(declaredDimensions(img.corruptJpeg(), 'image/jpeg')).toBeNull();
    expect(declaredDimensions(Buffer.from([0x89, 0x50]), 'image/png')).toBeNull();
    expect(declaredDimensions(Buffer.alloc(0), 'image/webp')).toBeNull();
    expect(declaredDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00]), 'image/jpeg')).toBeNull();
  });
});
