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

/**
 * Measures several configurations round-robin (a, b, c, a, b, c, ...) so that a machine whose load
 * drifts during the run (it is shared) skews them alike and their ratios stay fair.
 */
export async function measureColdRenders(configs: ColdRenderOptions[], iterations: number): Promise<ColdRenderResult[]> {
  for (const c of configs) await oneRender(c); // warm-up: JIT, the fake's generated images, the model's first run
  const samples = configs.map(() => [] as number[]);
  const last: (Awaited<ReturnType<typeof oneRender>> | null)[] = configs.map(() => null);
  for (let i = 0; i < iterations; i++) {
    for (const [k, c] of configs.entries()) {
      const r = await oneRender(c);
      samples[k]!.push(r.ms);
      last[k] = r;
    }
  }
  return configs.map((c, k) => {
    const s = last[k]!.stats;
    const ms = samples[k]!;
    return {
      label: c.label,
      path: c.path,
      iterations,
      medianMs: round(median(ms)),
      p90Ms: round(percentile(ms, 90)),
      minMs: round(Math.min(...ms)),
      samplesMs: ms.map((v) => round(v)),
      page: pageFigures(last[k]!.html),
      scorer: { scored: s.scored, overBudget: s.overBudget, failed: s.failed, dropped: s.dropped, decisive: s.decisive, batches: s.batches, modelMs: round(s.modelMs) },
    };
  });
}
