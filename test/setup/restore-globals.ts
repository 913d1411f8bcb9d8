// Runs around every test file of the unit project, which shares one module graph per worker
// (isolate: false, for speed): whatever a file changed globally is put back before the next file.
// Module mocks (vi.mock) are not undone this way; a file that needs them belongs in a project with
// isolation (see vitest.config.ts).
import { afterAll, vi } from 'vitest';

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
