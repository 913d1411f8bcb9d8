// A stand-in ImageModel for route tests: deterministic probabilities from the image bytes, a full
// schema-1 manifest with thresholds, and a log of what it was asked to score.
import { createHash } from 'node:crypto';
import type { ImageModel, ModelManifest, ModelScore, Sensitivity } from '../../../src/ai/types.js';

export const FAKE_MODEL_THRESHOLDS: Record<Sensitivity, { label: number; hide: number }> = {
  low: { label: 0.7, hide: 0.9 },
  medium: { label: 0.5, hide: 0.8 },
  high: { label: 0.3, hide: 0.6 },
};

export const FAKE_MODEL_SHA256 = createHash('sha256').update('corkboard fake route-test model').digest('hex');

export interface FakeModel extends ImageModel {
  /** Number of images scored so far (every batch adds its size). */
  readonly scoredImages: number;
  /** sha256 (hex) of every image scored, in order. */
  readonly scoredHashes: string[];
}

/**
 * Default probability: a number in [0, 0.3) derived from the bytes' sha256, so every generated
 * picture gets a stable score below every "label" threshold (verdict 'not-ai'), while pins that
 * must be 'ai' get there by Pinterest's label or by provenance, which the scorer decides first.
 */
export function bytesProbability(bytes: Buffer): number {
  const h = createHash('sha256').update(bytes).digest();
  return (h.readUInt16BE(0) / 0x10000) * 0.3;
}

function fakeManifest(): ModelManifest {
  return {
    schema: 1,
    id: 'fake-route-model',
    name: 'Fake route-test model',
    version: '9.9.9',
    description: 'deterministic stand-in for route tests',
    license: 'MIT',
    source: 'test/routes/helpers/fake-model.ts',
    file: 'none.onnx',
    sha256: FAKE_MODEL_SHA256,
    input: {
      name: 'input', layout: 'NCHW', size: [224, 224], resize: 'shorter_side', crop: 'center', interpolation: 'bilinear',
      alpha: 'white', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], min_source_px: 32,
    },
    output: { name: 'logits', kind: 'probability', ai_index: 1 },
    calibration: { type: 'none' },
    thresholds: FAKE_MODEL_THRESHOLDS,
    runtime: { max_batch: 8 },
    selftest: { fill: 0, expect: 0, atol: 1 },
  };
}

export function createFakeModel(opts: { probability?: (bytes: Buffer) => number | null } = {}): FakeModel {
  const probabilityOf = opts.probability ?? bytesProbability;
  const manifest = fakeManifest();
  const scoredHashes: string[] = [];
  return {
    info: { id: manifest.id, name: manifest.name, version: manifest.version, sha256: manifest.sha256, license: manifest.license, source: manifest.source },
    manifest,
    get scoredImages() {
      return scoredHashes.length;
    },
    scoredHashes,
    async scoreBatch(images: Buffer[]): Promise<ModelScore[]> {
      return images.map((bytes) => {
        scoredHashes.push(createHash('sha256').update(bytes).digest('hex'));
        const p = probabilityOf(bytes);
        return p === null ? { probability: null, reason: 'fake: unscorable' } : { probability: p };
      });
    },
    async close() {},
  };
}
