// Global setup: the suite leaves the developer's ./corkboard-data alone. It is the instance's default
// data folder (reputation snapshot, reports, cookie key), so a test that builds an instance without
// its own CORKBOARD_DATA_DIR reads whatever `npm start` or a benchmark left there (a cluster test
// once loaded 101 stale reputation records into its store at start and failed), and writes into it.
// Reads leave no trace to check; writes do, so the run fails when the folder changed under it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DATA_DIR = join(process.cwd(), 'corkboard-data');

function fingerprint(): string {
  let names: string[];
  try {
    names = readdirSync(DATA_DIR).sort();
  } catch {
    return 'absent';
  }
  return names
    .map((name) => {
      const s = statSync(join(DATA_DIR, name));
      return `${name} ${s.size} ${s.mtimeMs}`;
    })
    .join('\n');
}

export default function setup(): () => void {
  const before = fingerprint();
  return () => {
    const after = fingerprint();
    if (after !== before) {
      // vitest reports a teardown error but keeps the exit status: set it too, so CI goes red.
      process.exitCode = 1;
      throw new Error(
        `the tests changed ${DATA_DIR} (before: ${before.replace(/\n/g, '; ')}; after: ${after.replace(/\n/g, '; ')}): ` +
          'a test built an instance without its own CORKBOARD_DATA_DIR (use a mkdtemp folder)',
      );
    }
  };
}
