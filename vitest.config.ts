import { defineConfig } from 'vitest/config';
import { ALL, INTEGRATION, NEEDS_ISOLATION, SLOW } from './test/projects.js';
import BrowserFirstSequencer from './test/setup/sequencer.js';

// Files share one module graph per worker (isolate: false): importing the app, sharp and
// onnxruntime once per worker instead of once per file cut the integration project from 84 s to
// 40 s (import time 54 s to 8 s) on this 2-core machine. The setup file puts timers, stubbed
// globals and env back after each file; a file that cannot share (vi.mock) goes in NEEDS_ISOLATION.
const shared = { isolate: false, setupFiles: ['test/setup/restore-globals.ts'] };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep workers few so the ONNX and browser tests do not starve each other.
    maxWorkers: 2,
    // Rebuilds dist/ when the sources are newer: the process-level tests run it (test/setup/fresh-dist.ts).
    // Fails the run if a test wrote into the developer's ./corkboard-data (test/setup/untouched-data-dir.ts).
    globalSetup: ['test/setup/fresh-dist.ts', 'test/setup/untouched-data-dir.ts'],
    // Which files start first (test/setup/sequencer.ts).
    sequence: { sequencer: BrowserFirstSequencer },
    projects: [
      { extends: true, test: { name: 'unit', include: ALL, exclude: [...SLOW, ...INTEGRATION, ...NEEDS_ISOLATION], ...shared } },
      { extends: true, test: { name: 'integration', include: INTEGRATION, exclude: [...SLOW, ...NEEDS_ISOLATION], ...shared } },
      { extends: true, test: { name: 'slow', include: SLOW, exclude: NEEDS_ISOLATION, ...shared } },
      // Isolated per file (vitest's default), only while some file needs it.
      ...(NEEDS_ISOLATION.length > 0 ? [{ extends: true as const, test: { name: 'isolated', include: NEEDS_ISOLATION } }] : []),
    ],
  },
});
