// One verdict per pin from every image it has (carousel slots, Idea pin pages, else the video
// poster), the same wherever the pin appears: grids, feeds and its own page all call
// verdictsForPins, and every image is scored on one canonical copy (scoringImage in views/images.ts), so the cached
// evidence and the verdict built from it cannot depend on which page was visited first.
import type { AiVerdict, AiVerdictKind, ImageSet, Pin, Signal } from '../domain/types.js';
import type { PinScorer, Sensitivity } from '../ai/types.js';
import { pinterestLabelSignal } from '../ai/pinterest-label.js';
import { scoringImage } from '../../views/images.js';

const SEVERITY: Record<AiVerdictKind, number> = { unscored: 0, 'not-ai': 1, unsure: 2, ai: 3 };

const UNSCORED: AiVerdict = { verdict: 'unscored', score: null, signals: [] };

/** The pictures a pin's verdict covers: every image, else the video's poster. */
export function scoredImageSets(pin: Pin): ImageSet[] {
  if (pin.images.length > 0) return pin.images;
  return pin.video?.poster ? [pin.video.poster] : [];
}

/**
 * The strongest of several verdicts: ai > unsure > not-ai > unscored, with every signal that fired
 * (once) and the highest model score. An image not yet scored keeps an otherwise clean pin
 * 'unscored': we cannot vouch for a carousel we have not fully seen.
 */
export function combineVerdicts(verdicts: AiVerdict[]): AiVerdict {
  if (verdicts.length === 0) return { ...UNSCORED, signals: [] };
  let verdict: AiVerdictKind = 'unscored';
  let score: number | null = null;
  const signals: Signal[] = [];
  const seen = new Set<string>();
  const anyUnscored = verdicts.some((v) => v.verdict === 'unscored');
  for (const v of verdicts) {
    if (SEVERITY[v.verdict] > SEVERITY[verdict]) verdict = v.verdict;
    if (v.score !== null) score = score === null ? v.score : Math.max(score, v.score);
    for (const s of v.signals) {
      const key = `${s.source}|${s.detail}|${s.decisive}`;
      if (!seen.has(key)) {
        seen.add(key);
        signals.push(s);
      }
    }
  }
  if (verdict === 'not-ai' && anyUnscored) verdict = 'unscored';
  return { verdict, score, signals };
}

/**
 * Verdicts for a page of pins, keyed by pin ID. Every image of every pin goes to the scorer in one
 * call (one time budget, shared batches); a pin with several images gets the strongest of their
 * verdicts and keeps each image's own verdict in `images`, so its page can say which image
 * carried which evidence.
 */
export async function verdictsForPins(
  scorer: PinScorer,
  pins: readonly Pin[],
  opts: { budgetMs: number; sensitivity: Sensitivity; context?: boolean },
): Promise<Map<string, AiVerdict>> {
  const parts: Pin[] = [];
  const partsOf = new Map<string, string[]>();
  for (const pin of pins) {
    const sets = scoredImageSets(pin);
    // Pinterest's own label settles the whole pin before any image is read: score it once.
    if (sets.length <= 1 || pinterestLabelSignal(pin)?.decisive) {
      parts.push(pin);
      continue;
    }
    // One entry per image; the `#i` ids only key the scorer's result map here.
    const ids = sets.map((set, i) => {
      const id = `${pin.id}#${i}`;
      parts.push({ ...pin, id, images: [set], video: null });
      return id;
    });
    partsOf.set(pin.id, ids);
  }
  const scored = await scorer.scorePins(parts, {
    variantPath: (p) => scoringImage(scoredImageSets(p)[0])?.path ?? null,
    budgetMs: opts.budgetMs,
    sensitivity: opts.sensitivity,
    ...(opts.context === undefined ? {} : { context: opts.context }),
  });
  const out = new Map<string, AiVerdict>();
  for (const pin of pins) {
    const ids = partsOf.get(pin.id);
    if (!ids) {
      out.set(pin.id, scored.get(pin.id) ?? { ...UNSCORED, signals: [] });
      continue;
    }
    const images = ids.map((id) => scored.get(id) ?? { ...UNSCORED, signals: [] });
    out.set(pin.id, { ...combineVerdicts(images), images });
  }
  return out;
}

/** One pin's verdict (its own page), by the same rule as grids and feeds. */
export async function verdictForPin(
  scorer: PinScorer,
  pin: Pin,
  opts: { budgetMs: number; sensitivity: Sensitivity; context?: boolean },
): Promise<AiVerdict> {
  return (await verdictsForPins(scorer, [pin], opts)).get(pin.id) ?? { ...UNSCORED, signals: [] };
}
