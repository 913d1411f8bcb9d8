// Evaluation protocol (center square, 236 px, JPEG q80) and the trivial-statistics baseline beside it.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { baselineFeatures, crossValidatedScores, fitLogistic, scoreLogistic } from '../../../src/cli/eval/baseline.js';
import { EVAL_PROTOCOL, EvalProtocolError, applyEvalProtocol } from '../../../src/cli/eval/eval-protocol.js';
import { auroc } from '../../../src/cli/eval/metrics.js';

/** A w x h PNG: green bands of `band` px on the left and right, grey in between. */
async function banded(w: number, h: number, band: number): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const edge = x < band || x >= w - band;
      px[i] = edge ? 0 : 128;
      px[i + 1] = edge ? 255 : 128;
      px[i + 2] = edge ? 0 : 128;
    }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

async function rgb(buf: Buffer) {
  return sharp(buf).raw().toBuffer({ resolveWithObject: true });
}

describe('applyEvalProtocol', () => {
  it('keeps only the centred square and delivers a 236 px JPEG', async () => {
    // 400x300: the centred 300x300 square drops exactly the 50 px green bands on either side.
    const out = await applyEvalProtocol(await banded(400, 300, 50));
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([EVAL_PROTOCOL.size, EVAL_PROTOCOL.size]);
    const { data } = await rgb(out);
    let maxGreenExcess = 0;
    for (let i = 0; i < data.length; i += 3) maxGreenExcess = Math.max(maxGreenExcess, data[i + 1]! - data[i]!);
    expect(maxGreenExcess).toBeLessThan(20); // no green band survived (JPEG noise aside)
  });

  it('a wider band reaches into the square and shows at its edges', async () => {
    const { data, info } = await rgb(await applyEvalProtocol(await banded(400, 300, 80)));
    const left = (info.height / 2) * info.width * 3; // first pixel of the middle row
    expect(data[left + 1]! - data[left]!).toBeGreaterThan(100);
  });

  it('scales small images up to 236 and flattens transparency on white', async () => {
    const transparent = await sharp({ create: { width: 50, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = await applyEvalProtocol(transparent);
    const { data, info } = await rgb(out);
    expect([info.width, info.height]).toEqual([236, 236]);
    expect(data.reduce((m, v) => Math.min(m, v), 255)).toBeGreaterThan(240);
  });

  it('uses quality 80: a noisy image encodes smaller than at quality 95 and larger than at 50', async () => {
    const noise = Buffer.alloc(236 * 236 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const src = await sharp(noise, { raw: { width: 236, height: 236, channels: 3 } }).png().toBuffer();
    const out = await applyEvalProtocol(src);
    const at = (q: number) => sharp(src).jpeg({ quality: q }).toBuffer();
    expect(out.length).toBeLessThan((await at(95)).length);
    expect(out.length).toBeGreaterThan((await at(50)).length);
  });

  it('refuses bytes that are not an image with a typed error', async () => {
    await expect(applyEvalProtocol(Buffer.from('not an image'))).rejects.toBeInstanceOf(EvalProtocolError);
    await expect(applyEvalProtocol(Buffer.alloc(0))).rejects.toBeInstanceOf(EvalProtocolError);
  });
});

describe('baseline', () => {
  it('features: log size, luma and saturation moments of the decoded pixels', async () => {
    const grey = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 128, g: 128, b: 128 } } }).jpeg({ quality: 80 }).toBuffer();
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 255, g: 0, b: 0 } } }).jpeg({ quality: 80 }).toBuffer();
    const [logBytes, lumaMean, lumaStd, , satMean, satStd] = await baselineFeatures(grey);
    expect(logBytes).toBeCloseTo(Math.log(grey.length), 12);
    expect(lumaMean).toBeCloseTo(128 / 255, 1);
    expect(lumaStd).toBeLessThan(0.01);
    expect(satMean).toBeLessThan(0.02);
    expect(satStd).toBeLessThan(0.02);
    const redFeatures = await baselineFeatures(red);
    expect(redFeatures[4]).toBeGreaterThan(0.9); // saturation mean of pure red
    expect(redFeatures[1]).toBeCloseTo(0.299, 1); // luma of pure red
  });

  it('logistic regression learns a separable feature and ignores a useless one', () => {
    const X: number[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 40; i++) {
      X.push([i < 20 ? i / 20 : 2 + i / 20, Math.sin(i)]);
      y.push(i >= 20);
    }
    const m = fitLogistic(X, y);
    expect(Math.abs(m.weights[0]!)).toBeGreaterThan(5 * Math.abs(m.weights[1]!));
    expect(scoreLogistic(m, [3, 0])).toBeGreaterThan(0);
    expect(scoreLogistic(m, [0, 0])).toBeLessThan(0);
  });

  it('cross-validated scores separate a set with a shortcut and stay near 0.5 on one without', () => {
    const shortcut: number[][] = [];
    const none: number[][] = [];
    const y: boolean[] = [];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const ai = i % 2 === 0;
      y.push(ai);
      shortcut.push([(ai ? 1 : 0) + rand() * 0.5, rand()]);
      none.push([rand(), rand()]);
    }
    const score = (X: number[][]) => auroc(crossValidatedScores(X, y).map((s, i) => ({ ai: y[i]!, score: s })))!;
    expect(score(shortcut)).toBeGreaterThan(0.95);
    expect(Math.abs(score(none) - 0.5)).toBeLessThan(0.15);
  });
});
