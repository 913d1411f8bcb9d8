// When a pinner's or board's record speaks for its other pins. The numbers come from config
// (CORKBOARD_CONTEXT_MIN_DECISIVE, CORKBOARD_CONTEXT_MIN_SHARE); README "Context" says why.
import type { AiVerdict } from '../domain/types.js';
import type { EvidenceClass, Tally } from './reputation.js';

export interface ContextRule {
  /** Pins with decisive evidence (Pinterest's label, provenance) the subject must have. */
  minDecisive: number;
  /** Share (0..1) of its classified pins that must be AI (decisive or model 'ai'). */
  minShare: number;
}

function aiShare(t: Tally): number {
  return t.seen === 0 ? 0 : (t.label + t.provenance + t.ai) / t.seen;
}

export function meetsContextRule(t: Tally, rule: ContextRule): boolean {
  return t.label + t.provenance >= rule.minDecisive && aiShare(t) >= rule.minShare;
}

/** The class a pin's own (pre-context) verdict is recorded as; null when it says nothing yet. */
export function evidenceClassOf(v: AiVerdict): EvidenceClass | null {
  if (v.signals.some((s) => s.decisive && s.source === 'pinterest-label')) return 'label';
  if (v.signals.some((s) => s.decisive && s.source === 'provenance')) return 'provenance';
  if (v.verdict === 'ai' || v.verdict === 'unsure' || v.verdict === 'not-ai') return v.verdict;
  return null;
}
