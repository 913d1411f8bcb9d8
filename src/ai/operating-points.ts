// What each sensitivity means in false positives and misses, read from the model manifest's measured
// operating points (operating_points.per_sensitivity, written by tools/train/metrics.py
// operating_points()). The manifest is read as it is, never as hard-coded numbers: a retrained model
// brings its own figures. Anything missing or malformed gives null for that figure, not a guess.
import type { ModelManifest, Sensitivity } from './types.js';

export interface RateAt {
  /** Share of real images at or above the threshold (false positives). */
  fpr: number;
  /** Share of AI images at or above it (caught); 1 - tpr were missed. */
  tpr: number;
  nReal: number;
  nAi: number;
  fp: number;
}

interface SensitivityFacts {
  /** Called 'ai' (hidden in mode hide). */
  hide: RateAt | null;
  /** Called 'unsure' or 'ai' (at least labelled "Maybe AI"). */
  label: RateAt | null;
}

export interface OperatingFacts {
  /** Which measurement: 'out_of_fold' (leave-source-out) or 'test' (held-out sources). */
  measuredOn: 'out_of_fold' | 'test';
  bySensitivity: Record<Sensitivity, SensitivityFacts>;
}

/**
 * Leave-source-out figures first: every source scored by a model that never saw it, the project's
 * expected quality on unseen sources and the larger sample; the held-out test sources otherwise.
 */
const PREFERRED_SETS = ['out_of_fold', 'test'] as const;
const SENSITIVITIES: Sensitivity[] = ['low', 'medium', 'high'];

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function rateAt(v: unknown): RateAt | null {
  const o = obj(v);
  const fpr = num(o?.['fpr']);
  const tpr = num(o?.['tpr']);
  const nReal = num(o?.['n_real']);
  const nAi = num(o?.['n_ai']);
  if (fpr === null || tpr === null || nReal === null || nAi === null || nReal <= 0 || nAi <= 0) return null;
  if (fpr < 0 || fpr > 1 || tpr < 0 || tpr > 1) return null;
  return { fpr, tpr, nReal, nAi, fp: num(o?.['fp']) ?? Math.round(fpr * nReal) };
}

/** The measured figures per sensitivity, or null when the manifest records none we can read. */
export function operatingFacts(manifest: Pick<ModelManifest, 'operating_points'> | null | undefined): OperatingFacts | null {
  const per = obj(obj(manifest?.operating_points)?.['per_sensitivity']);
  if (!per) return null;
  for (const set of PREFERRED_SETS) {
    const bySensitivity = {} as Record<Sensitivity, SensitivityFacts>;
    let any = false;
    for (const s of SENSITIVITIES) {
      const all = obj(obj(obj(per[s])?.[set])?.['all']);
      const facts = { hide: rateAt(all?.['hide']), label: rateAt(all?.['label']) };
      if (facts.hide || facts.label) any = true;
      bySensitivity[s] = facts;
    }
    if (any) return { measuredOn: set, bySensitivity };
  }
  return null;
}
