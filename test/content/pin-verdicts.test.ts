// A pin's verdict over all its images: the most severe wins, signals are kept once each, one image
// still waiting keeps an otherwise clean pin 'unscored', each image keeps its own verdict, and every
// image is scored on the same canonical copy wherever the pin appears.
import { describe, expect, it } from 'vitest';
import { combineVerdicts, scoredImageSets, verdictForPin, verdictsForPins } from '../../src/content/pin-verdicts.js';
import { scoringImage } from '../../views/images.js';
import type { PinScorer } from '../../src/ai/types.js';
import type { AiVerdict, ImageSet, Pin } from '../../src/domain/types.js';
import { makePin } from '../policy/fixtures.js';
import { readFileSync } from 'node:fs';
import { parsePinResource } from '../../src/parse/index.js';

const v = (verdict: AiVerdict['verdict'], score: number | null, detail?: string): AiVerdict => ({
  verdict, score, signals: detail ? [{ source: 'model', detail, decisive: false }] : [],
});

const set = (sig: string): ImageSet => ({
  signature: sig,
  dominantColor: null,
  variants: ['236x', '474x', '736x'].map((size) => ({ size, path: `/img/${size}/${sig}.jpg`, width: Number(size.slice(0, -1)), height: null })),
});

/** A scorer that answers per image signature and records the paths it was asked to score. */
function scorerBy(bySig: Record<string, AiVerdict>) {
  const paths: string[] = [];
  const calls: number[] = [];
  const scorer: PinScorer = {
    scorePins: async (pins, opts) => {
      calls.push(pins.length);
      return new Map(pins.map((p) => {
        const path = opts.variantPath(p);
        if (path) paths.push(path);
        return [p.id, bySig[p.images[0]?.signature ?? p.video?.poster?.signature ?? ''] ?? v('not-ai', 0.1)];
      }));
    },
    stats: () => ({ scored: 0, cached: 0, queued: 0, failed: 0 }),
  };
  return { scorer, paths, calls };
}

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

describe('verdictsForPins', () => {
  it('scores every image of a carousel in one scorer call and keeps each image\'s verdict', async () => {
    const { scorer, paths, calls } = scorerBy({ c: v('ai', 0.99, 'model 0.99') });
    const carousel = makePin('42', { images: [set('a'), set('b'), set('c')] });
    const plain = makePin('43', { images: [set('d')] });
    const out = await verdictsForPins(scorer, [carousel, plain], { budgetMs: 10, sensitivity: 'medium' });
    expect(calls).toEqual([4]); // one call: shared budget and batches
    expect(paths).toEqual(['a', 'b', 'c', 'd'].map((s) => `/img/236x/${s}.jpg`));
    const c = out.get('42')!;
    expect(c.verdict).toBe('ai');
    expect(c.score).toBe(0.99);
    expect(c.images?.map((i) => i.verdict)).toEqual(['not-ai', 'not-ai', 'ai']);
    expect(out.get('43')).toEqual(v('not-ai', 0.1));
    expect(out.get('43')!.images).toBeUndefined();
  });

  it('gives the same verdict for the pin alone (its page) as within a page of pins (grid, feed)', async () => {
    const { scorer } = scorerBy({ b: v('unsure', 0.7, 'model 0.70') });
    const pin = makePin('7', { images: [set('a'), set('b')] });
    const alone = await verdictForPin(scorer, pin, { budgetMs: 10, sensitivity: 'medium' });
    const inGrid = (await verdictsForPins(scorer, [makePin('1'), pin], { budgetMs: 10, sensitivity: 'medium' })).get('7');
    expect(inGrid).toEqual(alone);
    expect(alone.verdict).toBe('unsure');
  });

  it('scores a carousel Pinterest labels AI once: the label settles it before any image is read', async () => {
    const { scorer, calls } = scorerBy({});
    const pin = makePin('5', { images: [set('a'), set('b')], digitalMediaSourceType: 11 });
    await verdictForPin(scorer, pin, { budgetMs: 10, sensitivity: 'medium' });
    expect(calls).toEqual([1]);
  });

  it('scores a video pin on its poster', async () => {
    const poster = set('p');
    const pin: Pin = makePin('9', { images: [], video: { mp4: '/vid/x.mp4', hls: null, poster, width: null, height: null, durationMs: null } });
    expect(scoredImageSets(pin)).toEqual([poster]);
    const { scorer, paths } = scorerBy({ p: v('ai', 0.95) });
    expect((await verdictForPin(scorer, pin, { budgetMs: 10, sensitivity: 'medium' })).verdict).toBe('ai');
    expect(paths).toEqual(['/img/236x/p.jpg']);
  });

  it.each([
    ['an Idea pin (story_pin_data pages)', 'pin-resource-ideapin.json', 3],
    ['a carousel (carousel_data slots)', 'pin-resource-carousel-ai-third.json', 3],
  ])('%s from the fixtures: every image is scored', async (_name, file, images) => {
    const pin = parsePinResource(JSON.parse(readFileSync(`test/fixtures/pinterest/${file}`, 'utf8')));
    expect(scoredImageSets(pin)).toHaveLength(images);
    const last = scoredImageSets(pin).at(-1)!.signature!;
    const { scorer, paths } = scorerBy({ [last]: v('unsure', 0.7, 'model 0.70') });
    const out = await verdictForPin(scorer, pin, { budgetMs: 10, sensitivity: 'medium' });
    expect(paths).toHaveLength(images);
    expect(out.verdict).toBe('unsure');
    expect(out.images?.map((i) => i.verdict).at(-1)).toBe('unsure');
  });

  it('scores the 236 px copy whatever size a page displays', () => {
    expect(scoringImage(set('z'))?.path).toBe('/img/236x/z.jpg');
    expect(scoringImage(null)).toBeNull();
  });
});
