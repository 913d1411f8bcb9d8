// Reads a TF.js layers model bundled in nsfwjs (JS modules exporting model JSON and base64 shards).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}

export interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, Record<string, unknown>][][];
}

export interface TfjsLayersModel {
  modelTopology: {
    keras_version?: string;
    model_config: {
      class_name: string;
      config: { layers: KerasLayer[]; input_layers: [string, number, number][]; output_layers: [string, number, number][] };
    };
  };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** The nsfwjs models this tool knows, with their package folder names. */
export const NSFWJS_MODELS = ['mobilenet_v2', 'inception_v3'] as const;
export type NsfwjsModelName = (typeof NSFWJS_MODELS)[number];

const require_ = createRequire(import.meta.url);

/** Root of the installed nsfwjs package (its "exports" hide package.json, so walk up from main). */
function nsfwjsRoot(): string {
  let dir = path.dirname(require_.resolve('nsfwjs'));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) !== 'nsfwjs') {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the nsfwjs package folder');
    dir = up;
  }
  return dir;
}

/** Folder of a bundled model inside the installed nsfwjs package. */
export function nsfwjsModelDir(model: NsfwjsModelName): string {
  const dir = path.join(nsfwjsRoot(), 'dist', 'models', model);
  if (!existsSync(path.join(dir, 'model.min.js'))) throw new Error(`nsfwjs has no bundled model at ${dir}`);
  return dir;
}

export function nsfwjsVersion(): string {
  return (JSON.parse(readFileSync(path.join(nsfwjsRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The model JSON plus the concatenated raw (still quantized) weight bytes, in manifest order. */
export function readBundledModel(dir: string): { model: TfjsLayersModel; weightBytes: Buffer } {
  // The bundles are UMD modules in a "type": "commonjs" folder: require() gives their export.
  const model = require_(path.join(dir, 'model.min.js')) as TfjsLayersModel;
  if (!model?.modelTopology?.model_config || !Array.isArray(model.weightsManifest)) {
    throw new Error(`${dir}/model.min.js is not a TF.js layers model`);
  }
  const chunks: Buffer[] = [];
  for (const group of model.weightsManifest) {
    for (const shard of group.paths) {
      const b64 = require_(path.join(dir, `${shard}.min.js`)) as unknown;
      if (typeof b64 !== 'string') throw new Error(`shard ${shard} does not export a base64 string`);
      chunks.push(Buffer.from(b64, 'base64'));
    }
  }
  return { model, weightBytes: Buffer.concat(chunks) };
}

const BYTES_PER: Record<string, number> = { uint8: 1, uint16: 2, float16: 2, float32: 4 };

/** Dequantizes every weight (uint8/uint16: q * scale + min) and checks the byte count matches exactly. */
export function decodeWeights(specs: WeightSpec[], bytes: Buffer): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: dtype ${spec.dtype} not supported`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const storage = spec.quantization?.dtype ?? 'float32';
    const width = BYTES_PER[storage];
    if (!width || storage === 'float16') throw new Error(`weight ${spec.name}: storage ${storage} not supported`);
    if (offset + count * width > bytes.length) throw new Error(`weight ${spec.name}: runs past the end of the shards`);
    const data = new Float32Array(count);
    if (storage === 'float32') {
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + i * 4, true);
    } else {
      const { min, scale } = spec.quantization!;
      if (typeof min !== 'number' || typeof scale !== 'number') throw new Error(`weight ${spec.name}: quantization lacks min/scale`);
      // Same arithmetic as TF.js (double, then stored as float32), so parity is exact.
      for (let i = 0; i < count; i++) {
        const q = storage === 'uint8' ? bytes[offset + i]! : view.getUint16(offset + i * 2, true);
        data[i] = q * scale + min;
      }
    }
    if (out.has(spec.name)) throw new Error(`weight ${spec.name} appears twice`);
    out.set(spec.name, { shape: spec.shape, data });
    offset += count * width;
  }
  if (offset !== bytes.length) throw new Error(`weights use ${offset} bytes but the shards hold ${bytes.length}`);
  return out;
}
