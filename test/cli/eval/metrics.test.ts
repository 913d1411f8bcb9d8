// Detector metrics on small hand-computed cases: AUROC with ties, TPR at FPR, confusion at thresholds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auroc, confusion, rankingFigures, tprAtFpr, type Scored } from '../../../src/cli/eval/metrics.js';

const set = (ai: number[], real: number[]): Scored[] => [
  ...ai.map((score) => ({ ai: true, score })),
  ...real.map((score) => ({ ai: false, score })),
];

describe('auroc', () => {
  it('is 1 for perfect separation and 0 for perfectly reversed scores', () => {
    expect(auroc(set([0.9, 0.8], [0.1, 0.2]))).toBe(1);
    expect(auroc(set([0.1, 0.2], [0.9, 0.8]))).toBe(0);
  });

  it('counts pairs: ai [0.9, 0.4] vs real [0.5, 0.1] wins 3 of 4 pairs', () => {
    expect(auroc(set([0.9, 0.4], [0.5, 0.1]))).toBeCloseTo(0.75, 12);
  });

  it('counts a tie as one half: ai [0.5] vs real [0.5, 0.2] = (0.5 + 1) / 2', () => {
    expect(auroc(set([0.5], [0.5, 0.2]))).toBeCloseTo(0.75, 12);
    expect(auroc(set([0.3, 0.3], [0.3, 0.3, 0.3]))).toBeCloseTo(0.5, 12);
  });

  it('ai [3, 2, 1] vs real [2, 0]: 2 + 1.5 + 1 of 6 pairs (hand count with one tie)', () => {
    // 3 beats both (2); 2 ties 2 and beats 0 (1.5); 1 beats 0 (1) -> 4.5 / 6
    expect(auroc(set([3, 2, 1], [2, 0]))).toBeCloseTo(0.75, 12);
  });

  it('is null without one of the classes', () => {
    expect(auroc(set([0.1], []))).toBeNull();
    expect(auroc(set([], [0.1]))).toBeNull();
  });

  it('matches the pairwise definition on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }), (a, r) => {
        let wins = 0;
        for (const x of a) for (const y of r) wins += x > y ? 1 : x === y ? 0.5 : 0;
        expect(auroc(set(a, r))).toBeCloseTo(wins / (a.length * r.length), 10);
      }),
    );
  });
});

describe('tprAtFpr', () => {
  // 20 reals at 0.00..0.19, and ai scores straddling the top reals.
  const reals = Array.from({ length: 20 }, (_, i) => i / 100);
  const items = set([0.5, 0.185, 0.175, 0.1, 0.05], reals);

  it('takes the lowest threshold whose FPR stays within the limit', () => {
    // FPR 0: threshold above 0.19 -> only 0.5 caught (1/5).
    expect(tprAtFpr(items, 0)).toBeCloseTo(0.2, 12);
    // 5% of 20 = 1 false positive allowed: threshold 0.185 catches 0.5, 0.185 (reals >= 0.185: 0.19 only).
    expect(tprAtFpr(items, 0.05)).toBeCloseTo(0.4, 12);
    // 10% = 2 FPs: threshold 0.175 -> reals 0.18, 0.19 flagged; ai 0.5, 0.185, 0.175 caught.
    expect(tprAtFpr(items, 0.1)).toBeCloseTo(0.6, 12);
    expect(tprAtFpr(items, 1)).toBe(1);
  });

  it('cannot split ties: a real tied with an ai score comes along', () => {
    // ai 0.9 and real 0.9 tie; at FPR 0 nothing can be flagged.
    expect(tprAtFpr(set([0.9, 0.2], [0.9, 0.1]), 0)).toBe(0);
    expect(tprAtFpr(set([0.9, 0.2], [0.9, 0.1]), 0.49)).toBe(0);
    // FPR 50% admits the tie block at 0.9 and then 0.2 (real 0.1 stays below): both ai caught.
    expect(tprAtFpr(set([0.9, 0.2], [0.9, 0.1]), 0.5)).toBe(1);
  });

  it('is null without one of the classes', () => {
    expect(tprAtFpr(set([], [0.2]), 0.05)).toBeNull();
  });
});

describe('confusion', () => {
  it('sorts each image into ai / unsure / not-ai by the hide and label thresholds (inclusive)', () => {
    const c = confusion(set([0.95, 0.9, 0.6, 0.1], [0.9, 0.5, 0.2, 0.1]), { label: 0.5, hide: 0.9 });
    expect(c.ai).toEqual({ ai: 2, unsure: 1, notAi: 1 });
    expect(c.real).toEqual({ ai: 1, unsure: 1, notAi: 2 });
    expect(c.fprHide).toBeCloseTo(0.25, 12);
    expect(c.fprLabel).toBeCloseTo(0.5, 12);
    expect(c.tprHide).toBeCloseTo(0.5, 12);
    expect(c.tprLabel).toBeCloseTo(0.75, 12);
  });

  it('gives null rates for a missing class', () => {
    const c = confusion(set([0.7], []), { label: 0.5, hide: 0.9 });
    expect(c.fprLabel).toBeNull();
    expect(c.tprLabel).toBe(1);
  });
});

describe('rankingFigures', () => {
  it('bundles counts, AUROC and TPR at 1% and 5% FPR', () => {
    const r = rankingFigures(set([0.9, 0.4], [0.5, 0.1]));
    expect(r).toEqual({ n_ai: 2, n_real: 2, auroc: 0.75, tpr_at_fpr_1pct: 0.5, tpr_at_fpr_5pct: 0.5 });
  });
});
