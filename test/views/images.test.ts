// Variant choice and srcset: local paths only, widths from the variant or its size folder,
// square crops kept out of srcset, fallbacks when widths are unknown.
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src/domain/types.js';
import { pickVariant, sizedVariants, srcsetOf } from '../../views/images.js';
import { imageSet } from './helpers/samples.js';

const S = 'abcdef0123456789abcdef0123456789';
const path = (size: string) => `/img/${size}/ab/cd/ef/${S}.jpg`;

describe('image variants', () => {
  it('picks the smallest variant at least the target width, capped by max', () => {
    const set = imageSet(1);
    expect(pickVariant(set, 200)?.path).toBe(set.variants[0]!.path);
    expect(pickVariant(set, 300)?.path).toBe(set.variants[1]!.path);
    expect(pickVariant(set, 2000, 736)?.path).toBe(set.variants[2]!.path);
  });

  it('derives widths from size folders and heights from the aspect of another variant', () => {
    const set: ImageSet = { signature: S, dominantColor: null, variants: [
      { size: '236x', path: path('236x'), width: null, height: null },
      { size: '736x', path: path('736x'), width: 736, height: 1472 },
    ] };
    expect(sizedVariants(set)).toEqual([
      { path: path('236x'), width: 236, height: 472 },
      { path: path('736x'), width: 736, height: 1472 },
    ]);
    expect(srcsetOf(set)).toBe(`${path('236x')} 236w, ${path('736x')} 736w`);
  });

  it('leaves square crops and non-local paths out, and gives no srcset for a single size', () => {
    const set: ImageSet = { signature: S, dominantColor: null, variants: [
      { size: '75x75_RS', path: path('75x75_RS'), width: 75, height: 75 },
      { size: '236x', path: path('236x'), width: 236, height: 300 },
      { size: '474x', path: `https://i.pinimg.com/474x/ab/cd/ef/${S}.jpg`, width: 474, height: 600 },
    ] };
    expect(sizedVariants(set).map((v) => v.width)).toEqual([236]);
    expect(srcsetOf(set)).toBeUndefined();
  });

  it('falls back to any local path when no width is known, and to null when nothing is local', () => {
    const originalsOnly: ImageSet = { signature: S, dominantColor: null, variants: [{ size: 'originals', path: path('originals'), width: null, height: null }] };
    expect(pickVariant(originalsOnly, 236)).toEqual({ path: path('originals'), width: 0, height: null });
    expect(pickVariant({ signature: null, dominantColor: null, variants: [{ size: '236x', path: 'https://x/y.jpg', width: 236, height: 1 }] }, 236)).toBeNull();
    expect(pickVariant(null, 236)).toBeNull();
  });
});
