// Test helper: an instance whose www upstream is a PinUpstream (search results the test decides),
// images from the fake Pinterest, a stub model with one fixed score, and a fresh data folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { loadConfig } from '../../../src/config.js';
import { buildDeps, type Deps } from '../../../src/deps.js';
import { createApp } from '../../../src/app.js';
import { startFakePinterest, type FakePinterest } from '../../../demo/fake-pinterest.js';
import type { ImageModel, ModelManifest } from '../../../src/ai/types.js';
import type { ContextBuildOptions } from '../../../src/context/services.js';
import { startPinUpstream, type PinUpstream } from './pin-upstream.js';

/** A model that gives every image the same probability (thresholds: label 0.8, hide 0.95 at medium). */
export function fixedModel(probability: number): ImageModel {
  const manifest = {
    schema: 1, id: 'fixed', name: 'fixed', version: '1', description: '', license: 'MIT', source: 'test', file: 'none', sha256: '0'.repeat(64),
    thresholds: { low: { label: 0.9, hide: 0.97 }, medium: { label: 0.8, hide: 0.95 }, high: { label: 0.6, hide: 0.9 } },
    runtime: { max_batch: 8 },
  } as unknown as ModelManifest;
  return {
    info: { id: 'fixed', name: 'fixed', version: String(probability), sha256: '0'.repeat(64), license: 'MIT', source: 'test' },
    manifest,
    scoreBatch: async (images) => images.map(() => ({ probability })),
    close: async () => undefined,
  };
}

export interface ContextInstance {
  app: Hono;
  deps: Deps;
  upstream: PinUpstream;
  dataDir: string;
  get(p: string, headers?: Record<string, string>): Promise<Response>;
  post(p: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startContextInstance(opts: {
  env?: Record<string, string>;
  model?: ImageModel | null;
  context?: ContextBuildOptions;
  dataDir?: string;
  upstream?: PinUpstream;
  fake?: FakePinterest;
} = {}): Promise<ContextInstance> {
  const fake = opts.fake ?? (await startFakePinterest({ sharedDir: null }));
  const upstream = opts.upstream ?? (await startPinUpstream());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'corkboard-ctx-'));
  const config = loadConfig({
    CORKBOARD_UPSTREAM_WWW: upstream.url,
    CORKBOARD_UPSTREAM_IMAGES: fake.url,
    CORKBOARD_UPSTREAM_VIDEOS: fake.url,
    CORKBOARD_UPSTREAM_SHORTLINKS: fake.url,
    CORKBOARD_UPSTREAM_RETRIES: '0',
    CORKBOARD_LOG_LEVEL: 'error',
    CORKBOARD_TOPUP_PAGES: '0',
    // Scores are waited for in full: these tests are about what follows from them, not the budget.
    CORKBOARD_SCORE_BUDGET_MS: '60000',
    CORKBOARD_DATA_DIR: dataDir,
    ...opts.env,
  });
  const deps = await buildDeps(config, { model: opts.model === undefined ? fixedModel(0.1) : opts.model, context: { timers: false, ...opts.context } });
  const app = createApp(deps);
  const host = 'corkboard.test';
  return {
    app, deps, upstream, dataDir,
    get: (p, headers = {}) => Promise.resolve(app.request(p, { headers: { host, ...headers } })),
    post: (p, form, headers = {}) =>
      Promise.resolve(app.request(p, {
        method: 'POST',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      })),
    async close() {
      await deps.scorer.idle();
      await deps.context.close();
      await deps.client.close();
      if (!opts.upstream) await upstream.close();
      if (!opts.fake) await fake.close();
    },
  };
}
