import { describe, expect, it } from 'vitest';
import { combineSignals, modelSignal, type VerdictInputs } from '../../src/ai/verdict.js';
import type { Signal } from '../../src/domain/types.js';

const T = { label: 0.6, hide: 0.9 };
const label: Signal = { source: 'pinterest-label', detail: 'Pinterest label: AI-generated (11)', decisive: true };
const unknownLabel: Signal = { source: 'pinterest-label', detail: 'Pinterest label: unknown value 3', decisive: false };
const generator: Signal = { source: 'provenance', detail: 'PNG tEXt "parameters" (AUTOMATIC1111)', decisive: true };
const camera: Signal = { source: 'provenance', detail: 'JPEG APP1 XMP DigitalSourceType "digitalCapture" (camera capture: a human signal)', decisive: false };
const cue: Signal = { source: 'text', detail: 'text "midjourney" in title', decisive: false };

const inputs = (over: Partial<VerdictInputs>): VerdictInputs => ({ label: null, provenance: [], text: [], model: null, ...over });
const p = (probability: number | null, reason?: string) => ({ probability, reason });

describe('combineSignals', () => {
  it('a decisive signal gives ai, with or without a model score', () => {
    expect(combineSignals(inputs({ label }), T)).toEqual({ verdict: 'ai', score: null, signals: [label] });
    expect(combineSignals(inputs({ provenance: [generator], model: p(0.1) }), T)).toEqual({
      verdict: 'ai',
      score: 0.1,
      signals: [generator, modelSignal(0.1)],
    });
    expect(combineSignals(inputs({ label }), null).verdict).toBe('ai'); // even with no model at all
  });

  it.each([
    [0.95, 'ai'],
    [0.9, 'ai'],
    [0.89, 'unsure'],
    [0.6, 'unsure'],
    [0.59, 'not-ai'],
    [0, 'not-ai'],
  ])('model alone: p=%s -> %s', (prob, verdict) => {
    const v = combineSignals(inputs({ model: p(prob) }), T);
    expect(v.verdict).toBe(verdict);
    expect(v.score).toBe(prob);
    expect(v.signals).toEqual([{ source: 'model', detail: `model ${prob.toFixed(2)}`, decisive: false }]);
  });

  it('the thresholds of the sensitivity decide', () => {
    const m = inputs({ model: p(0.7) });
    expect(combineSignals(m, { label: 0.8, hide: 0.95 }).verdict).toBe('not-ai');
    expect(combineSignals(m, { label: 0.5, hide: 0.7 }).verdict).toBe('ai');
  });

  it('no probability or no thresholds -> unscored; text cues alone never decide', () => {
    expect(combineSignals(inputs({}), T).verdict).toBe('unscored');
    expect(combineSignals(inputs({ text: [cue], model: p(null, 'too small') }), T)).toEqual({ verdict: 'unscored', score: null, signals: [cue] });
    expect(combineSignals(inputs({ model: p(0.99) }), null)).toMatchObject({ verdict: 'unscored', score: 0.99 });
    expect(combineSignals(inputs({ model: p(Number.NaN) }), T).verdict).toBe('unscored');
  });

  it('text cues move not-ai to unsure only when p >= label/2', () => {
    expect(combineSignals(inputs({ text: [cue], model: p(0.3) }), T).verdict).toBe('unsure');
    expect(combineSignals(inputs({ text: [cue], model: p(0.29) }), T).verdict).toBe('not-ai');
    expect(combineSignals(inputs({ text: [cue], model: p(0.05) }), T).verdict).toBe('not-ai');
    // and never further than unsure
    expect(combineSignals(inputs({ text: [cue, cue], model: p(0.89) }), T).verdict).toBe('unsure');
  });

  it('a camera-capture declaration keeps a model-only detection at unsure', () => {
    expect(combineSignals(inputs({ provenance: [camera], model: p(0.97) }), T).verdict).toBe('unsure');
    expect(combineSignals(inputs({ provenance: [camera], model: p(0.2) }), T).verdict).toBe('not-ai');
    // but not against decisive evidence
    expect(combineSignals(inputs({ label, provenance: [camera], model: p(0.2) }), T).verdict).toBe('ai');
  });

  it('non-decisive label signals are reported but do not move the verdict', () => {
    const v = combineSignals(inputs({ label: unknownLabel, model: p(0.1) }), T);
    expect(v.verdict).toBe('not-ai');
    expect(v.signals[0]).toBe(unknownLabel);
  });

  it('lists signals label, provenance, text, model and clamps the score', () => {
    const v = combineSignals(inputs({ label: unknownLabel, provenance: [camera], text: [cue], model: p(1.7) }), T);
    expect(v.signals.map((s) => s.source)).toEqual(['pinterest-label', 'provenance', 'text', 'model']);
    expect(v.score).toBe(1);
  });
});
