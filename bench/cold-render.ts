// Cold render time of one grid page: every iteration builds a fresh instance (empty caches) against
// the same fake Pinterest, times one in-process request, then waits out background scoring.
import type { ImageModel } from '../src/ai/types.js';
import type { ScorerStats } from '../src/ai/scorer.js';
import { startBenchInstance } from './bench-instance.js';
import { pageFigures, type PageFigures } from './page-figures.js';
import { median, percentile, round } from './stats.js';

export interface ColdRenderOptions {
  label: string;
  fakeUrl: string;
  model: ImageModel | null;
  /** Extra instance settings, e.g. a scoring budget. */
  env?: Record<string, string>;
  path: string;
  iterations: number;
}

export interface ColdRenderResult {
  label: string;
  path: string;
  iterations: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  samplesMs: number[];
  /** From the last iteration's page and scorer: how many images the model scored, and why others were not. */
  page: PageFigures;
  scorer: Pick<ScorerStats, 'scored' | 'overBudget' | 'failed' | 'dropped' | 'decisive' | 'batches' | 'modelMs'>;
}

async function oneRender(opts: ColdRenderOptions): Promise<{ ms: number; html: string; stats: ScorerStats }> {
  const inst = await startBenchInstance({ fakeUrl: opts.fakeUrl, model: opts.model, env: opts.env });
  try {
    const started = performance.now();
    const res = await inst.app.request(opts.path, { headers: { host: 'bench.local' } });
    const html = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${opts.path} answered ${res.status}`);
    const stats = inst.deps.scorer.stats(); // before idle(): what the page itself waited for
    return { ms, html, stats };
  } finally {
    await inst.close();
  }
}

export async function measureColdRender(opts: ColdRenderOptions): Promise<ColdRenderResult> {
  await oneRender(opts); // warm-up: JIT, the fake's generated images, the model's first run
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof oneRender>> | null = null;
  for (let i = 0; i < opts.iterations; i++) {
    last = await oneRender(opts);
    samples.push(last.ms);
  }
  const s = last!.stats;
  return {
    label: opts.label,
    path: opts.path,
    iterations: opts.iterations,
    medianMs: round(median(samples)),
    p90Ms: round(percentile(samples, 90)),
    minMs: round(Math.min(...samples)),
    samplesMs: samples.map((v) => round(v)),
    page: pageFigures(last!.html),
    scorer: { scored: s.scored, overBudget: s.overBudget, failed: s.failed, dropped: s.dropped, decisive: s.decisive, batches: s.batches, modelMs: round(s.modelMs) },
  };
}
