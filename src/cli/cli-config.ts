// The CLIs read configuration like the server does (so CORKBOARD_MODEL means the same everywhere);
// a bad value prints the message and sets exit code 2.
import { loadConfig, type Config } from '../config.js';
import type { ImageModel, Sensitivity } from '../ai/types.js';
import { SENSITIVITIES } from '../domain/vocabulary.js';

export function loadCliConfig(command: string): Readonly<Config> | null {
  try {
    return loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${command}: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return null;
  }
}

/** Lines to stdout and stderr, for the CLIs' injected writers. */
export const stdio = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

/** What both CLIs are given (injected, so tests run them in-process). */
export interface CliDeps {
  /** Manifest path from the configuration (CORKBOARD_MODEL, else the shipped default). */
  configuredModelPath: string;
  defaultSensitivity: Sensitivity;
  loadModel: (manifestPath: string) => Promise<ImageModel>;
  readFile?: (file: string) => Promise<Buffer>;
  out: (line: string) => void;
  err: (line: string) => void;
}


/**
 * The options both CLIs take: `--model PATH` / `--model=PATH` and `--sensitivity S`. Returns null
 * when argv[i] is neither, an error message when its value is bad, else the value and the index of
 * the last argument it used.
 */
export function modelOption(
  argv: string[],
  i: number,
): null | string | { last: number; modelPath?: string; sensitivity?: Sensitivity } {
  const a = argv[i]!;
  for (const name of ['--model', '--sensitivity'] as const) {
    if (a !== name && !a.startsWith(`${name}=`)) continue;
    const inline = a !== name;
    const v = inline ? a.slice(name.length + 1) : argv[i + 1];
    const last = inline ? i : i + 1;
    if (name === '--model') return v ? { last, modelPath: v } : '--model needs a manifest path';
    if (!SENSITIVITIES.includes(v as Sensitivity)) return `--sensitivity must be one of ${SENSITIVITIES.join(', ')}`;
    return { last, sensitivity: v as Sensitivity };
  }
  return null;
}
