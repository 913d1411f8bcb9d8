// Combines the signals of one image into a verdict for one sensitivity. Pure: the scorer caches the
// sensitivity-independent evidence (signals + model probability) and calls this per request.
import type { AiVerdict, Signal } from '../domain/types.js';
import { isCameraCaptureSignal } from './provenance.js';
import type { ModelScore } from './types.js';

export interface VerdictInputs {
  /** Pinterest's own label (pinterest-label.ts), or null. */
  label: Signal | null;
  /** Provenance signals from the image bytes (provenance.ts). */
  provenance: readonly Signal[];
  /** Text cues from the pin (text-cues.ts); never decisive. */
  text: readonly Signal[];
  /** The model's result; null when the model did not run (no model, skipped, not finished). */
  model: ModelScore | null;
}

export interface VerdictThresholds {
  label: number;
  hide: number;
}

/**
 * Rules, in order:
 * 1. Any decisive signal (Pinterest label, generator provenance) -> 'ai'; the score is reported
 *    when the model ran anyway.
 * 2. No usable probability (model absent, not run, could not score) or no thresholds -> 'unscored'.
 *    Text cues alone never make a verdict.
 * 3. p >= hide -> 'ai', except when the bytes carry a camera-capture declaration (IPTC
 *    digitalCapture): a model alone does not overrule that, so it is 'unsure' (labelled, not hidden).
 * 4. label <= p < hide -> 'unsure'.
 * 5. p < label: 'not-ai', unless text cues fired AND p >= label / 2, then 'unsure'. Cues are weak
 *    and common in captions about AI, so they may only tip a score the model already finds
 *    half-suspicious, and only to 'unsure' (label), never to 'ai' (hide).
 */
export function combineSignals(inputs: VerdictInputs, thresholds: VerdictThresholds | null): AiVerdict {
  const p = usableProbability(inputs.model);
  const signals: Signal[] = [];
  if (inputs.label) signals.push(inputs.label);
  signals.push(...inputs.provenance, ...inputs.text);
  if (p !== null) signals.push(modelSignal(p));

  if (signals.some((s) => s.decisive)) return { verdict: 'ai', score: p, signals };
  if (p === null || thresholds === null) return { verdict: 'unscored', score: p, signals };
  if (p >= thresholds.hide) {
    const camera = inputs.provenance.some(isCameraCaptureSignal);
    return { verdict: camera ? 'unsure' : 'ai', score: p, signals };
  }
  if (p >= thresholds.label) return { verdict: 'unsure', score: p, signals };
  if (inputs.text.length > 0 && p >= thresholds.label / 2) return { verdict: 'unsure', score: p, signals };
  return { verdict: 'not-ai', score: p, signals };
}

/** The signal a model score shows as, e.g. `model 0.93`. */
export function modelSignal(p: number): Signal {
  return { source: 'model', detail: `model ${p.toFixed(2)}`, decisive: false };
}

function usableProbability(score: ModelScore | null): number | null {
  const p = score?.probability;
  if (typeof p !== 'number' || !Number.isFinite(p)) return null;
  return Math.min(1, Math.max(0, p));
}
