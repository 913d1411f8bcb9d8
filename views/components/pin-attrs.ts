// The contract's markup for a pin element (CONTRACT.md "Markup that scripts read"): data-pin-id,
// data-ai-verdict always, data-ai-score (3 decimals) only when the model gave a score.
import type { AiVerdict, AiVerdictKind } from '../../src/domain/types.js';
import { cleanText, formatScore } from '../safe.js';

const KINDS: ReadonlySet<string> = new Set<AiVerdictKind>(['ai', 'not-ai', 'unsure', 'unscored']);

export interface PinDataAttrs {
  'data-pin-id': string;
  'data-ai-verdict': AiVerdictKind;
  'data-ai-score'?: string;
}

export function pinDataAttrs(pinId: string, verdict: AiVerdict): PinDataAttrs {
  const kind = KINDS.has(verdict.verdict) ? verdict.verdict : 'unscored';
  const score = formatScore(verdict.score);
  const attrs: PinDataAttrs = { 'data-pin-id': cleanText(pinId), 'data-ai-verdict': kind };
  if (score !== null) attrs['data-ai-score'] = score;
  return attrs;
}
