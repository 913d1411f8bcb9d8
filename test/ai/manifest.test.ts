// Manifest loader: strict field validation with named fields, sha256 check, calibration.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManifestError, loadManifest, probabilityFrom, validateManifest } from '../../src/ai/manifest.js';
import { tinyManifest, writeTinyModel } from './helpers/tiny-model.js';

const dirs: string[] = [];
const fixture = (edit?: (m: Record<string, unknown>) => void) => {
  const f = writeTinyModel(edit);
  dirs.push(f.dir);
  return f;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Obj = Record<string, any>;
const good = () => JSON.parse(JSON.stringify(tinyManifest('a'.repeat(64)))) as Obj;

/** Expects validateManifest to refuse `m` with an error naming `field`. */
function refuses(edit: (m: Obj) => void, field: string) {
  const m = good();
  edit(m);
  let error: unknown;
  try {
    validateManifest(m, '/models/x/manifest.json');
  } catch (err) {
    error = err;
  }
  expect(error, `expected ${field} to be refused`).toBeInstanceOf(ManifestError);
  const e = error as ManifestError;
  expect(e.field).toBe(field);
  expect(e.message).toContain('/models/x/manifest.json');
  expect(e.message).toContain(field);
}

describe('validateManifest', () => {
  it('accepts a complete manifest and returns its values', () => {
    const m = validateManifest(good(), 'm.json');
    expect(m).toEqual(tinyManifest('a'.repeat(64)));
  });

  it('normalizes the sha256 to lower case and keeps free-form extras', () => {
    const raw = good();
    raw.sha256 = 'AB'.repeat(32);
    raw.operating_points = { auroc: 0.9 };
    raw.x_note = 'extension';
    const m = validateManifest(raw, 'm.json');
    expect(m.sha256).toBe('ab'.repeat(32));
    expect(m.operating_points).toEqual({ auroc: 0.9 });
  });

  it('accepts calibration none and an absent runtime', () => {
    const raw = good();
    raw.calibration = { type: 'none' };
    delete raw.runtime;
    const m = validateManifest(raw, 'm.json');
    expect(m.calibration).toEqual({ type: 'none' });
    expect(m.runtime).toBeUndefined();
  });

  it.each<[string, (m: Obj) => void]>([
    ['schema', (m) => (m.schema = 2)],
    ['id', (m) => (m.id = 'has spaces')],
    ['id', (m) => delete m.id],
    ['name', (m) => (m.name = '')],
    ['version', (m) => (m.version = 3)],
    ['license', (m) => delete m.license],
    ['source', (m) => (m.source = null)],
    ['description', (m) => (m.description = 1)],
    ['file', (m) => delete m.file],
    ['sha256', (m) => (m.sha256 = 'abc')],
    ['calibraton', (m) => (m.calibraton = { type: 'none' })],
    ['input', (m) => (m.input = [])],
    ['input.name', (m) => (m.input.name = '')],
    ['input.layout', (m) => (m.input.layout = 'CHW')],
    ['input.size', (m) => (m.input.size = [224])],
    ['input.size[1]', (m) => (m.input.size = [224, 0])],
    ['input.size[0]', (m) => (m.input.size = [22.5, 224])],
    ['input.resize', (m) => (m.input.resize = 'longer_side')],
    ['input.crop', (m) => (m.input.crop = 'top')],
    ['input.interpolation', (m) => (m.input.interpolation = 'bicubic')],
    ['input.alpha', (m) => (m.input.alpha = 'black')],
    ['input.scale', (m) => (m.input.scale = 0)],
    ['input.mean', (m) => (m.input.mean = [0, 0])],
    ['input.mean[2]', (m) => (m.input.mean = [0, 0, '0'])],
    ['input.std[0]', (m) => (m.input.std = [0, 1, 1])],
    ['input.min_source_px', (m) => (m.input.min_source_px = 0)],
    ['input.dtype', (m) => (m.input.dtype = 'float32')],
    ['output.name', (m) => delete m.output.name],
    ['output.kind', (m) => (m.output.kind = 'softmax')],
    ['output.ai_index', (m) => (m.output.ai_index = -1)],
    ['calibration.type', (m) => (m.calibration = { type: 'isotonic' })],
    ['calibration.a', (m) => (m.calibration = { type: 'platt', b: 0 })],
    ['calibration.b', (m) => (m.calibration = { type: 'platt', a: 1, b: Number.NaN })],
    ['calibration.a', (m) => (m.calibration = { type: 'none', a: 1 })],
    ['thresholds.medium', (m) => delete m.thresholds.medium],
    ['thresholds.low.label', (m) => (m.thresholds.low.label = 1.5)],
    ['thresholds.high', (m) => (m.thresholds.high = { label: 0.9, hide: 0.5 })],
    ['thresholds.extreme', (m) => (m.thresholds.extreme = { label: 0.1, hide: 0.2 })],
    ['runtime.max_batch', (m) => (m.runtime.max_batch = 0)],
    ['runtime.intra_op_threads', (m) => (m.runtime.intra_op_threads = 1.5)],
    ['selftest', (m) => delete m.selftest],
    ['selftest.atol', (m) => (m.selftest.atol = -1)],
    ['selftest.expect', (m) => (m.selftest.expect = 'x')],
  ])('refuses a bad %s', (field, edit) => refuses(edit, field));

  it('refuses a manifest that is not an object', () => {
    expect(() => validateManifest([], 'm.json')).toThrow(ManifestError);
    expect(() => validateManifest(null, 'm.json')).toThrow(/must be an object/);
  });
});

describe('loadManifest', () => {
  it('loads a good manifest and resolves the file next to it', async () => {
    const { dir, manifestPath, sha256 } = fixture();
    const { manifest, onnxPath } = await loadManifest(manifestPath);
    expect(onnxPath).toBe(path.join(dir, 'model.onnx'));
    expect(manifest.sha256).toBe(sha256);
    expect(manifest.id).toBe('tiny-redness');
  });

  it('refuses a file whose sha256 differs from the manifest', async () => {
    const { manifestPath } = fixture((m) => (m.sha256 = '0'.repeat(64)));
    await expect(loadManifest(manifestPath)).rejects.toThrow(/sha256 does not match .*model\.onnx/);
  });

  it('refuses a tampered model file', async () => {
    const { dir, manifestPath } = fixture();
    writeFileSync(path.join(dir, 'model.onnx'), 'tampered');
    await expect(loadManifest(manifestPath)).rejects.toMatchObject({ field: 'sha256' });
  });

  it('names a missing model file', async () => {
    const { manifestPath } = fixture((m) => (m.file = 'nowhere.onnx'));
    await expect(loadManifest(manifestPath)).rejects.toThrow(/file .*nowhere\.onnx cannot be read \(ENOENT\)/);
  });

  it('reports unreadable and non-JSON manifests with their path', async () => {
    await expect(loadManifest('/nonexistent/manifest.json')).rejects.toThrow(/\/nonexistent\/manifest\.json: cannot be read/);
    const { dir } = fixture();
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "schema": 1,');
    await expect(loadManifest(broken)).rejects.toThrow(/broken\.json: is not valid JSON/);
  });
});

describe('probabilityFrom', () => {
  const base = tinyManifest('a'.repeat(64));

  it('applies Platt scaling sigmoid(a*x + b)', () => {
    const m = { ...base, calibration: { type: 'platt' as const, a: 2, b: -1 } };
    expect(probabilityFrom(m, 0.5)).toBeCloseTo(0.5, 12);
    expect(probabilityFrom(m, 1.5)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    // Stable far in the tails.
    expect(probabilityFrom(m, -1e6)).toBe(0);
    expect(probabilityFrom(m, 1e6)).toBe(1);
  });

  it('is the identity for probabilities without calibration, and a plain sigmoid for logits', () => {
    const prob = { ...base, output: { ...base.output, kind: 'probability' as const }, calibration: { type: 'none' as const } };
    expect(probabilityFrom(prob, 0.37)).toBe(0.37);
    expect(probabilityFrom(prob, 1.0000001)).toBe(1);
    const logit = { ...base, calibration: { type: 'none' as const } };
    expect(probabilityFrom(logit, 0)).toBe(0.5);
    expect(probabilityFrom(logit, Math.log(3))).toBeCloseTo(0.75, 12);
  });

  it('gives NaN for non-finite raw output', () => {
    expect(probabilityFrom(base, Number.NaN)).toBeNaN();
    expect(probabilityFrom(base, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});
