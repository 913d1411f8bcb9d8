// The order test files start in. vitest's own order runs the projects one after another, so the two
// browser files ran side by side, both CPU-bound on Chromium, while the integration files (mostly
// waiting on sockets and timers) ran side by side before them. Starting the longest browser file
// first and the other after a few slow-but-idle integration files pairs each browser file with
// waiting work instead: about 25 s off `npm test` on the 2-core machine. Everything not listed keeps
// vitest's order (failed first, then longest first from the last run's cache).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Paths (from the repository root) that start first, in this order. */
const FIRST = [
  'test/browser/phone.test.ts',
  'test/hardening/media-stalls.test.ts',
  'test/hardening/upstream-faults.test.ts',
  'test/browser/browser.test.ts',
];

export default class BrowserFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = FIRST.findIndex((p) => f.moduleId.endsWith(`/${p}`));
      return i === -1 ? FIRST.length : i;
    };
    // Array.prototype.sort is stable: unlisted files keep vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
