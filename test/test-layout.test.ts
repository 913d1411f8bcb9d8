// The unit project shares one module graph per worker (vitest.config.ts), so a module mock would
// leak from one file into the next: every test file that mocks modules must be listed to run isolated.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NEEDS_ISOLATION } from './projects.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'fixtures' ? [] : testFiles(join(dir, e.name))) : /\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('test layout', () => {
  it('finds the test files (the check below has something to check)', () => {
    expect(testFiles(join(ROOT, 'test')).length).toBeGreaterThan(20);
  });

  it('every test file that uses vi.mock is listed in NEEDS_ISOLATION', () => {
    const mocking = testFiles(join(ROOT, 'test'))
      .filter((f) => /\bvi\.(mock|doMock)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(mocking.filter((f) => !NEEDS_ISOLATION.includes(f))).toEqual([]);
  });
});
