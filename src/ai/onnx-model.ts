// ImageModel on onnxruntime-node: loads a manifest'd ONNX file, self-tests it, scores image batches.
import * as ort from 'onnxruntime-node';
import { loadManifest, probabilityFrom } from './manifest.js';
import { toInputTensor } from './preprocess.js';
import type { ImageModel, ModelInfo, ModelManifest, ModelScore } from './types.js';

export interface OnnxModelOptions {
  /** Threads for one inference; default manifest.runtime.intra_op_threads, else 2. */
  intraOpThreads?: number;
  /** Images per ONNX run; default manifest.runtime.max_batch, else 8. */
  maxBatch?: number;
}

/** The model failed to load, did not match its manifest, or failed its self-test. */
export class ModelLoadError extends Error {
  constructor(
    readonly manifestPath: string,
    detail: string,
  ) {
    super(`model ${manifestPath}: ${detail}`);
    this.name = 'ModelLoadError';
  }
}

function inputDims(input: ModelManifest['input'], n: number): number[] {
  const [h, w] = input.size;
  return input.layout === 'NCHW' ? [n, 3, h, w] : [n, h, w, 3];
}

/** Checks a declared ONNX input shape against the manifest where the model fixes the dimensions. */
function checkInputShape(session: ort.InferenceSession, manifest: ModelManifest, where: string): void {
  const meta = session.inputMetadata?.find((m) => m.name === manifest.input.name);
  if (!meta || !meta.isTensor) return;
  if (meta.type !== 'float32') throw new ModelLoadError(where, `input ${manifest.input.name} is ${meta.type}, expected float32`);
  const expected = inputDims(manifest.input, 1);
  if (meta.shape.length === 0) return; // shape not declared by the model
  const clash = meta.shape.length !== 4 || meta.shape.some((d, i) => i > 0 && typeof d === 'number' && d > 0 && d !== expected[i]);
  if (clash) {
    throw new ModelLoadError(where, `input ${manifest.input.name} has shape [${meta.shape.join(',')}], manifest implies [N,${expected.slice(1).join(',')}] (${manifest.input.layout})`);
  }
}

/** Values of column `index` for a [n] or [n, k] output. */
function column(tensor: ort.Tensor, n: number, index: number, what: string): Float32Array {
  if (tensor.type !== 'float32') throw new Error(`${what} is ${tensor.type}, expected float32`);
  const data = tensor.data as Float32Array;
  if (n === 0 || data.length % n !== 0) throw new Error(`${what} has ${data.length} values for ${n} images`);
  const k = data.length / n;
  if (index >= k) throw new Error(`${what} has ${k} column(s); output.ai_index ${index} is out of range`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = data[i * k + index]!;
  return out;
}

/** Serializes work on one session, so concurrent callers queue instead of oversubscribing the cores. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function createOnnxModel(manifestPath: string, opts: OnnxModelOptions = {}): Promise<ImageModel> {
  const { manifest, onnxPath } = await loadManifest(manifestPath);
  const threads = opts.intraOpThreads ?? manifest.runtime?.intra_op_threads ?? 2;
  const maxBatch = opts.maxBatch ?? manifest.runtime?.max_batch ?? 8;
  if (!Number.isInteger(threads) || threads < 1) throw new ModelLoadError(manifestPath, `intraOpThreads must be a positive integer (got ${threads})`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new ModelLoadError(manifestPath, `maxBatch must be a positive integer (got ${maxBatch})`);

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnxPath, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    throw new ModelLoadError(manifestPath, `onnxruntime cannot load ${onnxPath}: ${(err as Error).message}`);
  }

  const { input, output } = manifest;
  const run = async (data: Float32Array, n: number): Promise<Float32Array> => {
    const result = await session.run({ [input.name]: new ort.Tensor('float32', data, inputDims(input, n)) }, [output.name]);
    return column(result[output.name]!, n, output.ai_index, `output ${output.name}`);
  };

  try {
    if (!session.inputNames.includes(input.name)) {
      throw new ModelLoadError(manifestPath, `input.name ${JSON.stringify(input.name)} is not an input of the model (it has ${session.inputNames.join(', ')})`);
    }
    if (!session.outputNames.includes(output.name)) {
      throw new ModelLoadError(manifestPath, `output.name ${JSON.stringify(output.name)} is not an output of the model (it has ${session.outputNames.join(', ')})`);
    }
    checkInputShape(session, manifest, manifestPath);
    // Self-test: selftest.expect is the raw output (column ai_index, before calibration) for a
    // [1, ...] tensor filled with selftest.fill.
    const [h, w] = input.size;
    let got: number;
    try {
      got = (await run(new Float32Array(3 * h * w).fill(manifest.selftest.fill), 1))[0]!;
    } catch (err) {
      throw new ModelLoadError(manifestPath, `self-test run failed: ${(err as Error).message}`);
    }
    const { expect, atol } = manifest.selftest;
    if (!(Math.abs(got - expect) <= atol)) {
      throw new ModelLoadError(manifestPath, `self-test failed: constant ${manifest.selftest.fill} input gave ${got}, expected ${expect} +/- ${atol} (wrong file, or a broken runtime?)`);
    }
  } catch (err) {
    await session.release().catch(() => undefined);
    throw err;
  }

  const info: ModelInfo = {
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    sha256: manifest.sha256,
    license: manifest.license,
    source: manifest.source,
  };
  const exclusive = serial();
  let closed = false;

  const scoreChunk = async (images: Buffer[]): Promise<ModelScore[]> => {
    const tensor = await toInputTensor(images, input);
    let raw: Float32Array = new Float32Array(0);
    if (tensor.count > 0) {
      raw = await exclusive(() => {
        if (closed) throw new Error('model is closed');
        return run(tensor.data, tensor.count);
      });
    }
    let k = 0;
    return tensor.ok.map((ok, i): ModelScore => {
      if (!ok) return { probability: null, reason: tensor.reasons[i] };
      const p = probabilityFrom(manifest, raw[k++]!);
      return Number.isFinite(p) ? { probability: p } : { probability: null, reason: 'model output not finite' };
    });
  };

  return {
    info,
    manifest,
    async scoreBatch(images: Buffer[]): Promise<ModelScore[]> {
      if (closed) throw new Error('model is closed');
      const scores: ModelScore[] = [];
      // Chunks are preprocessed one at a time to bound memory; inference is serialized per session.
      for (let start = 0; start < images.length; start += maxBatch) {
        scores.push(...(await scoreChunk(images.slice(start, start + maxBatch))));
      }
      return scores;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Wait for a run in flight before releasing the native session.
      await exclusive(async () => undefined).catch(() => undefined);
      await session.release();
    },
  };
}
