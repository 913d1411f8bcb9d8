// Test helper: a tiny ONNX "redness" model (channel means -> 2 logits) plus a matching manifest on disk.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphBuilder } from '../../../tools/convert-nsfwjs/onnx-builder.js';
import type { ModelManifest } from '../../../src/ai/types.js';

const TINY_SIZE = 224;
/** Gemm weights [3 channels, 2 columns]: column 1 ("ai") = 8*(R - B) - 1; column 0 = mean G. */
const W = Float32Array.of(0, 8, 1, 0, 0, -8);
const B = Float32Array.of(0, -1);

/** Column-1 logit the tiny model gives for mean channel values (r, g, b). */
export function tinyLogit(r: number, _g: number, b: number): number {
  return 8 * r - 8 * b - 1;
}

/** input [N,3,224,224] -> ReduceMean over H,W -> [N,3] -> Gemm -> logits [N,2]. */
function tinyOnnxBytes(): Uint8Array {
  const g = new GraphBuilder('tiny');
  g.addInput('input', ['N', 3, TINY_SIZE, TINY_SIZE]);
  g.addNode('ReduceMean', 'mean', ['input'], ['means'], { axes: [2, 3], keepdims: 0 });
  g.addFloatInitializer('w', [3, 2], W);
  g.addFloatInitializer('b', [2], B);
  g.addNode('Gemm', 'gemm', ['means', 'w', 'b'], ['logits']);
  g.addOutput('logits', ['N', 2]);
  return g.toBytes();
}

export function tinyManifest(sha256: string, overrides: Partial<ModelManifest> = {}): ModelManifest {
  return {
    schema: 1,
    id: 'tiny-redness',
    name: 'Tiny redness test model',
    version: '0.0.1',
    description: 'test fixture',
    license: 'MIT',
    source: 'test/ai/helpers/tiny-model.ts',
    file: 'model.onnx',
    sha256,
    input: {
      name: 'input',
      layout: 'NCHW',
      size: [TINY_SIZE, TINY_SIZE],
      resize: 'shorter_side',
      crop: 'center',
      interpolation: 'bilinear',
      alpha: 'white',
      scale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      min_source_px: 64,
    },
    output: { name: 'logits', kind: 'logit', ai_index: 1 },
    calibration: { type: 'platt', a: 1, b: 0 },
    thresholds: { low: { label: 0.9, hide: 0.97 }, medium: { label: 0.8, hide: 0.95 }, high: { label: 0.6, hide: 0.9 } },
    runtime: { intra_op_threads: 1, max_batch: 2 },
    // A constant 0.5 input has equal channel means, so the "ai" logit is -1.
    selftest: { fill: 0.5, expect: tinyLogit(0.5, 0.5, 0.5), atol: 1e-5 },
    ...overrides,
  };
}

/** Writes model.onnx and manifest.json (optionally edited as raw JSON) into a fresh temp folder. */
export function writeTinyModel(edit: (m: Record<string, unknown>) => void = () => {}): { dir: string; manifestPath: string; sha256: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corkboard-tiny-'));
  const bytes = tinyOnnxBytes();
  writeFileSync(path.join(dir, 'model.onnx'), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const manifest = JSON.parse(JSON.stringify(tinyManifest(sha256))) as Record<string, unknown>;
  edit(manifest);
  const manifestPath = path.join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { dir, manifestPath, sha256 };
}
