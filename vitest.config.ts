import { defineConfig } from 'vitest/config';
import { ALL, INTEGRATION, NEEDS_ISOLATION, SLOW } from './test/projects.js';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep workers few so the ONNX and browser tests do not starve each other.
    maxWorkers: 2,
    // Rebuilds dist/ when the sources are newer: the process-level tests run it (test/setup/fresh-dist.ts).
    globalSetup: ['test/setup/fresh-dist.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ALL,
          exclude: [...SLOW, ...INTEGRATION, ...NEEDS_ISOLATION],
          // Files share one module graph per worker: importing the app, sharp and onnxruntime once
          // instead of once per file roughly halves this project's time. The setup file puts timers,
          // stubbed globals and env back after each file.
          isolate: false,
          setupFiles: ['test/setup/restore-globals.ts'],
        },
      },
      // Isolated per file (the default): whole instances, child processes, and NEEDS_ISOLATION.
      { extends: true, test: { name: 'integration', include: [...INTEGRATION, ...NEEDS_ISOLATION], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
