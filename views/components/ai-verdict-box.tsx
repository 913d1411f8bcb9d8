// The pin page's AI check: for 'ai' and 'unsure', the verdict word and its reason in visible text
// (touch screens have no tooltips); then, folded in a <details>, what each check looked at and what
// it found, image by image, with the model's numbers against the visitor's threshold. The page
// leaves it out entirely in mode off.
import type { AiVerdict } from '../../src/domain/types.js';
import type { Treatment } from '../../src/policy/types.js';
import { badgeWord, checkGroups, verdictReasons, type AiWordsContext } from '../ai-explain.js';
import { cleanText } from '../safe.js';

export interface AiVerdictBoxProps {
  verdict: AiVerdict;
  treatment: Treatment;
  words: AiWordsContext;
}

const SUMMARY: Record<AiVerdict['verdict'], string> = {
  ai: 'How this was checked for AI',
  unsure: 'How this was checked for AI',
  'not-ai': 'How this was checked for AI',
  unscored: 'Not fully checked for AI yet: what is known so far',
};

export function AiVerdictBox({ verdict, treatment, words }: AiVerdictBoxProps) {
  // The word is shown whenever the verdict is 'ai' or 'unsure', whatever the treatment: this is the
  // pin's own page, where the visitor came to look.
  const word = badgeWord(verdict, treatment === 'plain' ? 'label' : treatment);
  const reasons = verdictReasons(verdict, words);
  const groups = checkGroups(verdict, words);
  return (
    <section class={`ai-check ai-check--${verdict.verdict}`} aria-label="AI check">
      {word ? (
        <p class="ai-reason">
          <span class={`ai-badge ai-badge--${verdict.verdict}`}>{word}</span>{' '}
          <span class="ai-reason__text">{cleanText(reasons.join('. '))}.</span>
        </p>
      ) : null}
      <details class="ai-box">
        <summary>{SUMMARY[verdict.verdict] ?? SUMMARY.unscored}</summary>
        {groups.map((g) => (
          <div class="ai-box__group">
            {g.heading ? <p class="ai-box__heading"><strong>{g.heading}</strong></p> : null}
            <ul class="ai-box__checks">
              {g.lines.map((line) => <li>{cleanText(line)}</li>)}
            </ul>
          </div>
        ))}
        <p class="ai-box__note">Model scores run from 0 (made by a person) to 1 (AI-generated).</p>
      </details>
    </section>
  );
}
