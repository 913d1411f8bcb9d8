// Global setup: the tests that run the instance as its own process (tests/cluster, the shutdown
// test, the score CLI) run the compiled dist/, as `npm start` does. `npm ci` builds it (the prepare
// step); after a source edit it would be stale, so this rebuilds it when any file under src/ or
// views/ is newer than the last build, and costs a directory walk when nothing changed.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
const BUILT = join(ROOT, 'dist', 'src', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return -1;
  }
}

export default function setup(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'views')));
  if (builtAt() >= sources) return;
  console.warn('dist/ is missing or older than src/ or views/: running `npm run build` before the tests');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}
