// Builds a whole instance for route tests: the fake Pinterest on a random loopback port, config
// pointed at it, real deps (client, caches, scorer), and a model of the test's choosing.
import { loadConfig } from '../../src/config.js';
import { buildDeps, type BuildOptions, type Deps } from '../../src/deps.js';
import { createApp } from '../../src/app.js';
import { startFakePinterest, type FakePinterest, type FakePinterestOptions } from '../../demo/fake-pinterest.js';
import type { ImageModel } from '../../src/ai/types.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
  /** The upstream client's clock (see BuildOptions.now). */
  now?: () => number;
  /** Further build options (media limits, stall-detector timing). */
  build?: Omit<BuildOptions, 'model' | 'now'>;
} = {}): Promise<TestInstance> {
  const fake = await startFakePinterest({ sharedDir: null, ...opts.fake });
  const config = loadConfig({
    CORKBOARD_UPSTREAM_WWW: fake.url,
    CORKBOARD_UPSTREAM_IMAGES: fake.url,
    CORKBOARD_UPSTREAM_VIDEOS: fake.url,
    CORKBOARD_UPSTREAM_SHORTLINKS: fake.url,
    CORKBOARD_UPSTREAM_RETRIES: '0',
    CORKBOARD_LOG_LEVEL: 'error',
    // State (report secret, reputation snapshot) goes to a fresh folder, never into the checkout.
    CORKBOARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'corkboard-test-')),
    ...opts.env,
  });
  const deps = await buildDeps(config, {
    ...opts.build,
    ...(opts.model === undefined ? {} : { model: opts.model }),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const app = createApp(deps);
  return {
    app,
    deps,
    fake,
    get: (path, headers = {}) => Promise.resolve(app.request(path, { headers: { host: 'corkboard.test', ...headers } })),
    async close() {
      deps.health.stop();
      await deps.scorer.idle?.();
      await Promise.allSettled([deps.client.close(), deps.model?.close(), fake.close(), deps.store?.close(), deps.context.close()]);
    },
  };
}

/**
 * One instance shared by a test file's tests: started in beforeAll, closed in afterAll. What it
 * returns reads the started instance, so it is used inside tests (and hooks after this one).
 */
export function instanceForFile(opts: Parameters<typeof startTestInstance>[0] = {}): TestInstance {
  let inst: TestInstance | undefined;
  beforeAll(async () => {
    inst = await startTestInstance(opts);
  }, 60_000);
  afterAll(async () => {
    await inst?.close();
  });
  const started = (): TestInstance => {
    if (!inst) throw new Error('the test instance starts in beforeAll: use it inside a test or a later hook');
    return inst;
  };
  return {
    get app() {
      return started().app;
    },
    get deps() {
      return started().deps;
    },
    get fake() {
      return started().fake;
    },
    get: (path, headers) => started().get(path, headers),
    close: () => started().close(),
  };
}
