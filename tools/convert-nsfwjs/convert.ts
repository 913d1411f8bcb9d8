// CLI and library entry: converts an nsfwjs bundled TF.js model to a reproducible ONNX file.
// Usage: npx tsx tools/convert-nsfwjs/convert.ts --model mobilenet_v2 --out FILE.onnx [--describe FILE.json]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kerasToOnnx, type GraphDescription } from './keras-to-onnx.js';
import { NSFWJS_MODELS, type NsfwjsModelName, decodeWeights, nsfwjsModelDir, readBundledModel } from './tfjs-weights.js';

/** nsfwjs class order (its nsfw_classes.js, index 0..4). */
export const NSFWJS_LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

export interface Conversion {
  bytes: Uint8Array;
  sha256: string;
  description: GraphDescription;
}

export function convertNsfwjs(model: NsfwjsModelName): Conversion {
  const dir = nsfwjsModelDir(model);
  const { model: json, weightBytes } = readBundledModel(dir);
  const weights = decodeWeights(
    json.weightsManifest.flatMap((g) => g.weights),
    weightBytes,
  );
  // No package version here on purpose: identical weights across nsfwjs releases give identical bytes.
  const source = `npm:nsfwjs models/${model} (MIT, Infinite Red; backbone Keras-applications ImageNet weights)`;
  const { bytes, description } = kerasToOnnx(json, weights, { source, headLabels: NSFWJS_LABELS });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), description };
}

/** Writes via a temp file and rename, so a poller never sees a half-written file. */
function writeAtomic(file: string, data: Uint8Array | string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function parseArgs(argv: string[]): { model: NsfwjsModelName; out: string; describe?: string } {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!;
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined) throw new Error(`bad arguments near ${key}`);
    args.set(key.slice(2), value);
  }
  const model = args.get('model') ?? 'mobilenet_v2';
  if (!(NSFWJS_MODELS as readonly string[]).includes(model)) throw new Error(`--model must be one of ${NSFWJS_MODELS.join(', ')}`);
  const out = args.get('out');
  if (!out) throw new Error('--out FILE.onnx is required');
  const unknown = [...args.keys()].filter((k) => !['model', 'out', 'describe'].includes(k));
  if (unknown.length) throw new Error(`unknown option --${unknown[0]}`);
  return { model: model as NsfwjsModelName, out, describe: args.get('describe') };
}

function main(): void {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: convert.ts --model mobilenet_v2|inception_v3 --out FILE.onnx [--describe FILE.json]`);
    process.exit(2);
  }
  const started = performance.now();
  const { bytes, sha256, description } = convertNsfwjs(opts.model);
  writeAtomic(opts.out, bytes);
  if (opts.describe) writeAtomic(opts.describe, `${JSON.stringify(description, null, 1)}\n`);
  console.error(`converted ${opts.model} in ${Math.round(performance.now() - started)} ms, ${bytes.length} bytes -> ${opts.out}`);
  console.log(sha256);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
