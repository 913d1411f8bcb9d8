// A pin page's verdict over all its images: the most severe wins, signals are kept once each,
// and one image still waiting keeps an otherwise clean pin 'unscored'.
import { describe, expect, it } from 'vitest';
import { combineVerdicts, scoreAllImages } from '../../src/content/pin-page-verdict.js';
import type { PinScorer } from '../../src/ai/types.js';
import type { AiVerdict, ImageSet } from '../../src/domain/types.js';
import { makePin } from '../policy/fixtures.js';

const v = (verdict: AiVerdict['verdict'], score: number | null, detail?: string): AiVerdict => ({
  verdict, score, signals: detail ? [{ source: 'model', detail, decisive: false }] : [],
});

describe('combineVerdicts', () => {
  it('takes the most severe verdict and the highest score, with each signal once', () => {
    const c = combineVerdicts([v('not-ai', 0.1, 'model 0.10'), v('ai', 0.97, 'model 0.97'), v('unsure', 0.9, 'model 0.97')]);
    expect(c.verdict).toBe('ai');
    expect(c.score).toBe(0.97);
    expect(c.signals.map((s) => s.detail)).toEqual(['model 0.10', 'model 0.97']);
  });
  it('keeps a clean pin unscored while one image is unscored', () => {
    expect(combineVerdicts([v('not-ai', 0.1), v('unscored', null)]).verdict).toBe('unscored');
    expect(combineVerdicts([v('unsure', 0.9), v('unscored', null)]).verdict).toBe('unsure');
  });
  it('has nothing to say about no images', () => {
    expect(combineVerdicts([])).toEqual({ verdict: 'unscored', score: null, signals: [] });
  });
});

describe('scoreAllImages', () => {
  const set = (sig: string): ImageSet => ({ signature: sig, dominantColor: null, variants: [{ size: '736x', path: `/img/${sig}`, width: 736, height: 736 }] });
  it('scores every image of a carousel and combines them', async () => {
    const seen: string[] = [];
    const scorer: PinScorer = {
      scorePins: async (pins) => new Map(pins.map((p) => {
        seen.push(p.images[0]!.signature!);
        return [p.id, p.images[0]!.signature === 'b' ? v('ai', 0.99) : v('not-ai', 0.2)];
      })),
      stats: () => ({ scored: 0, cached: 0, queued: 0, failed: 0 }),
    };
    const pin = makePin('42', { images: [set('a'), set('b'), set('c')] });
    const r = await scoreAllImages(scorer, pin, { variantPath: (p) => p.images[0]?.variants[0]?.path ?? null, budgetMs: 10, sensitivity: 'medium' });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(r.verdict).toBe('ai');
    expect(r.score).toBe(0.99);
  });
});
