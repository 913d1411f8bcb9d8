// Tests for src/policy/filter.ts: mode x verdict table, promoted, mutes, "show them", the pin page.
import { describe, expect, it } from 'vitest';
import type { AiVerdictKind } from '../../src/domain/types.js';
import { applyPolicy, pinPageDecision } from '../../src/policy/filter.js';
import { defaultPrefs } from '../../src/policy/prefs.js';
import type { AiMode, HideReason, Prefs, Treatment } from '../../src/policy/types.js';
import { makePin, prefsConfig, verdict } from './fixtures.js';

const base = defaultPrefs(prefsConfig());
const withMode = (ai: AiMode, over: Partial<Prefs> = {}): Prefs => ({ ...base, ai, ...over });

type Row = [AiMode, AiVerdictKind, boolean, HideReason | null, Treatment];
// mode, verdict, hideUnscored, expected hide reason (null: shown), expected treatment when shown
const TABLE: Row[] = [
  ['off', 'ai', false, null, 'plain'],
  ['off', 'unsure', false, null, 'plain'],
  ['off', 'unscored', false, null, 'plain'],
  ['off', 'not-ai', false, null, 'plain'],
  ['off', 'unscored', true, null, 'plain'],
  ['label', 'ai', false, null, 'label'],
  ['label', 'unsure', false, null, 'label'],
  ['label', 'unscored', false, null, 'label'],
  ['label', 'not-ai', false, null, 'plain'],
  ['blur', 'ai', false, null, 'blur'],
  ['blur', 'unsure', false, null, 'label'],
  ['blur', 'unscored', false, null, 'label'],
  ['blur', 'not-ai', false, null, 'plain'],
  ['hide', 'ai', false, 'ai', 'label'],
  ['hide', 'unsure', false, null, 'label'],
  ['hide', 'unscored', false, null, 'label'],
  ['hide', 'unscored', true, 'unscored', 'label'],
  ['hide', 'not-ai', false, null, 'plain'],
  ['hide', 'ai', true, 'ai', 'label'],
];

describe('applyPolicy: mode x verdict', () => {
  it.each(TABLE)('mode %s, verdict %s, hideUnscored %s -> %s / %s', (mode, kind, hideUnscored, reason, treatment) => {
    const pin = makePin('1');
    const v = verdict(kind);
    const r = applyPolicy([pin], new Map([['1', v]]), withMode(mode), { hideUnscored });
    if (reason) {
      expect(r.shown).toEqual([]);
      expect(r.hiddenCount).toBe(1);
      expect(r.hiddenByReason).toEqual({ [reason]: 1 });
    } else {
      expect(r.hiddenCount).toBe(0);
      expect(r.shown).toEqual([{ pin, verdict: v, treatment }]);
    }
    // "show them": nothing removed, removed ones come back labelled, still counted by reason
    const s = applyPolicy([pin], new Map([['1', v]]), withMode(mode), { hideUnscored, showHidden: true });
    expect(s.hiddenCount).toBe(0);
    expect(s.shown).toHaveLength(1);
    expect(s.shown[0]!.treatment).toBe(reason ? 'label' : treatment);
    expect(s.hiddenByReason).toEqual(reason ? { [reason]: 1 } : {});
    // pin page: the element stays, the image is withheld when the settings would hide it
    expect(pinPageDecision(pin, v, withMode(mode), { hideUnscored })).toEqual({ withheld: reason !== null, reason, treatment, forced: false });
    expect(pinPageDecision(pin, v, withMode(mode), { hideUnscored, showHidden: true }).withheld).toBe(false);
  });

  it('a pin with no verdict counts as unscored', () => {
    const r = applyPolicy([makePin('9')], new Map(), withMode('hide'), { hideUnscored: true });
    expect(r.hiddenByReason).toEqual({ unscored: 1 });
    const shown = applyPolicy([makePin('9')], new Map(), withMode('hide'));
    expect(shown.shown[0]!.verdict.verdict).toBe('unscored');
    expect(shown.shown[0]!.treatment).toBe('label');
  });

  it('keeps order and counts a mixed page', () => {
    const pins = ['a', 'b', 'c', 'd', 'e'].map((id) => makePin(id));
    const kinds: AiVerdictKind[] = ['not-ai', 'ai', 'unsure', 'ai', 'not-ai'];
    const v = new Map(pins.map((p, i) => [p.id, verdict(kinds[i]!)]));
    const r = applyPolicy(pins, v, withMode('hide'));
    expect(r.shown.map((s) => s.pin.id)).toEqual(['a', 'c', 'e']);
    expect(r.hiddenCount).toBe(2);
    expect(r.hiddenByReason).toEqual({ ai: 2 });
  });
});

