import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { looksComplete, sniffImageType, type ImageContentType } from '../../src/upstream/image-sniff.js';

const samples: Partial<Record<ImageContentType, Buffer>> = {};

beforeAll(async () => {
  const base = sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 80, b: 40 } } });
  samples['image/jpeg'] = await base.clone().jpeg().toBuffer();
  samples['image/png'] = await base.clone().png().toBuffer();
  samples['image/gif'] = await base.clone().gif().toBuffer();
  samples['image/webp'] = await base.clone().webp().toBuffer();
});

describe('image sniffing', () => {
  it('names real JPEG, PNG, GIF and WebP files by their bytes, and finds them complete', () => {
    for (const [type, buf] of Object.entries(samples) as [ImageContentType, Buffer][]) {
      expect(sniffImageType(buf)).toBe(type);
      expect(looksComplete(buf, type)).toBe(true);
    }
  });

  it('refuses SVG, HTML, JSON, empty and tiny bodies', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(sniffImageType(svg)).toBeNull();
    expect(sniffImageType(Buffer.from('<!DOCTYPE html><html></html>'))).toBeNull();
    expect(sniffImageType(Buffer.from('{"a":1}'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull();
  });

  it('notices a cut-off download of every format', () => {
    for (const [type, buf] of Object.entries(samples) as [ImageContentType, Buffer][]) {
      const cut = buf.subarray(0, Math.floor(buf.length * 0.7));
      expect(sniffImageType(cut)).toBe(type);
      expect(looksComplete(cut, type), type).toBe(false);
    }
  });
});
