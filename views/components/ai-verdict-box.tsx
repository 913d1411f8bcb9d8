// The pin page's AI box: the verdict in words, the model score, and every signal that fired with
// its detail. Open by default when the verdict matters (label, blur, hidden); folded otherwise.
import type { AiVerdict } from '../../src/domain/types.js';
import { cleanText, formatScore } from '../safe.js';

const SENTENCES: Record<AiVerdict['verdict'], string> = {
  ai: 'This image looks AI-generated.',
  unsure: 'This image may be AI-generated.',
  'not-ai': 'No sign of AI generation was found.',
  unscored: 'This image has not been checked for AI yet.',
};

const SOURCE_WORDS: Record<string, string> = {
  'pinterest-label': 'Pinterest’s label',
  provenance: 'File metadata',
  text: 'Pin text',
  model: 'Image model',
};

export interface AiVerdictBoxProps {
  verdict: AiVerdict;
  open: boolean;
}

export function AiVerdictBox({ verdict, open }: AiVerdictBoxProps) {
  const score = formatScore(verdict.score);
  return (
    <details class={`ai-box ai-box--${verdict.verdict}`} open={open}>
      <summary>AI check: {SENTENCES[verdict.verdict] ?? SENTENCES.unscored}</summary>
      {score !== null ? <p>Model score: <span class="ai-box__score">{score}</span> (0 = made by a person, 1 = AI-generated)</p> : null}
      {verdict.signals.length > 0 ? (
        <ul class="ai-box__signals">
          {verdict.signals.map((s) => (
            <li>
              <strong>{SOURCE_WORDS[s.source] ?? cleanText(s.source)}</strong>: <span dir="auto">{cleanText(s.detail)}</span>
              {s.decisive ? <span class="decisive"> (decisive)</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>No signal fired.</p>
      )}
    </details>
  );
}