describe('applyPolicy: promoted pins', () => {
  it('are always dropped, even in mode off and with showHidden, and not counted as hidden by settings', () => {
    const pins = [makePin('p', { isPromoted: true }), makePin('q')];
    for (const showHidden of [false, true]) {
      const r = applyPolicy(pins, new Map([['p', verdict('not-ai')], ['q', verdict('not-ai')]]), withMode('off'), { showHidden });
      expect(r.shown.map((s) => s.pin.id)).toEqual(['q']);
      expect(r.hiddenCount).toBe(0);
      expect(r.hiddenByReason).toEqual({ promoted: 1 });
    }
  });
});

describe('applyPolicy: mutes', () => {
  const notAi = (pins: { id: string }[]) => new Map(pins.map((p) => [p.id, verdict('not-ai')]));

  it('mutes whole words, case-insensitively, in title, description, alt text and hashtags', () => {
    const pins = [
      makePin('1', { title: 'A Cat on a mat' }),
      makePin('2', { description: 'Concatenate strings' }),
      makePin('3', { altText: 'CAT!' }),
      makePin('4', { hashtags: ['cat'] }),
      makePin('5', { title: 'dog' }),
      makePin('6', { description: 'cats' }),
    ];
    const r = applyPolicy(pins, notAi(pins), withMode('hide', { mute_words: ['cat'] }));
    expect(r.shown.map((s) => s.pin.id)).toEqual(['2', '5', '6']);
    expect(r.hiddenByReason).toEqual({ 'muted-word': 3 });
  });

  it('mutes phrases across any whitespace and non-Latin words', () => {
    const pins = [makePin('1', { title: 'Made with Stable\nDiffusion' }), makePin('2', { title: 'Кошка спит' }), makePin('3', { title: 'кошкам' })];
    const r = applyPolicy(pins, notAi(pins), withMode('off', { mute_words: ['stable diffusion', 'кошка'] }));
    expect(r.shown.map((s) => s.pin.id)).toEqual(['3']);
  });

  it('treats regex characters in muted words literally', () => {
    const pins = [makePin('1', { title: 'c++ tips' }), makePin('2', { title: 'ccc tips' })];
    const r = applyPolicy(pins, notAi(pins), withMode('off', { mute_words: ['c++', '.*'] }));
    expect(r.shown.map((s) => s.pin.id)).toEqual(['2']);
  });

  it('mutes pinners, boards and domains (with subdomains)', () => {
    const pins = [
      makePin('1', { pinner: { username: 'Spammer', fullName: '', avatar: '' } }),
      makePin('2', { board: { name: 'AI', path: '/someone/ai-art/' } }),
      makePin('3', { board: { name: 'Other', path: '/someone/ai-art-2/' } }),
      makePin('4', { link: 'https://shop.example.com/x', domain: null }),
      makePin('5', { link: null, domain: 'www.Example.com' }),
      makePin('6', { link: 'https://notexample.com/', domain: 'notexample.com' }),
      makePin('7', { board: { name: 'Юг', path: '/someone/%D1%8E%D0%B3/' } }),
    ];
    const prefs = withMode('off', { mute_pinners: ['spammer'], mute_boards: ['someone/ai-art', 'someone/юг'], mute_domains: ['example.com'] });
    const r = applyPolicy(pins, notAi(pins), prefs);
    expect(r.shown.map((s) => s.pin.id)).toEqual(['3', '6']);
    expect(r.hiddenByReason).toEqual({ 'muted-pinner': 1, 'muted-board': 2, 'muted-domain': 2 });
    expect(r.hiddenCount).toBe(5);
  });

  it('a muted AI pin counts under its mute; showHidden reveals it labelled', () => {
    const pin = makePin('1', { title: 'cat' });
    const v = new Map([['1', verdict('ai')]]);
    const prefs = withMode('hide', { mute_words: ['cat'] });
    expect(applyPolicy([pin], v, prefs).hiddenByReason).toEqual({ 'muted-word': 1 });
    const s = applyPolicy([pin], v, prefs, { showHidden: true });
    expect(s.shown[0]!.treatment).toBe('label');
    const plain = applyPolicy([makePin('2', { title: 'cat' })], new Map([['2', verdict('not-ai')]]), prefs, { showHidden: true });
    expect(plain.shown[0]!.treatment).toBe('plain');
    expect(plain.hiddenByReason).toEqual({ 'muted-word': 1 });
  });

  it('pin page withholds a muted pin with its reason', () => {
    const d = pinPageDecision(makePin('1', { title: 'cat' }), verdict('not-ai'), withMode('off', { mute_words: ['cat'] }));
    expect(d).toEqual({ withheld: true, reason: 'muted-word', treatment: 'plain', forced: false });
  });

  it('pin page shows a promoted pin (asked for by address)', () => {
    expect(pinPageDecision(makePin('1', { isPromoted: true }), verdict('not-ai'), withMode('hide')).withheld).toBe(false);
  });
});
