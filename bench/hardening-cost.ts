// What issue 18's media hardening costs the normal page: this tree against another checkout of the
// project (--base DIR, e.g. `git archive main | tar -x -C DIR` with node_modules linked), both
// in one process against one fake Pinterest (50 ms latency), configurations interleaved
// round-robin so a shared machine's drift hits both alike. Measures the cold page (fresh
// instance and caches; no model, and the model at the default budget) and the cached page
// (rendered-page cache hit, in-process request), and prints medians and this/base ratios as JSON.
// Usage: npx tsx bench/hardening-cost.ts --base DIR [--iterations 9] [--cached-rounds 15] [--cached-requests 200] [--skip-cold]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Hono } from 'hono';
import { createOnnxModel } from '../src/ai/onnx-model.js';
import type { ImageModel } from '../src/ai/types.js';
import { startFakePinterest } from '../demo/fake-pinterest.js';
import { borrowModel, fakeUpstreamEnv } from './bench-instance.js';
import { median, ratio, round } from './stats.js';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    iterations: { type: 'string', default: '9' },
    'skip-cold': { type: 'boolean', default: false },
    'cached-rounds': { type: 'string', default: '15' },
    'cached-requests': { type: 'string', default: '200' },
  },
});
if (!args.base) throw new Error('--base DIR is required (another checkout of the project)');
const iterations = Number(args.iterations);
const cachedRounds = Number(args['cached-rounds']);
const cachedRequests = Number(args['cached-requests']);
const PAGE = '/search/pins/?q=bench%20synthetic';

interface Tree {
  name: string;
  start(fakeUrl: string, model: ImageModel | null): Promise<{ app: Hono; idle(): Promise<void>; close(): Promise<void> }>;
}

async function loadTree(name: string, root: string): Promise<Tree> {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const { loadConfig } = await import(url('src/config.ts'));
  const { buildDeps } = await import(url('src/deps.ts'));
  const { createApp } = await import(url('src/app.ts'));
  return {
    name,
    async start(fakeUrl, model) {
      const config = loadConfig({
        ...fakeUpstreamEnv(fakeUrl),
        CORKBOARD_LOG_LEVEL: 'error',
        CORKBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'corkboard-bench-')),
      });
      const deps = await buildDeps(config, { model: model ? borrowModel(model) : null });
      return {
        app: createApp(deps) as Hono,
        idle: () => deps.scorer.idle(),
        async close() {
          deps.health?.stop();
          await deps.scorer.idle();
          await deps.client.close();
        },
      };
    },
  };
}

async function get(app: Hono, path: string): Promise<void> {
  const res = await app.request(path, { headers: { host: 'bench.local' } });
  await res.text();
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
}

async function coldMs(tree: Tree, fakeUrl: string, model: ImageModel | null): Promise<number> {
  const inst = await tree.start(fakeUrl, model);
  try {
    const t0 = performance.now();
    await get(inst.app, PAGE);
    return performance.now() - t0;
  } finally {
    await inst.close();
  }
}

async function main(): Promise<void> {
  const trees = [await loadTree('this', process.cwd()), await loadTree('base', args.base!)];
  const model = await createOnnxModel(resolve(process.cwd(), 'models/default/manifest.json'), { intraOpThreads: 1 });
  const fake = await startFakePinterest({ latencyMs: 50, sharedDir: null });
  const out: Record<string, Record<string, number>> = {};
  try {
    for (const [label, m] of args['skip-cold'] ? [] : ([['cold, no model', null], ['cold, model, default budget', model]] as const)) {
      const samples = trees.map(() => [] as number[]);
      for (const t of trees) await coldMs(t, fake.url, m); // warm-up
      for (let i = 0; i < iterations; i++) for (const [k, t] of trees.entries()) samples[k]!.push(await coldMs(t, fake.url, m));
      out[label] = Object.fromEntries(trees.map((t, k) => [t.name, round(median(samples[k]!), 1)]));
    }
    // Cached: one instance per tree, page rendered and scored once, then timed in rounds.
    const insts = await Promise.all(trees.map((t) => t.start(fake.url, model)));
    for (const inst of insts) {
      await get(inst.app, PAGE);
      await inst.idle(); // background scoring lands in the verdict cache
      await get(inst.app, PAGE); // every verdict final: this rendering is kept
      await get(inst.app, PAGE);
    }
    const perRequest = trees.map(() => [] as number[]);
    for (let r = 0; r < cachedRounds; r++) {
      for (const [k, inst] of insts.entries()) {
        const t0 = performance.now();
        for (let i = 0; i < cachedRequests; i++) await get(inst.app, PAGE);
        perRequest[k]!.push((performance.now() - t0) / cachedRequests);
      }
    }
    out['cached page, ms per request'] = Object.fromEntries(trees.map((t, k) => [t.name, round(median(perRequest[k]!), 3)]));
    await Promise.all(insts.map((i) => i.close()));
  } finally {
    await fake.close();
    await model.close();
  }
  const ratios = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, ratio(v['this'], v['base'], 3)]));
  console.log(JSON.stringify({ command: `npx tsx bench/hardening-cost.ts ${process.argv.slice(2).join(' ')}`, iterations, cachedRounds, cachedRequests, medians: out, ratiosThisOverBase: ratios }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
