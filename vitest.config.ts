import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep workers few so the ONNX and browser tests do not starve each other.
    maxWorkers: 2,
  },
});
