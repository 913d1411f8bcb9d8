// `npm run bench`: cold render (no model / model scoring everything / model with the default
// budget), cached pages per second and server memory with and without the model, and model
// throughput, all against the fake Pinterest with 50 ms latency. Prints a JSON summary; with
// --write also refreshes the generated section of BENCHMARKS.md.
// Options: --iterations N (15) --duration S (10) --connections N (10) --images N (64)
//          --model PATH (default: the shipped models/default/manifest.json) --write
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createOnnxModel } from '../src/ai/onnx-model.js';
import type { ImageModel } from '../src/ai/types.js';
import { startFakePinterest, FAKE_KNOWN } from '../demo/fake-pinterest.js';
import { measureColdRenders, type ColdRenderOptions, type ColdRenderResult } from './cold-render.js';
import { machineInfo } from './machine.js';
import { benchImages, measureModelSpeed, type ModelSpeed } from './model-speed.js';
import { runServerPhase, type ServerPhaseResult } from './server-phase.js';
import { ratio } from './stats.js';
import { writeBenchmarksMd } from './render-markdown.js';

const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '15' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    images: { type: 'string', default: '64' },
    model: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const iterations = Number(args.iterations);
const durationS = Number(args.duration);
const connections = Number(args.connections);
const imageCount = Number(args.images);

const LATENCY_MS = 50;
const TIGHT_BUDGET_MS = 500;
const NO_MODEL_MANIFEST = '/nonexistent/corkboard-bench-no-model.json';

const sharedDir = resolve(process.cwd(), '../shared');
const haveShared = existsSync(resolve(sharedDir, 'fixtures/pinterest'));
// The real 2024 recording of "nature aesthetic" has 25 pins; without ../shared the fake's
// synthetic results (12 per page, topped up from further pages) stand in.
const query = haveShared ? FAKE_KNOWN.realSearchQueries[0]! : 'bench synthetic';
const pagePath = `/search/pins/?q=${encodeURIComponent(query)}`;

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

export interface BenchSummary {
  command: string;
  machineStart: ReturnType<typeof machineInfo>;
  machineEnd: ReturnType<typeof machineInfo>;
  setup: { upstreamLatencyMs: number; page: string; sharedFixtures: boolean; iterations: number; connections: number; durationS: number };
  model: { manifest: string; loaded: boolean; error: string | null; id: string | null; version: string | null; sha256: string | null; threads: number };
  cold: { baseline: ColdRenderResult; fetchRenderOnly: ColdRenderResult; modelAll: ColdRenderResult | null; modelDefaultBudget: ColdRenderResult | null; modelTightBudget: ColdRenderResult | null };
  servers: { noModel: ServerPhaseResult; withModel: ServerPhaseResult | null };
  modelSpeed: ModelSpeed[];
  ratios: Record<string, number | null>;
  targets: Record<string, { target: string; value: number | null; met: boolean | null }>;
}

