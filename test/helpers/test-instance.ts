// Builds a whole instance for route tests: the fake Pinterest on a random loopback port, config
// pointed at it, real deps (client, caches, scorer), and a model of the test's choosing.
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import { createApp } from '../../src/app.js';
import { startFakePinterest, type FakePinterest, type FakePinterestOptions } from '../../demo/fake-pinterest.js';
import type { ImageModel } from '../../src/ai/types.js';
import type { Hono } from 'hono';

export interface TestInstance {
  app: Hono;
  deps: Deps;
  fake: FakePinterest;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestInstance(opts: {
  env?: Record<string, string>;
  /** undefined: load the shipped default model; null: no model. */
  model?: ImageModel | null;
  fake?: FakePinterestOptions;
} = {}): Promise<TestInstance> {
  const fake = await startFakePinterest({ sharedDir: null, ...opts.fake });
  const config = loadConfig({
    CORKBOARD_UPSTREAM_WWW: fake.url,
    CORKBOARD_UPSTREAM_IMAGES: fake.url,
    CORKBOARD_UPSTREAM_VIDEOS: fake.url,
    CORKBOARD_UPSTREAM_SHORTLINKS: fake.url,
    CORKBOARD_UPSTREAM_RETRIES: '0',
    CORKBOARD_LOG_LEVEL: 'error',
    ...opts.env,
  });
  const deps = await buildDeps(config, opts.model === undefined ? {} : { model: opts.model });
  const app = createApp(deps);
  return {
    app,
    deps,
    fake,
    get: (path, headers = {}) => Promise.resolve(app.request(path, { headers: { host: 'corkboard.test', ...headers } })),
    async close() {
      await deps.scorer.idle?.();
      await Promise.allSettled([deps.client.close(), deps.model?.close(), fake.close()]);
    },
  };
}
