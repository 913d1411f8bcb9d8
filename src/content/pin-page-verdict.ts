// A pin page shows every image of the pin (carousel slots, Idea pin pages): each one is scored, and
// the page's verdict is the most severe of them, with every signal that fired.
import type { AiVerdict, AiVerdictKind, Pin, Signal } from '../domain/types.js';
import type { PinScorer, Sensitivity } from '../ai/types.js';

const SEVERITY: Record<AiVerdictKind, number> = { unscored: 0, 'not-ai': 1, unsure: 2, ai: 3 };

export function combineVerdicts(verdicts: AiVerdict[]): AiVerdict {
  if (verdicts.length === 0) return { verdict: 'unscored', score: null, signals: [] };
  let verdict: AiVerdictKind = 'unscored';
  let score: number | null = null;
  const signals: Signal[] = [];
  const seen = new Set<string>();
  // Any unscored image keeps an otherwise clean pin 'unscored': we cannot vouch for it yet.
  const anyUnscored = verdicts.some((v) => v.verdict === 'unscored');
  for (const v of verdicts) {
    if (SEVERITY[v.verdict] > SEVERITY[verdict]) verdict = v.verdict;
    if (v.score !== null) score = score === null ? v.score : Math.max(score, v.score);
    for (const s of v.signals) {
      const key = `${s.source}|${s.detail}`;
      if (!seen.has(key)) {
        seen.add(key);
        signals.push(s);
      }
    }
  }
  if (verdict === 'not-ai' && anyUnscored) verdict = 'unscored';
  return { verdict, score, signals };
}

/** Scores each image of one pin (as its own entry) and combines the verdicts. */
export async function scoreAllImages(
  scorer: PinScorer,
  pin: Pin,
  opts: { variantPath: (pin: Pin) => string | null; budgetMs: number; sensitivity: Sensitivity; context?: boolean },
): Promise<AiVerdict> {
  const sets = pin.images.length > 0 ? pin.images : pin.video?.poster ? [pin.video.poster] : [];
  if (sets.length <= 1) {
    const verdicts = await scorer.scorePins([pin], opts);
    return verdicts.get(pin.id) ?? { verdict: 'unscored', score: null, signals: [] };
  }
  // One entry per image; the ids only key the result map here.
  const parts: Pin[] = sets.map((set, i) => ({ ...pin, id: `${pin.id}#${i}`, images: [set], video: null }));
  const verdicts = await scorer.scorePins(parts, opts);
  return combineVerdicts(parts.map((p) => verdicts.get(p.id) ?? { verdict: 'unscored', score: null, signals: [] }));
}