async function main(): Promise<void> {
  const machineStart = machineInfo();
  const config = loadConfig(args.model ? { CORKBOARD_MODEL: args.model } : {});
  const manifest = config.model.manifestPath;
  const threads = config.scoring.threads;
  log(`machine ${machineStart.nproc} cores, ${machineStart.cpuModel}, load ${machineStart.loadAverage1m}; page ${pagePath}`);

  let model: ImageModel | null = null;
  let modelError: string | null = null;
  try {
    model = await createOnnxModel(manifest, { intraOpThreads: threads });
  } catch (e) {
    modelError = e instanceof Error ? e.message : String(e);
    log(`model not available, its figures stay pending: ${modelError}`);
  }

  const fake = await startFakePinterest({ latencyMs: LATENCY_MS });
  try {
    const configs: ColdRenderOptions[] = [
      { label: 'no model, default budget', fakeUrl: fake.url, model: null, path: pagePath },
      { label: 'no model, budget 0', fakeUrl: fake.url, model: null, env: { CORKBOARD_SCORE_BUDGET_MS: '0' }, path: pagePath },
    ];
    if (model) {
      configs.push(
        { label: 'model, budget 60 s', fakeUrl: fake.url, model, env: { CORKBOARD_SCORE_BUDGET_MS: '60000' }, path: pagePath },
        { label: `model, default budget ${config.scoring.budgetMs} ms`, fakeUrl: fake.url, model, path: pagePath },
        // The trade-off the budget offers: a faster first page, with the rest finished in the background.
        { label: `model, budget ${TIGHT_BUDGET_MS} ms`, fakeUrl: fake.url, model, env: { CORKBOARD_SCORE_BUDGET_MS: String(TIGHT_BUDGET_MS) }, path: pagePath },
      );
    }
    log(`cold render: ${configs.map((c) => c.label).join(' / ')}, ${iterations} rounds`);
    const [baseline, fetchRenderOnly, modelAll = null, modelDefaultBudget = null, modelTightBudget = null] = await measureColdRenders(configs, iterations);
    if (!baseline || !fetchRenderOnly) throw new Error('cold render gave no result');

    // Distinct synthetic searches, so the server's model scores fresh images before the load test.
    const coldPaths = Array.from({ length: 4 }, (_, i) => `/search/pins/?q=${encodeURIComponent(`bench cold ${i}`)}`);
    log('server process without model: cached load');
    const noModel = await runServerPhase({ label: 'server, no model', fakeUrl: fake.url, modelManifest: NO_MODEL_MANIFEST, path: pagePath, coldPaths, connections, durationS, ceilingS: Math.max(2, Math.round(durationS / 2)) });
    let withModel: ServerPhaseResult | null = null;
    if (model) {
      log('server process with model: cached load');
      withModel = await runServerPhase({ label: 'server, model loaded', fakeUrl: fake.url, modelManifest: manifest, path: pagePath, coldPaths, connections, durationS });
    }

    const modelSpeed: ModelSpeed[] = [];
    if (model) {
      await model.close();
      model = null;
      const { images, source } = await benchImages(haveShared ? sharedDir : null, imageCount);
      for (const t of [...new Set([threads, 2])]) {
        log(`model speed, ${t} thread(s), ${images.length} images`);
        modelSpeed.push(await measureModelSpeed(manifest, images, source, t));
      }
    }

    const coldBaselinePagesPerSec = 1000 / baseline.medianMs;
    const served = withModel ?? noModel;
    const ratios: Record<string, number | null> = {
      cold_model_all_vs_baseline: ratio(modelAll?.medianMs, baseline.medianMs),
      cold_model_default_budget_vs_baseline: ratio(modelDefaultBudget?.medianMs, baseline.medianMs),
      cold_model_budget_500ms_vs_baseline: ratio(modelTightBudget?.medianMs, baseline.medianMs),
      cold_fetch_render_only_vs_baseline: ratio(fetchRenderOnly.medianMs, baseline.medianMs),
      cached_rps_vs_cold_baseline_pages_per_sec: ratio(served.load.requestsPerSec, coldBaselinePagesPerSec, 0),
      cached_rps_vs_healthz_rps: ratio(served.load.requestsPerSec, noModel.ceiling?.requestsPerSec),
      cached_rps_model_vs_no_model: ratio(withModel?.load.requestsPerSec, noModel.load.requestsPerSec),
      rss_hwm_model_vs_no_model: ratio(withModel?.vmHwmMiB, noModel.vmHwmMiB),
      model_batch8_vs_batch1: ratio(modelSpeed[0]?.batch8PerSec, modelSpeed[0]?.batch1PerSec),
    };
    const target = (label: string, value: number | null, ok: (v: number) => boolean) => ({ target: label, value, met: value === null ? null : ok(value) });
    const summary: BenchSummary = {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      machineStart,
      machineEnd: machineInfo(),
      setup: { upstreamLatencyMs: LATENCY_MS, page: pagePath, sharedFixtures: haveShared, iterations, connections, durationS },
      model: {
        manifest: manifest.startsWith(process.cwd()) ? manifest.slice(process.cwd().length + 1) : manifest,
        loaded: modelError === null, error: modelError, id: null, version: null, sha256: null, threads,
      },
      cold: { baseline, fetchRenderOnly, modelAll, modelDefaultBudget, modelTightBudget },
      servers: { noModel, withModel },
      modelSpeed,
      ratios,
      targets: {
        cold_median_model_default_budget_ms: target('< 800 ms', modelDefaultBudget?.medianMs ?? null, (v) => v < 800),
        cold_median_model_all_scored_ms: target('< 800 ms', modelAll?.medianMs ?? null, (v) => v < 800),
        cold_median_baseline_ms: target('< 800 ms', baseline.medianMs, (v) => v < 800),
        cached_pages_per_sec: target('> 2000 /s', served.load.requestsPerSec, (v) => v > 2000),
        rss_with_model_mib: target('< 400 MB', withModel?.vmHwmMiB ?? null, (v) => v * 1.048576 < 400),
      },
    };
    if (modelError === null) {
      const info = await readModelInfo(manifest);
      Object.assign(summary.model, info);
    }
    console.log(JSON.stringify(summary, null, 2));
    if (args.write) {
      writeBenchmarksMd(resolve(process.cwd(), 'BENCHMARKS.md'), summary);
      log('BENCHMARKS.md updated');
    }
  } finally {
    await model?.close();
    await fake.close();
  }
}

async function readModelInfo(manifestPath: string): Promise<{ id: string; version: string; sha256: string }> {
  const { loadManifest } = await import('../src/ai/manifest.js');
  const { manifest } = await loadManifest(manifestPath);
  return { id: manifest.id, version: manifest.version, sha256: manifest.sha256 };
}

main().catch((e) => {
  console.error('bench failed:', e);
  process.exit(1);
});

