// The small AI badge on a card or pin: the verdict in words (label/blur treatments) and the
// model score when the visitor turned the score badge on. Renders nothing when neither applies.
import type { AiVerdict, AiVerdictKind } from '../../src/domain/types.js';
import type { Treatment } from '../../src/policy/types.js';
import { cleanText, formatScore } from '../safe.js';

export const VERDICT_WORDS: Record<AiVerdictKind, string> = {
  ai: 'AI',
  unsure: 'Maybe AI',
  'not-ai': 'Not AI',
  unscored: 'Not checked',
};

export interface AiBadgeProps {
  verdict: AiVerdict;
  treatment: Treatment;
  /** prefs.badge: show the model score. */
  showScore: boolean;
}

export function AiBadge({ verdict, treatment, showScore }: AiBadgeProps) {
  const score = showScore ? formatScore(verdict.score) : null;
  const withWords = treatment !== 'plain';
  if (!withWords && score === null) return null;
  const words = withWords ? VERDICT_WORDS[verdict.verdict] : 'AI score';
  const evidence = cleanText(verdict.signals.map((s) => s.detail).join('; '));
  return (
    <span class={`ai-badge ai-badge--${verdict.verdict}`} title={evidence || undefined}>
      {words}
      {score !== null ? <span class="ai-badge__score"> {score}</span> : null}
    </span>
  );
}
