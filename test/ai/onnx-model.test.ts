// ONNX image model end to end on a tiny test graph: load checks, self-test, batching, calibration, refusals.
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelLoadError, createOnnxModel } from '../../src/ai/onnx-model.js';
import { tinyLogit, writeTinyModel } from './helpers/tiny-model.js';

const dirs: string[] = [];
const fixture = (edit?: (m: Record<string, any>) => void) => {
  const f = writeTinyModel(edit);
  dirs.push(f.dir);
  return f;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const png = (r: number, g: number, b: number, size = 256) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } }).png().toBuffer();

describe('createOnnxModel', () => {
  it('loads, self-tests and scores a batch larger than max_batch, in order, with nulls for bad images', async () => {
    const { manifestPath, sha256 } = fixture();
    const model = await createOnnxModel(manifestPath);
    try {
      expect(model.info).toEqual({
        id: 'tiny-redness',
        name: 'Tiny redness test model',
        version: '0.0.1',
        sha256,
        license: 'MIT',
        source: 'test/ai/helpers/tiny-model.ts',
      });
      expect(model.manifest.runtime?.max_batch).toBe(2);
      const images = [await png(255, 0, 0), Buffer.from('junk'), await png(0, 0, 255), await png(128, 128, 128), await png(255, 0, 0, 32)];
      const scores = await model.scoreBatch(images);
      expect(scores).toHaveLength(5);
      expect(scores[0]!.probability).toBeCloseTo(sigmoid(tinyLogit(1, 0, 0)), 4);
      expect(scores[1]).toEqual({ probability: null, reason: 'undecodable image' });
      expect(scores[2]!.probability).toBeCloseTo(sigmoid(tinyLogit(0, 0, 1)), 4);
      expect(scores[3]!.probability).toBeCloseTo(sigmoid(-1), 2);
      expect(scores[4]!.probability).toBeNull();
      expect(scores[4]!.reason).toMatch(/too small/);
      expect(await model.scoreBatch([])).toEqual([]);
    } finally {
      await model.close();
    }
    await expect(model.scoreBatch([await png(1, 2, 3)])).rejects.toThrow(/closed/);
    await model.close(); // idempotent
  });

  it('applies the manifest calibration', async () => {
    const { manifestPath } = fixture((m) => (m.calibration = { type: 'platt', a: -0.5, b: 2 }));
    const model = await createOnnxModel(manifestPath, { maxBatch: 8, intraOpThreads: 1 });
    try {
      const [red] = await model.scoreBatch([await png(255, 0, 0)]);
      expect(red!.probability).toBeCloseTo(sigmoid(-0.5 * tinyLogit(1, 0, 0) + 2), 4);
    } finally {
      await model.close();
    }
  });

  it('serves concurrent callers', async () => {
    const { manifestPath } = fixture();
    const model = await createOnnxModel(manifestPath);
    try {
      const red = await png(255, 0, 0);
      const blue = await png(0, 0, 255);
      const results = await Promise.all([model.scoreBatch([red, blue]), model.scoreBatch([blue]), model.scoreBatch([red, red, red])]);
      expect(results.map((r) => r.map((s) => (s.probability! > 0.5 ? 'hi' : 'lo')))).toEqual([['hi', 'lo'], ['lo'], ['hi', 'hi', 'hi']]);
    } finally {
      await model.close();
    }
  });

  it('fails the self-test with a clear error when the expected output is wrong', async () => {
    const { manifestPath } = fixture((m) => (m.selftest.expect = 3));
    await expect(createOnnxModel(manifestPath)).rejects.toThrow(/self-test failed: constant 0.5 input gave -1(\.0+\d*)?, expected 3/);
  });

  it('refuses manifests whose names or column do not exist in the model', async () => {
    const badInput = fixture((m) => (m.input.name = 'pixels'));
    await expect(createOnnxModel(badInput.manifestPath)).rejects.toThrow(/input.name "pixels" is not an input of the model \(it has input\)/);
    const badOutput = fixture((m) => (m.output.name = 'prob'));
    await expect(createOnnxModel(badOutput.manifestPath)).rejects.toThrow(/output.name "prob" is not an output of the model \(it has logits\)/);
    const badColumn = fixture((m) => (m.output.ai_index = 2));
    await expect(createOnnxModel(badColumn.manifestPath)).rejects.toThrow(/ai_index 2 is out of range/);
  });

  it('refuses a manifest whose input size does not match the model', async () => {
    const { manifestPath } = fixture((m) => (m.input.size = [112, 112]));
    await expect(createOnnxModel(manifestPath)).rejects.toThrow(ModelLoadError);
    await expect(createOnnxModel(manifestPath)).rejects.toThrow(/shape \[N,3,224,224\], manifest implies \[N,3,112,112\]/);
  });

  it('reports manifest problems before touching onnxruntime', async () => {
    const { manifestPath } = fixture((m) => (m.sha256 = 'f'.repeat(64)));
    await expect(createOnnxModel(manifestPath)).rejects.toThrow(/sha256 does not match/);
  });
});
