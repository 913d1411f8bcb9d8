// The list pipeline tops up a page that filtering emptied from further upstream pages, bounded in
// count and time, and never loses the page it has when a top-up fails.
import { describe, expect, it } from 'vitest';
import { loadFilteredPage, type FilteredPageOptions } from '../../src/content/filtered-page.js';
import type { PinScorer } from '../../src/ai/types.js';
import type { Page, Pin } from '../../src/domain/types.js';
import { defaultPrefs } from '../../src/policy/prefs.js';
import { makePin, prefsConfig, verdict } from '../policy/fixtures.js';

/** Pins whose id starts with "ai" are AI; the rest are not. */
const scorer: PinScorer = {
  scorePins: async (pins) => new Map(pins.map((p) => [p.id, verdict(p.id.startsWith('ai') ? 'ai' : 'not-ai', 0.5)])),
  stats: () => ({ scored: 0, cached: 0, queued: 0, failed: 0 }),
};

function upstream(pages: Pin[][]) {
  const asked: (string | null)[] = [];
  const fetchPage = async (bookmark: string | null): Promise<Page<Pin>> => {
    asked.push(bookmark);
    const n = bookmark === null ? 0 : Number(bookmark);
    if (!pages[n]) throw new Error('no such page');
    return { items: pages[n]!, next: n + 1 < pages.length ? String(n + 1) : null };
  };
  return { asked, fetchPage };
}

const pins = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => makePin(`${prefix}${from + i}`));

function options(over: Partial<FilteredPageOptions> = {}): FilteredPageOptions {
  return {
    scorer, prefs: defaultPrefs(prefsConfig()), showHidden: false, hideUnscored: false,
    budgetMs: 100, maxExtraPages: 2, maxExtraMs: 10_000, minShown: 4, ...over,
  };
}

describe('loadFilteredPage top-up', () => {
  it('fetches further pages until enough pins are shown, and reports where to continue', async () => {
    const up = upstream([pins('ai', 5), [...pins('ai', 3, 5), ...pins('ok', 2)], pins('ok', 5, 2), pins('ok', 5, 7)]);
    const r = await loadFilteredPage(up.fetchPage, null, options());
    expect(up.asked).toEqual([null, '1', '2']);
    expect(r.result.shown.map((s) => s.pin.id)).toEqual(['ok0', 'ok1', 'ok2', 'ok3', 'ok4', 'ok5', 'ok6']);
    expect(r.result.hiddenCount).toBe(8);
    expect(r.result.hiddenByReason.ai).toBe(8);
    expect(r.next).toBe('3');
    expect(r.upstreamPages).toBe(3);
  });

  it('stops at the page cap even when the page is still empty', async () => {
    const up = upstream([pins('ai', 5), pins('ai', 5, 5), pins('ai', 5, 10), pins('ok', 5)]);
    const r = await loadFilteredPage(up.fetchPage, null, options({ maxExtraPages: 1 }));
    expect(up.asked).toEqual([null, '1']);
    expect(r.result.shown).toHaveLength(0);
    expect(r.next).toBe('2');
  });

  it('stops when the time allowance is spent', async () => {
    let now = 0;
    const up = upstream([pins('ai', 5), pins('ai', 5, 5), pins('ok', 5)]);
    const slow = async (b: string | null) => {
      now += 600;
      return up.fetchPage(b);
    };
    const r = await loadFilteredPage(slow, null, options({ maxExtraMs: 1000, now: () => now }));
    expect(up.asked).toEqual([null, '1']);
    expect(r.next).toBe('2');
  });

  it('keeps what it has when a top-up fails, and continues from that cursor next time', async () => {
    const up = upstream([[...pins('ai', 4), ...pins('ok', 1)]]);
    const failing = async (b: string | null) => (b === null ? { ...(await up.fetchPage(b)), next: 'broken' } : up.fetchPage(b));
    const r = await loadFilteredPage(failing, null, options());
    expect(r.result.shown.map((s) => s.pin.id)).toEqual(['ok0']);
    expect(r.next).toBe('broken');
  });

  it('never shows a pin twice when upstream pages overlap', async () => {
    const up = upstream([[...pins('ai', 3), makePin('ok0')], [makePin('ok0'), ...pins('ok', 4, 1)]]);
    const r = await loadFilteredPage(up.fetchPage, null, options());
    expect(r.result.shown.map((s) => s.pin.id)).toEqual(['ok0', 'ok1', 'ok2', 'ok3', 'ok4']);
  });
});
