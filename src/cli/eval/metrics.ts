// Detector evaluation figures: AUROC (ties count one half), TPR at a false-positive rate, and the
// confusion at a model's label/hide thresholds. Same definitions as tools/train/metrics.py.

/** One scored example: `ai` is the true label, `score` any monotone score (logit or probability). */
export interface Scored {
  ai: boolean;
  score: number;
}

/**
 * P(score of a random AI example > score of a random real one), ties counting one half
 * (Mann-Whitney U with average ranks). Null when either class is missing.
 */
export function auroc(items: readonly Scored[]): number | null {
  const nPos = items.filter((x) => x.ai).length;
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.score === sorted[i]!.score) j++;
    const avgRank = (i + j) / 2 + 1; // 1-based average rank of the tie block
    for (let k = i; k <= j; k++) if (sorted[k]!.ai) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Highest TPR over thresholds t (flagged = score >= t) whose FPR is at most maxFpr. A threshold
 * cannot split tied scores, so ties move together. Null when either class is missing.
 */
export function tprAtFpr(items: readonly Scored[], maxFpr: number): number | null {
  const nPos = items.filter((x) => x.ai).length;
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const sorted = [...items].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  let best = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) {
      if (sorted[j]!.ai) tp++;
      else fp++;
      j++;
    }
    if (fp / nNeg > maxFpr + 1e-12) break; // FPR only grows as the threshold falls
    best = tp / nPos;
    i = j;
  }
  return best;
}

/** Verdict counts at the label/hide thresholds (p >= hide: ai; label <= p < hide: unsure; else not-ai). */
export interface Confusion {
  thresholds: { label: number; hide: number };
  /** Counts per true class and verdict. */
  ai: { ai: number; unsure: number; notAi: number };
  real: { ai: number; unsure: number; notAi: number };
  /** Share of real images hidden (>= hide) and at least labelled (>= label); null without reals. */
  fprHide: number | null;
  fprLabel: number | null;
  /** Share of AI images hidden and at least labelled; null without AI images. */
  tprHide: number | null;
  tprLabel: number | null;
}

export function confusion(items: readonly Scored[], thresholds: { label: number; hide: number }): Confusion {
  const ai = { ai: 0, unsure: 0, notAi: 0 };
  const real = { ai: 0, unsure: 0, notAi: 0 };
  for (const x of items) {
    const cell = x.ai ? ai : real;
    if (x.score >= thresholds.hide) cell.ai++;
    else if (x.score >= thresholds.label) cell.unsure++;
    else cell.notAi++;
  }
  const share = (num: number, c: typeof ai) => {
    const n = c.ai + c.unsure + c.notAi;
    return n === 0 ? null : num / n;
  };
  return {
    thresholds: { ...thresholds },
    ai,
    real,
    fprHide: share(real.ai, real),
    fprLabel: share(real.ai + real.unsure, real),
    tprHide: share(ai.ai, ai),
    tprLabel: share(ai.ai + ai.unsure, ai),
  };
}

/** The ranking figures of one group. */
export interface RankingFigures {
  n_ai: number;
  n_real: number;
  auroc: number | null;
  tpr_at_fpr_1pct: number | null;
  tpr_at_fpr_5pct: number | null;
}

export function rankingFigures(items: readonly Scored[]): RankingFigures {
  const nAi = items.filter((x) => x.ai).length;
  return {
    n_ai: nAi,
    n_real: items.length - nAi,
    auroc: auroc(items),
    tpr_at_fpr_1pct: tprAtFpr(items, 0.01),
    tpr_at_fpr_5pct: tprAtFpr(items, 0.05),
  };
}
