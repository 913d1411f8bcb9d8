// `npm run score -- FILE...`: scores image files with provenance and the model, one JSON line per
// file on stdout: {"file","score","verdict","signals"} (the outside contract, CONTRACT.md).
import { loadCliConfig, modelOption, stdio, type CliDeps } from './cli-config.js';
import { loadConfig } from '../config.js';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Signal } from '../domain/types.js';
import { scanProvenance, sniffContainer } from '../ai/provenance.js';
import type { ImageModel, ModelScore, Sensitivity } from '../ai/types.js';
import { combineSignals } from '../ai/verdict.js';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

interface ScoreLine {
  file: string;
  score: number | null;
  verdict: 'ai' | 'not-ai' | 'unsure';
  signals: { source: Signal['source']; detail: string }[];
  /** Only when the file could not be scored at all. */
  error?: string;
}

export interface ScoreCliDeps extends CliDeps {
  /** True when the configured path is the shipped default (its absence is then not an error). */
  configuredIsDefault: boolean;
}

interface Args {
  files: string[];
  modelPath: string | null;
  noModel: boolean;
  sensitivity: Sensitivity | null;
  help: boolean;
}

const USAGE = `usage: npm run score -- [--model MANIFEST.json | --no-model] [--sensitivity low|medium|high] FILE...
Prints one JSON object per file: {"file","score","verdict","signals"}.`;

export function parseArgs(argv: string[]): Args | string {
  const args: Args = { files: [], modelPath: null, noModel: false, sensitivity: null, help: false };
  let opt: ReturnType<typeof modelOption>;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.files.push(...argv.slice(i + 1));
      break;
    } else if (a === '--help' || a === '-h') {
      args.help = true;
    } else if (a === '--no-model') {
      args.noModel = true;
    } else if ((opt = modelOption(argv, i)) !== null) {
      if (typeof opt === 'string') return opt;
      args.modelPath = opt.modelPath ?? args.modelPath;
      args.sensitivity = opt.sensitivity ?? args.sensitivity;
      i = opt.last;
    } else if (a.startsWith('--')) {
      return `unknown option ${a}`;
    } else {
      args.files.push(a);
    }
  }
  return args;
}

/** Runs the command; returns the exit code (0 all scored, 1 some file failed, 2 usage/model error). */
export async function runScoreCli(argv: string[], deps: ScoreCliDeps): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    deps.err(`score: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.help || args.files.length === 0) {
    deps.err(USAGE);
    return args.help ? 0 : 2;
  }

  let model: ImageModel | null = null;
  if (!args.noModel) {
    const manifestPath = args.modelPath ? path.resolve(args.modelPath) : deps.configuredModelPath;
    const explicit = args.modelPath !== null || !deps.configuredIsDefault;
    if (!explicit && !existsSync(manifestPath)) {
      deps.err(`score: no model at ${manifestPath}; scoring with provenance only (score null)`);
    } else {
      try {
        model = await deps.loadModel(manifestPath);
      } catch (err) {
        deps.err(`score: cannot load model ${manifestPath}: ${(err as Error).message}`);
        return 2;
      }
    }
  }

  const sensitivity = args.sensitivity ?? deps.defaultSensitivity;
  const thresholds = model?.manifest.thresholds[sensitivity] ?? null;
  const batch = Math.max(1, model?.manifest.runtime?.max_batch ?? 8);
  const read = deps.readFile ?? readImageFile;
  let failed = 0;
  try {
    for (let i = 0; i < args.files.length; i += batch) {
      const files = args.files.slice(i, i + batch);
      const loaded = await Promise.all(files.map((f) => read(f).then((bytes) => ({ bytes }), (e: Error) => ({ error: e.message }))));
      const readable = loaded.flatMap((l) => ('bytes' in l ? [l.bytes] : []));
      const scores = model && readable.length > 0 ? await scoreSafely(model, readable) : [];
      let k = 0;
      for (const [j, file] of files.entries()) {
        const l = loaded[j]!;
        if (!('bytes' in l)) {
          failed++;
          deps.err(`score: ${file}: ${l.error}`);
          deps.out(JSON.stringify({ file, score: null, verdict: 'unsure', signals: [], error: l.error } satisfies ScoreLine));
          continue;
        }
        const modelScore = model ? (scores[k++] ?? { probability: null, reason: 'no score' }) : null;
        const line = scoreOne(file, l.bytes, modelScore, thresholds);
        if (modelScore && modelScore.probability === null) deps.err(`score: ${file}: model did not score it (${modelScore.reason ?? 'unknown reason'})`);
        if (line.error) {
          failed++;
          deps.err(`score: ${file}: ${line.error}`);
        }
        deps.out(JSON.stringify(line));
      }
    }
  } finally {
    await model?.close().catch(() => undefined);
  }
  return failed > 0 ? 1 : 0;
}

/** One file's line: provenance always, the model's probability when it ran. */
function scoreOne(file: string, bytes: Buffer, modelScore: ModelScore | null, thresholds: { label: number; hide: number } | null): ScoreLine {
  const provenance = scanProvenance(bytes);
  const v = combineSignals({ label: null, provenance, text: [], model: modelScore }, thresholds);
  const line: ScoreLine = {
    file,
    score: v.score === null ? null : Math.round(v.score * 1e6) / 1e6,
    // The contract has no 'unscored': a file neither model nor provenance could judge is 'unsure'.
    verdict: v.verdict === 'unscored' ? 'unsure' : v.verdict,
    signals: v.signals.map((s) => ({ source: s.source, detail: s.detail })),
  };
  if (sniffContainer(bytes) === null && v.score === null && v.verdict !== 'ai') line.error = 'not a JPEG, PNG, WebP or GIF image';
  return line;
}

async function scoreSafely(model: ImageModel, images: Buffer[]): Promise<ModelScore[]> {
  try {
    return await model.scoreBatch(images);
  } catch (err) {
    if (images.length === 1) return [{ probability: null, reason: `model error: ${(err as Error).message}` }];
    const out: ModelScore[] = [];
    for (const image of images) out.push(...(await scoreSafely(model, [image])));
    return out;
  }
}

async function readImageFile(file: string): Promise<Buffer> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error('not a regular file');
  if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
  return readFile(file);
}

async function main(): Promise<void> {
  const config = loadCliConfig('score');
  if (!config) return;
  const defaultPath = loadConfig({}).model.manifestPath;
  const code = await runScoreCli(process.argv.slice(2), {
    configuredModelPath: config.model.manifestPath,
    configuredIsDefault: config.model.manifestPath === defaultPath,
    defaultSensitivity: config.defaults.sensitivity,
    // Imported on demand, so provenance-only runs do not load onnxruntime.
    loadModel: async (p) => (await import('../ai/onnx-model.js')).createOnnxModel(p),
    ...stdio,
  });
  process.exitCode = code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
