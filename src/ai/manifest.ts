// Model manifest: strict validation of the JSON (schema 1), the ONNX file's sha256, and calibration.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelManifest, Sensitivity } from './types.js';
import { SENSITIVITIES } from '../domain/vocabulary.js';

/** A manifest that cannot be used; `field` is the dotted path of the offending field, when there is one. */
export class ManifestError extends Error {
  constructor(
    readonly manifestPath: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(`model manifest ${manifestPath}: ${field ? `${field} ` : ''}${detail}`);
    this.name = 'ManifestError';
  }
}

type Json = Record<string, unknown>;

const INTERPOLATIONS = ['bilinear', 'lanczos3', 'cubic', 'nearest'] as const;
const TOP_LEVEL_FIELDS = [
  'schema', 'id', 'name', 'version', 'description', 'license', 'source', 'file', 'sha256',
  'input', 'output', 'calibration', 'thresholds', 'operating_points', 'runtime', 'selftest',
];

/** Field checks that throw ManifestError naming the field; `where` is the manifest path for messages. */
class Checker {
  constructor(private readonly where: string) {}

  fail(field: string | undefined, detail: string): never {
    throw new ManifestError(this.where, field, detail);
  }

  object(v: unknown, field: string, allowed: readonly string[]): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, `must be an object (got ${describe(v)})`);
    // Unknown keys are refused so a typo ("calibraton") cannot silently fall back to a default.
    // Keys starting with "x_" are free-form extensions.
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key) && !key.startsWith('x_')) {
        this.fail(field ? `${field}.${key}` : key, `is not a known field (known: ${allowed.join(', ')}; prefix extensions with x_)`);
      }
    }
    return v as Json;
  }

  string(o: Json, key: string, prefix: string, opts: { nonEmpty?: boolean; pattern?: RegExp; hint?: string } = {}): string {
    const v = o[key];
    const field = prefix + key;
    if (typeof v !== 'string') this.fail(field, `must be a string (got ${describe(v)})`);
    if ((opts.nonEmpty ?? true) && v.trim() === '') this.fail(field, 'must not be empty');
    if (opts.pattern && !opts.pattern.test(v)) this.fail(field, `must be ${opts.hint ?? `like ${opts.pattern}`} (got ${JSON.stringify(v)})`);
    return v;
  }

  oneOf<T extends string>(o: Json, key: string, prefix: string, values: readonly T[]): T {
    const v = o[key];
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.fail(prefix + key, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')} (got ${describe(v)})`);
    }
    return v as T;
  }

  number(o: Json, key: string, prefix: string, opts: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {}): number {
    const v = o[key];
    const field = prefix + key;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `must be a finite number (got ${describe(v)})`);
    if (opts.integer && !Number.isInteger(v)) this.fail(field, `must be an integer (got ${v})`);
    if (opts.positive && v <= 0) this.fail(field, `must be greater than 0 (got ${v})`);
    if (opts.min !== undefined && v < opts.min) this.fail(field, `must be at least ${opts.min} (got ${v})`);
    if (opts.max !== undefined && v > opts.max) this.fail(field, `must be at most ${opts.max} (got ${v})`);
    return v;
  }

  tuple(o: Json, key: string, prefix: string, length: number, each: { integer?: boolean; positive?: boolean }): number[] {
    const v = o[key];
    const field = prefix + key;
    if (!Array.isArray(v) || v.length !== length) this.fail(field, `must be an array of ${length} numbers (got ${describe(v)})`);
    return v.map((x: unknown, i) => {
      const at = `${field}[${i}]`;
      if (typeof x !== 'number' || !Number.isFinite(x)) this.fail(at, `must be a finite number (got ${describe(x)})`);
      if (each.integer && !Number.isInteger(x)) this.fail(at, `must be an integer (got ${x})`);
      if (each.positive && x <= 0) this.fail(at, `must be greater than 0 (got ${x})`);
      return x;
    });
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Validates parsed JSON against ModelManifest (schema 1). Pure; `where` names the manifest in errors. */
export function validateManifest(json: unknown, where: string): ModelManifest {
  const c = new Checker(where);
  const top = c.object(json, '', TOP_LEVEL_FIELDS);
  if (top.schema !== 1) c.fail('schema', `must be 1; this Corkboard reads manifest schema 1 only (got ${describe(top.schema)})`);

  const inputObj = c.object(top.input, 'input', [
    'name', 'layout', 'size', 'resize', 'crop', 'interpolation', 'alpha', 'scale', 'mean', 'std', 'min_source_px',
  ]);
  const size = c.tuple(inputObj, 'size', 'input.', 2, { integer: true, positive: true });
  if (size.some((s) => s > 4096)) c.fail('input.size', `is implausibly large (${size.join('x')}; at most 4096)`);
  const input: ModelManifest['input'] = {
    name: c.string(inputObj, 'name', 'input.'),
    layout: c.oneOf(inputObj, 'layout', 'input.', ['NCHW', 'NHWC'] as const),
    size: size as [number, number],
    resize: c.oneOf(inputObj, 'resize', 'input.', ['shorter_side'] as const),
    crop: c.oneOf(inputObj, 'crop', 'input.', ['center'] as const),
    interpolation: c.oneOf(inputObj, 'interpolation', 'input.', INTERPOLATIONS),
    alpha: c.oneOf(inputObj, 'alpha', 'input.', ['white'] as const),
    scale: c.number(inputObj, 'scale', 'input.', { positive: true }),
    mean: c.tuple(inputObj, 'mean', 'input.', 3, {}) as [number, number, number],
    std: c.tuple(inputObj, 'std', 'input.', 3, { positive: true }) as [number, number, number],
    min_source_px: c.number(inputObj, 'min_source_px', 'input.', { integer: true, min: 1, max: 4096 }),
  };

  const outputObj = c.object(top.output, 'output', ['name', 'kind', 'ai_index']);
  const output: ModelManifest['output'] = {
    name: c.string(outputObj, 'name', 'output.'),
    kind: c.oneOf(outputObj, 'kind', 'output.', ['logit', 'probability'] as const),
    ai_index: c.number(outputObj, 'ai_index', 'output.', { integer: true, min: 0 }),
  };

  const calType = c.oneOf(c.object(top.calibration, 'calibration', ['type', 'a', 'b']), 'type', 'calibration.', ['platt', 'none'] as const);
  let calibration: ModelManifest['calibration'];
  if (calType === 'platt') {
    const cal = top.calibration as Json;
    calibration = { type: 'platt', a: c.number(cal, 'a', 'calibration.'), b: c.number(cal, 'b', 'calibration.') };
  } else {
    c.object(top.calibration, 'calibration', ['type']);
    calibration = { type: 'none' };
  }

  const thresholdsObj = c.object(top.thresholds, 'thresholds', SENSITIVITIES);
  const thresholds = {} as ModelManifest['thresholds'];
  for (const s of SENSITIVITIES) {
    const t = c.object(thresholdsObj[s], `thresholds.${s}`, ['label', 'hide']);
    const label = c.number(t, 'label', `thresholds.${s}.`, { min: 0, max: 1 });
    const hide = c.number(t, 'hide', `thresholds.${s}.`, { min: 0, max: 1 });
    if (hide < label) c.fail(`thresholds.${s}`, `hide (${hide}) must not be below label (${label})`);
    thresholds[s] = { label, hide };
  }

  let runtime: ModelManifest['runtime'];
  if (top.runtime !== undefined) {
    const r = c.object(top.runtime, 'runtime', ['intra_op_threads', 'max_batch']);
    runtime = {};
    if (r.intra_op_threads !== undefined) runtime.intra_op_threads = c.number(r, 'intra_op_threads', 'runtime.', { integer: true, min: 1, max: 256 });
    if (r.max_batch !== undefined) runtime.max_batch = c.number(r, 'max_batch', 'runtime.', { integer: true, min: 1, max: 256 });
  }

  const st = c.object(top.selftest, 'selftest', ['fill', 'expect', 'atol']);
  const selftest = {
    fill: c.number(st, 'fill', 'selftest.'),
    expect: c.number(st, 'expect', 'selftest.'),
    atol: c.number(st, 'atol', 'selftest.', { min: 0 }),
  };

  const manifest: ModelManifest = {
    schema: 1,
    id: c.string(top, 'id', '', { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, hint: 'letters, digits, ".", "_" or "-" (at most 100)' }),
    name: c.string(top, 'name', ''),
    version: c.string(top, 'version', ''),
    description: c.string(top, 'description', '', { nonEmpty: false }),
    license: c.string(top, 'license', ''),
    source: c.string(top, 'source', ''),
    file: c.string(top, 'file', ''),
    sha256: c.string(top, 'sha256', '', { pattern: /^[0-9a-fA-F]{64}$/, hint: '64 hexadecimal digits' }).toLowerCase(),
    input,
    output,
    calibration,
    thresholds,
    selftest,
  };
  if (top.operating_points !== undefined) manifest.operating_points = top.operating_points;
  if (runtime) manifest.runtime = runtime;
  return manifest;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads, validates and checks a manifest; `onnxPath` is `file` resolved against the manifest's folder. */
export async function loadManifest(manifestPath: string): Promise<{ manifest: ModelManifest; onnxPath: string }> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (err) {
    throw new ManifestError(manifestPath, undefined, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(manifestPath, undefined, `is not valid JSON (${(err as Error).message})`);
  }
  const manifest = validateManifest(json, manifestPath);
  const onnxPath = path.resolve(path.dirname(path.resolve(manifestPath)), manifest.file);
  let actual: string;
  try {
    actual = await sha256File(onnxPath);
  } catch (err) {
    throw new ManifestError(manifestPath, 'file', `${onnxPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (actual !== manifest.sha256) {
    throw new ManifestError(manifestPath, 'sha256', `does not match ${onnxPath}: manifest says ${manifest.sha256}, file is ${actual}`);
  }
  return { manifest, onnxPath };
}

function sigmoid(x: number): number {
  // Stable on both tails.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Raw model output -> calibrated probability of AI generation.
 * platt: sigmoid(a * raw + b). none: identity (clamped to [0,1]) for kind 'probability', and the
 * plain logistic sigmoid(raw) for kind 'logit'. A non-finite raw value gives NaN.
 */
export function probabilityFrom(manifest: Pick<ModelManifest, 'calibration' | 'output'>, raw: number): number {
  if (!Number.isFinite(raw)) return Number.NaN;
  if (manifest.calibration.type === 'platt') return sigmoid(manifest.calibration.a * raw + manifest.calibration.b);
  if (manifest.output.kind === 'logit') return sigmoid(raw);
  return Math.min(1, Math.max(0, raw));
}
