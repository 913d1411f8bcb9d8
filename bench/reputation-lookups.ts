// The cost of src/context/ on a search page: the same page with the context layer (AI lists,
// reputation recorded and looked up for every pinner and board) and without it (baseline).
//   cold:   a fresh instance per request (empty caches, so upstream fetch, image fetch and scoring).
//   cached: one warm instance; every request differs only in an unused query parameter, so the
//           rendered-page cache misses while upstream answers and verdicts come from the caches:
//           the page is re-parsed, re-judged (reputation reads for every subject) and re-rendered.
// A rendered-page cache hit never reaches the scorer, so it costs the same with or without.
// The model is a stub with a fixed score, so the model's own time (the same in both) does not
// swamp the difference. A third figure times the judging step alone (scorePins), in process. Configurations alternate request by request on the shared machine.
// Run: npx tsx bench/reputation-lookups.ts [coldIterations] [cachedIterations]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { loadConfig } from '../src/config.js';
import { buildDeps, type Deps } from '../src/deps.js';
import { createApp } from '../src/app.js';
import { startFakePinterest } from '../demo/fake-pinterest.js';
import type { ImageModel, ModelManifest } from '../src/ai/types.js';
import type { Pin } from '../src/domain/types.js';
import { fakeUpstreamEnv } from './bench-instance.js';
import { median, percentile, round } from './stats.js';

const PAGE = '/search/pins/?q=forest+cabin';

function stubModel(): ImageModel {
  const manifest = {
    thresholds: { low: { label: 0.9, hide: 0.97 }, medium: { label: 0.8, hide: 0.95 }, high: { label: 0.6, hide: 0.9 } },
    runtime: { max_batch: 8 },
  } as unknown as ModelManifest;
  return {
    info: { id: 'stub', name: 'stub', version: '1', sha256: '0'.repeat(64), license: 'MIT', source: 'bench' },
    manifest,
    scoreBatch: async (images) => images.map(() => ({ probability: 0.2 })),
    close: async () => undefined,
  };
}

async function instance(fakeUrl: string, judge: boolean): Promise<{ app: Hono; deps: Deps }> {
  const config = loadConfig({
    ...fakeUpstreamEnv(fakeUrl),
    CORKBOARD_LOG_LEVEL: 'error',
    CORKBOARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'corkboard-bench-')),
  });
  const deps = await buildDeps(config, { model: stubModel(), context: { judge, timers: false } });
  return { app: createApp(deps), deps };
}

async function timed(app: Hono, p: string): Promise<number> {
  const started = performance.now();
  const res = await app.request(p, { headers: { host: 'bench.local' } });
  await res.text();
  if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  return performance.now() - started;
}

async function close(i: { deps: Deps }): Promise<void> {
  await i.deps.scorer.idle();
  await i.deps.context.close();
  await i.deps.client.close();
}

function summary(samples: number[]) {
  return { medianMs: round(median(samples), 2), p90Ms: round(percentile(samples, 90), 2), n: samples.length };
}

async function main(): Promise<void> {
  const coldN = Number(process.argv[2] ?? 20);
  const cachedN = Number(process.argv[3] ?? 300);
  const fake = await startFakePinterest({ sharedDir: null });
  try {
    const cold: Record<'with' | 'without', number[]> = { with: [], without: [] };
    for (let i = 0; i < coldN + 2; i++) {
      for (const judge of i % 2 ? [true, false] : [false, true]) {
        const inst = await instance(fake.url, judge);
        const ms = await timed(inst.app, PAGE);
        await close(inst);
        if (i >= 2) cold[judge ? 'with' : 'without'].push(ms); // the first two rounds warm the JIT
      }
    }

    const warm = { with: await instance(fake.url, true), without: await instance(fake.url, false) };
    for (const inst of Object.values(warm)) for (let i = 0; i < 20; i++) await timed(inst.app, `${PAGE}&warm=${i}`);
    const cached: Record<'with' | 'without', number[]> = { with: [], without: [] };
    for (let i = 0; i < cachedN; i++) {
      for (const key of i % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        cached[key].push(await timed(warm[key].app, `${PAGE}&n=${i}`));
      }
    }
    const subjects = warm.with.deps.context.reputation.top('pinner', 1000).length + warm.with.deps.context.reputation.top('board', 1000).length;

    // The judging step alone, in process, on 25 pins from 25 different pinners and boards (the
    // most reputation reads a page can need), all verdicts cached: scorePins with and without.
    const base = (await warm.with.deps.loaders.search('forest cabin', null)).items;
    const pins = Array.from({ length: 25 }, (_, i) => {
      const p = base[i % base.length]!;
      return { ...p, id: `${p.id}${i}`, pinner: p.pinner ? { ...p.pinner, username: `bench_pinner_${i}` } : null, board: { name: 'b', path: `/bench_pinner_${i}/board-${i}/` } };
    });
    const variantPath = (p: Pin) => p.images[0]?.variants[0]?.path ?? null;
    const scoreOpts = { variantPath, budgetMs: 60_000, sensitivity: 'medium' as const, context: true };
    for (const inst of Object.values(warm)) for (let i = 0; i < 50; i++) await inst.deps.scorer.scorePins(pins, scoreOpts);
    const judge: Record<'with' | 'without', number[]> = { with: [], without: [] };
    for (let i = 0; i < cachedN * 4; i++) {
      for (const key of i % 2 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        const started = performance.now();
        await warm[key].deps.scorer.scorePins(pins, scoreOpts);
        judge[key].push(performance.now() - started);
      }
    }
    await close(warm.with);
    await close(warm.without);

    const result = {
      page: PAGE,
      subjectsRecorded: subjects,
      cold: { with: summary(cold.with), without: summary(cold.without), ratio: round(median(cold.with) / median(cold.without), 3) },
      cached: { with: summary(cached.with), without: summary(cached.without), ratio: round(median(cached.with) / median(cached.without), 3) },
      judge25: {
        with: summary(judge.with), without: summary(judge.without),
        addedMs: round(median(judge.with) - median(judge.without), 3),
      },
    };
    console.log(`| page | with lists + reputation (median, p90) | without (median, p90) | ratio of medians |`);
    console.log(`| --- | --- | --- | --- |`);
    for (const k of ['cold', 'cached'] as const) {
      const r = result[k];
      console.log(`| ${k} (${r.with.n} each) | ${r.with.medianMs} ms, ${r.with.p90Ms} ms | ${r.without.medianMs} ms, ${r.without.p90Ms} ms | ${r.ratio} |`);
    }
    const j = result.judge25;
    console.log(`| scorePins alone, 25 pinners + 25 boards, cached verdicts (${j.with.n} each) | ${j.with.medianMs} ms, ${j.with.p90Ms} ms | ${j.without.medianMs} ms, ${j.without.p90Ms} ms | +${j.addedMs} ms |`);
    console.log(JSON.stringify(result));
  } finally {
    await fake.close();
  }
}

await main();
