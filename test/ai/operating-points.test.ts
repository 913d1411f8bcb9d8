// The settings page's "what each sensitivity means" comes from the manifest's measured operating
// points, whatever they are: read from the object (leave-source-out first), nothing hard-coded, and
// a manifest without them (or with garbage) gives no figures rather than invented ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { operatingFacts } from '../../src/ai/operating-points.js';
import { renderSettingsPage } from '../../views/pages/settings.js';
import { ctx } from '../views/helpers/samples.js';

const point = (fpr: number, tpr: number, nReal = 200, nAi = 100) => ({ threshold: 0.5, fp: Math.round(fpr * nReal), n_real: nReal, tp: Math.round(tpr * nAi), n_ai: nAi, fpr, tpr });
const sens = (hide: [number, number], label: [number, number]) => ({
  target_fpr: { hide: 0.01, label: 0.05 },
  out_of_fold: { all: { hide: point(...hide), label: point(...label) } },
  test: { all: { hide: point(0.5, 0.5, 10, 10), label: point(0.5, 0.5, 10, 10) } },
});
const manifest = {
  operating_points: { per_sensitivity: { low: sens([0.005, 0.03], [0.02, 0.08]), medium: sens([0.01, 0.045], [0.05, 0.25]), high: sens([0.05, 0.3], [0.1, 0.5]) } },
};

function settings(facts: ReturnType<typeof operatingFacts>): cheerio.CheerioAPI {
  const prefs = ctx().prefs;
  return cheerio.load(renderSettingsPage({
    ctx: ctx(), prefs, restoreHref: '/settings/restore?ai=hide', feedUrlPattern: '/USER/feed.rss', forcedMinimumMode: null, saved: false, operatingFacts: facts,
  }));
}

describe('operatingFacts', () => {
  it('reads the leave-source-out figures per sensitivity', () => {
    const f = operatingFacts(manifest)!;
    expect(f.measuredOn).toBe('out_of_fold');
    expect(f.bySensitivity.medium.hide).toMatchObject({ fpr: 0.01, tpr: 0.045, nReal: 200, nAi: 100, fp: 2 });
    expect(f.bySensitivity.high.label).toMatchObject({ fpr: 0.1, tpr: 0.5 });
  });

  it('falls back to the held-out test figures, and gives null for nothing readable', () => {
    const testOnly = { operating_points: { per_sensitivity: { medium: { test: { all: { hide: point(0.02, 0.4) } } } } } };
    const f = operatingFacts(testOnly)!;
    expect(f.measuredOn).toBe('test');
    expect(f.bySensitivity.medium.hide?.fpr).toBe(0.02);
    expect(f.bySensitivity.low).toEqual({ hide: null, label: null });
    expect(operatingFacts({ operating_points: { auroc: 0.9 } })).toBeNull();
    expect(operatingFacts({ operating_points: { per_sensitivity: { medium: { out_of_fold: { all: { hide: { fpr: 'x' } } } } } } })).toBeNull();
    expect(operatingFacts(null)).toBeNull();
  });

  it('reads the shipped manifest as it is', () => {
    const raw = JSON.parse(readFileSync('models/default/manifest.json', 'utf8'));
    const f = operatingFacts(raw)!;
    expect(f).not.toBeNull();
    const set = raw.operating_points.per_sensitivity.medium[f.measuredOn].all;
    expect(f.bySensitivity.medium.hide?.fpr).toBe(set.hide.fpr);
    expect(f.bySensitivity.medium.label?.tpr).toBe(set.label.tpr);
  });
});

describe('the settings page says what each sensitivity means', () => {
  it('in false positives and misses, from the figures it is given', () => {
    const $ = settings(operatingFacts(manifest));
    const text = $('.sensitivity-facts').text();
    expect(text).toContain('measured on 200 real and 100 AI pictures');
    expect($('.sensitivity-facts dt').map((_, e) => $(e).text()).get()).toEqual(['Low', 'Medium', 'High']);
    const medium = $('.sensitivity-facts dd').eq(1).text();
    expect(medium).toBe('Real pictures wrongly called “AI” (hidden in Hide mode): 1.0 % (about 1 in 100). Wrongly called “Maybe AI” or “AI”: 5.0 %. '
      + 'AI pictures called “AI”: 4.5 %; called “Maybe AI” or “AI”: 25 %; missed: 75 %.');
    expect($('#set-sensitivity').attr('aria-describedby')).toBe('set-sensitivity-help');
  });

  it('changes with the manifest (nothing hard-coded) and says less when there are no figures', () => {
    const changed = structuredClone(manifest);
    changed.operating_points.per_sensitivity.medium.out_of_fold.all.hide = point(0.002, 0.6, 1000, 500);
    expect(settings(operatingFacts(changed))('.sensitivity-facts dd').eq(1).text()).toContain('0.2 % (about 1 in 500)');
    const none = settings(null);
    expect(none('.sensitivity-facts').length).toBe(0);
    expect(none('#set-sensitivity-help').text()).toContain('Higher catches more AI images');
  });
});
