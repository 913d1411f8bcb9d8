// Converter: reproducible bytes, the recorded hash, and numeric parity with nsfwjs running in TF.js.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { convertNsfwjs, type Conversion } from '../../tools/convert-nsfwjs/convert.js';
import { decodeWeights } from '../../tools/convert-nsfwjs/tfjs-weights.js';

const SIZE = 224;

/** Two synthetic NHWC images in [0,1]: seeded noise, and a smooth colour gradient with a bright square. */
function syntheticBatch(): Float32Array {
  const data = new Float32Array(2 * SIZE * SIZE * 3);
  let seed = 20240611;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < SIZE * SIZE * 3; i++) data[i] = rand();
  const off = SIZE * SIZE * 3;
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const inSquare = x > 80 && x < 150 && y > 60 && y < 120;
      const p = off + (y * SIZE + x) * 3;
      data[p] = inSquare ? 1 : x / SIZE;
      data[p + 1] = inSquare ? 0.9 : y / SIZE;
      data[p + 2] = inSquare ? 0.2 : 0.5;
    }
  return data;
}

function nhwcToNchw(src: Float32Array, n: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++)
        for (let c = 0; c < 3; c++) out[((b * 3 + c) * SIZE + y) * SIZE + x] = src[((b * SIZE + y) * SIZE + x) * 3 + c]!;
  return out;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('convert-nsfwjs (mobilenet_v2)', () => {
  let conversion: Conversion;
  beforeAll(() => {
    conversion = convertNsfwjs('mobilenet_v2');
  });

  it('is reproducible and matches the recorded sha256', () => {
    const again = convertNsfwjs('mobilenet_v2');
    expect(again.sha256).toBe(conversion.sha256);
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(conversion.bytes))).toBe(0);
    const expected = readFileSync(path.resolve('tools/convert-nsfwjs/EXPECTED_SHA256'), 'utf8').trim();
    expect(conversion.sha256).toBe(expected);
  });

  it('describes every layer with stable initializer names', () => {
    const { description } = conversion;
    expect(description.outputs.features).toMatchObject({ name: 'features', dim: 1280 });
    expect(description.layers.filter((l) => l.type === 'DepthwiseConv2D')).toHaveLength(17);
    const conv1 = description.layers.find((l) => l.name === 'Conv1')!;
    expect(conv1).toMatchObject({ weights: { kernel: 'Conv1/kernel' }, strides: [2, 2], padding: 'valid', output_shape: [32, 112, 112] });
    const bn = description.layers.find((l) => l.name === 'bn_Conv1')!;
    expect(bn.weights).toEqual({
      gamma: 'bn_Conv1/gamma',
      beta: 'bn_Conv1/beta',
      moving_mean: 'bn_Conv1/moving_mean',
      moving_variance: 'bn_Conv1/moving_variance',
    });
  });

  it('refuses shards whose byte count does not match the manifest', () => {
    const spec = [{ name: 'a/kernel', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } }];
    expect(decodeWeights(spec, Buffer.from([0, 1, 2, 3])).get('a/kernel')!.data).toEqual(Float32Array.of(-1, -0.5, 0, 0.5));
    expect(() => decodeWeights(spec, Buffer.from([0, 1, 2, 3, 4]))).toThrow(/shards hold 5/);
    expect(() => decodeWeights(spec, Buffer.from([0, 1, 2]))).toThrow(/past the end/);
  });

  it('gives the same features and head as nsfwjs in TF.js (max abs diff < 1e-4)', async () => {
    const tf = await import('@tensorflow/tfjs');
    const nsfwjs = await import('nsfwjs');
    const reference = await nsfwjs.load('MobileNetV2');
    const layers = reference.model as import('@tensorflow/tfjs').LayersModel;
    const featureLayer = conversion.description.outputs.features.layer;
    const probe = tf.model({ inputs: layers.inputs, outputs: [layers.getLayer(featureLayer).output, layers.outputs[0]!] as import('@tensorflow/tfjs').SymbolicTensor[] });
    const nhwc = syntheticBatch();
    const [refFeatures, refHead] = probe.predict(tf.tensor4d(nhwc, [2, SIZE, SIZE, 3])) as import('@tensorflow/tfjs').Tensor[];

    const session = await ort.InferenceSession.create(Buffer.from(conversion.bytes));
    try {
      const out = await session.run({ input: new ort.Tensor('float32', nhwcToNchw(nhwc, 2), [2, 3, SIZE, SIZE]) });
      const features = out.features!.data as Float32Array;
      const head = out.head!.data as Float32Array;
      const refF = await refFeatures!.data();
      const refH = await refHead!.data();
      // Guard against a trivially-passing comparison (e.g. all zeros on both sides).
      expect(Math.max(...refF)).toBeGreaterThan(0.1);
      expect(maxAbsDiff(features, refF)).toBeLessThan(1e-4);
      expect(maxAbsDiff(head, refH)).toBeLessThan(1e-4);
      // The two images differ, so the head must not be constant across the batch.
      expect(maxAbsDiff(head.slice(0, 5), head.slice(5))).toBeGreaterThan(1e-3);
    } finally {
      await session.release();
    }
  // A hang guard, not a speed check: pure-JS TF.js inference takes about 20 s alone and several
  // times that on a loaded shared machine (125 s seen beside other suites).
  }, 400_000);
});
