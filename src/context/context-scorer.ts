// The scorer the routes call, wrapped: the inner scorer judges each image on its own (label,
// provenance, model); this layer records those verdicts in the reputation store, then adds what
// the instance knows beyond the pixels: AI lists (decisive) and the pinner's or board's record
// (context: 'unsure' alone, 'ai' together with a model score at or over the label threshold).
// Reputation records only the inner verdicts, never context-made ones, so context cannot feed itself.
import type { AiVerdict, Pin } from '../domain/types.js';
import type { Sensitivity } from '../ai/types.js';
import type { PinScorerWithStats } from '../ai/scorer.js';
import type { VerdictThresholds } from '../ai/verdict.js';
import { evidenceClassOf, meetsContextRule, type ContextRule } from './context-rule.js';
import { contextSignal, listSignal } from './evidence-words.js';
import type { InstanceLists } from './instance-lists.js';
import type { ListMatcher } from './list-matcher.js';
import { pinSubjects, type PinSubjects } from './pin-subjects.js';
import { subjectKey, tallyOf, type EvidenceClass, type Reputation, type ReputationRecord } from './reputation.js';

export interface ContextJudgeDeps {
  lists: InstanceLists;
  reputation: Reputation;
  rule: ContextRule;
  /** The model's thresholds per sensitivity; null without a model (context then gives 'unsure' only). */
  thresholds: Record<Sensitivity, VerdictThresholds> | null;
  log?: (message: string) => void;
}

/** One pin's final verdict from its own verdict, the lists and its subjects' records. Pure. */
export function judgeWithContext(
  base: AiVerdict,
  subjects: PinSubjects,
  matcher: ListMatcher,
  records: ReadonlyMap<string, ReputationRecord | null> | null,
  rule: ContextRule,
  labelThreshold: number | null,
): AiVerdict {
  const listed = matcher.match(subjects);
  if (listed) return { verdict: 'ai', score: base.score, signals: [...base.signals, listSignal(listed)] };
  // A listed exception (a known human artist, a wrongly flagged pin) also keeps context away.
  if (!records || base.verdict === 'ai' || matcher.exception(subjects)) return base;
  for (const kind of ['pinner', 'board'] as const) {
    const value = subjects[kind];
    if (!value) continue;
    const tally = tallyOf(records.get(subjectKey(kind, value)));
    if (!meetsContextRule(tally, rule)) continue;
    const modelAgrees = base.score !== null && labelThreshold !== null && base.score >= labelThreshold;
    return { verdict: modelAgrees ? 'ai' : 'unsure', score: base.score, signals: [...base.signals, contextSignal(kind, tally)] };
  }
  return base;
}

export function withContext(inner: PinScorerWithStats, deps: ContextJudgeDeps): PinScorerWithStats {
  const log = (m: string) => {
    try {
      deps.log?.(m);
    } catch {
      // never break a page for a log line
    }
  };
  return {
    stats: () => inner.stats(),
    idle: () => inner.idle(),
    async scorePins(pins: Pin[], opts) {
      const base = await inner.scorePins(pins, opts);
      try {
        await deps.lists.refresh();
      } catch (e) {
        log(`ai lists: refresh failed: ${String(e).slice(0, 200)}`);
      }
      const matcher = deps.lists.matcher();
      const subjects = pins.map(pinSubjects);
      const toRecord: { subjects: PinSubjects; cls: EvidenceClass }[] = [];
      pins.forEach((pin, i) => {
        const v = base.get(pin.id);
        const cls = v ? evidenceClassOf(v) : null;
        if (cls) toRecord.push({ subjects: subjects[i]!, cls });
      });
      let records: Map<string, ReputationRecord | null> | null = null;
      try {
        await deps.reputation.recordPins(toRecord);
        if (opts.context !== false) {
          const keys = subjects.flatMap((s) => [
            ...(s.pinner ? [{ kind: 'pinner' as const, value: s.pinner }] : []),
            ...(s.board ? [{ kind: 'board' as const, value: s.board }] : []),
          ]);
          records = await deps.reputation.records(keys);
        }
      } catch (e) {
        log(`reputation: lookup failed: ${String(e).slice(0, 200)}`);
      }
      const label = deps.thresholds?.[opts.sensitivity]?.label ?? null;
      const out = new Map<string, AiVerdict>();
      pins.forEach((pin, i) => {
        const v = base.get(pin.id);
        if (!v) return;
        out.set(pin.id, judgeWithContext(v, subjects[i]!, matcher, records, deps.rule, label));
      });
      return out;
    },
  };
}
