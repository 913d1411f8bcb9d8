// An in-process instance for benchmarks, pointed at a fake Pinterest that outlives it, so each
// cold iteration gets fresh caches while the fake (and its generated images) stays warm.
import type { Hono } from 'hono';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { buildDeps, type Deps } from '../src/deps.js';
import { createApp } from '../src/app.js';
import type { ImageModel } from '../src/ai/types.js';

export interface BenchInstance {
  app: Hono;
  deps: Deps;
  /** Waits for background scoring, then releases the HTTP agent (never the borrowed model). */
  close(): Promise<void>;
}

/** Upstream settings that point all four Pinterest hosts at the fake. */
export function fakeUpstreamEnv(fakeUrl: string): Record<string, string> {
  return {
    CORKBOARD_UPSTREAM_WWW: fakeUrl,
    CORKBOARD_UPSTREAM_IMAGES: fakeUrl,
    CORKBOARD_UPSTREAM_VIDEOS: fakeUrl,
    CORKBOARD_UPSTREAM_SHORTLINKS: fakeUrl,
  };
}

/** The model shared by many short-lived instances: closing an instance must not close it. */
export function borrowModel(model: ImageModel): ImageModel {
  return {
    get info() { return model.info; },
    get manifest() { return model.manifest; },
    scoreBatch: (images) => model.scoreBatch(images),
    close: async () => undefined,
  };
}

export async function startBenchInstance(opts: { fakeUrl: string; model: ImageModel | null; env?: Record<string, string> }): Promise<BenchInstance> {
  const config = loadConfig({
    ...fakeUpstreamEnv(opts.fakeUrl), CORKBOARD_LOG_LEVEL: 'error',
    CORKBOARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'corkboard-bench-')),
    ...opts.env,
  });
  const deps = await buildDeps(config, { model: opts.model ? borrowModel(opts.model) : null });
  return {
    app: createApp(deps),
    deps,
    async close() {
      // The stall sampler's interval would keep this instance (and its caches) alive.
      (deps as { health?: { stop(): void } }).health?.stop();
      await deps.scorer.idle();
      await deps.client.close();
    },
  };
}
