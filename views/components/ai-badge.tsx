// The small AI badge on a card: "AI" or "Maybe AI" (badges exist for no other verdict, and for none
// in mode off), with the reason as a tooltip. The model's number is added only when the visitor
// asked for it in the settings; by default no badge carries a number.
import type { AiVerdict } from '../../src/domain/types.js';
import type { Treatment } from '../../src/policy/types.js';
import { badgeWord, verdictReasons, type AiWordsContext } from '../ai-explain.js';
import { cleanText } from '../safe.js';
import { twoDecimals } from '../evidence-words.js';

export interface AiBadgeProps {
  verdict: AiVerdict;
  treatment: Treatment;
  /** prefs.badge: add the model's score to the badge. */
  showScore: boolean;
  /** For the tooltip's wording; the thresholds are not needed there. */
  words?: AiWordsContext;
}

const NO_THRESHOLDS: AiWordsContext = { sensitivity: 'medium', thresholds: null };

export function AiBadge({ verdict, treatment, showScore, words = NO_THRESHOLDS }: AiBadgeProps) {
  const word = badgeWord(verdict, treatment);
  if (!word) return null;
  const score = showScore && typeof verdict.score === 'number' && Number.isFinite(verdict.score) ? twoDecimals(verdict.score) : null;
  const reason = cleanText(verdictReasons(verdict, words).join('. '));
  return (
    <span class={`ai-badge ai-badge--${verdict.verdict}`} title={reason || undefined}>
      {word}
      {score !== null ? <span class="ai-badge__score"> · model {score}</span> : null}
    </span>
  );
}
