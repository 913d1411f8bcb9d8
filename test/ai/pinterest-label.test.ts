import { describe, expect, it, vi } from 'vitest';
import { logUnknownLabelOnce, pinterestLabelSignal } from '../../src/ai/pinterest-label.js';

const pin = (digitalMediaSourceType: number | string | null, genAiTopics: unknown = null) => ({ digitalMediaSourceType, genAiTopics });

describe('pinterestLabelSignal', () => {
  it.each([
    [11, 'AI-generated'],
    [12, 'AI-edited composite'],
    [15, 'multi-pin AI'],
    [16, "detected by Pinterest's classifier"],
    ['11', 'AI-generated'],
    ['TRAINED_ALGORITHMIC_MEDIA', 'AI-generated'],
    ['detected_trained_algorithmic_media', "detected by Pinterest's classifier"],
  ])('%s is a decisive AI label', (value, kind) => {
    const onUnknown = vi.fn();
    const s = pinterestLabelSignal(pin(value), onUnknown);
    expect(s).toMatchObject({ source: 'pinterest-label', decisive: true });
    expect(s!.detail).toContain(kind);
    expect(onUnknown).not.toHaveBeenCalled();
  });

  it('null, undefined and empty mean no information', () => {
    expect(pinterestLabelSignal(pin(null))).toBeNull();
    expect(pinterestLabelSignal({ digitalMediaSourceType: undefined as unknown as null, genAiTopics: undefined })).toBeNull();
    expect(pinterestLabelSignal(pin(''))).toBeNull();
  });

  it.each([0, 1, 13, 99, 11.5, 'SOMETHING_NEW', '-1'])('unknown value %s: not decisive, reported, onUnknown called', (value) => {
    const onUnknown = vi.fn();
    const s = pinterestLabelSignal(pin(value), onUnknown);
    expect(s).toEqual({ source: 'pinterest-label', detail: `Pinterest label: unknown value ${JSON.stringify(value)}`, decisive: false });
    expect(onUnknown).toHaveBeenCalledWith(value);
  });

  it('a throwing onUnknown does not break scoring', () => {
    expect(() => pinterestLabelSignal(pin(7), () => { throw new Error('boom'); })).not.toThrow();
  });

  it('non-empty gen_ai_topics: a non-decisive signal naming the topics', () => {
    expect(pinterestLabelSignal(pin(null, ['art', 'beauty']))).toEqual({ source: 'pinterest-label', detail: 'Pinterest gen_ai_topics: art, beauty', decisive: false });
    expect(pinterestLabelSignal(pin(null, [{ name: 'home decor' }]))!.detail).toBe('Pinterest gen_ai_topics: home decor');
    expect(pinterestLabelSignal(pin(null, [{ id: 5 }]))!.detail).toBe('Pinterest gen_ai_topics');
    expect(pinterestLabelSignal(pin(null, []))).toBeNull();
    expect(pinterestLabelSignal(pin(null, {}))).toBeNull();
    expect(pinterestLabelSignal(pin(null, '  '))).toBeNull();
  });

  it('the source type wins over topics', () => {
    expect(pinterestLabelSignal(pin(11, ['art']))!.decisive).toBe(true);
  });
});

describe('logUnknownLabelOnce', () => {
  it('logs each distinct value once, and caps the distinct values remembered', () => {
    const log = vi.fn();
    const onUnknown = logUnknownLabelOnce(log, 3);
    for (const v of [7, 7, '7', 8, 9, 10, 7]) onUnknown(v);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'unknown Pinterest digital_media_source_type value 7',
      'unknown Pinterest digital_media_source_type value "7"',
      'unknown Pinterest digital_media_source_type value 8',
    ]);
  });
});
