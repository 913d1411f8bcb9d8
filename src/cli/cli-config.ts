// The CLIs read configuration like the server does (so CORKBOARD_MODEL means the same everywhere);
// a bad value prints the message and sets exit code 2.
import { loadConfig, type Config } from '../config.js';
import type { ImageModel, Sensitivity } from '../ai/types.js';

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
