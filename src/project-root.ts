// The repository (or image) root: the nearest folder above this file that holds package.json.
// Found by walking up rather than a fixed '..', because this file runs from src/ under tsx and
// from dist/src/ once compiled; static/, models/ and package.json are read from here in both.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}: cannot locate the project root`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
