// The phone-first grid (issue 17): one link per card with a name, a span class per card that the
// stylesheet defines, a column cap for short lists, and `sizes` that follow the real column width.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSearchPage } from '../../views/pages/search.js';
import { cardSpan, columnsFor, gridSizes, spanClassRange } from '../../views/grid-layout.js';
import { load } from './helpers/html-checks.js';
import { ctx, makePin, result, shown, verdict } from './helpers/samples.js';

function page(pins: ReturnType<typeof shown>[]) {
  return load(renderSearchPage({ ctx: ctx(), query: 'q', result: result(pins), nextHref: null, showHiddenHref: null }));
}

describe('pin grid cards', () => {
  it('is one link per card, named once: the title, or the alt text, or a fallback', () => {
    const $ = page([
      shown(makePin({ id: '1', title: 'Lake', altText: 'Lake' })),
      shown(makePin({ id: '2', title: '', altText: 'A red barn in snow' })),
      shown(makePin({ id: '3', title: '', altText: '' })),
      shown(makePin({ id: '4', title: 'Cabin', altText: 'Log cabin with smoke' }), verdict('ai', 0.9), 'blur'),
    ]);
    for (const id of ['1', '2', '3', '4']) expect($(`[data-pin-id="${id}"] a`).length, id).toBe(1);
    // The title is in the link: an alt that only repeats it stays empty.
    expect($('[data-pin-id="1"] img').attr('alt')).toBe('');
    expect($('[data-pin-id="1"] a').text()).toContain('Lake');
    expect($('[data-pin-id="2"] img').attr('alt')).toBe('A red barn in snow');
    expect($('[data-pin-id="3"] img').attr('alt')).toBe('Pin without a title');
    expect($('[data-pin-id="4"] img').attr('alt')).toBe('Blurred (Maybe AI). Log cabin with smoke');
    expect($('[data-pin-id="4"] .blur-overlay').attr('aria-hidden')).toBe('true');
  });

  it('gives each card a span class from its picture shape, and caps columns for short lists', () => {
    const $ = page([shown(makePin({ id: '1', images: [] }))].concat(
      [2, 3, 4].map((n) => shown(makePin({ id: String(n) }))),
    ));
    expect($('.pin-grid').hasClass('n-4')).toBe(true);
    // 736x1104 picture with a title: 1.5 * 20 tracks + 4 for the title + 1 gap.
    expect($('[data-pin-id="2"]').hasClass('rs-35')).toBe(true);
    expect(page([shown(makePin({ id: '9' }))])('.pin-grid').hasClass('n-2')).toBe(true);
    const long = page(Array.from({ length: 30 }, (_, i) => shown(makePin({ id: String(100 + i) }))));
    expect(long('.pin-grid').hasClass('n-12')).toBe(true);
  });

  it('defines every span and count class in the stylesheet', () => {
    const css = readFileSync(new URL('../../static/style.css', import.meta.url), 'utf8');
    const { min, max } = spanClassRange();
    for (let n = min; n <= max; n++) expect(css, `.rs-${n}`).toContain(`.rs-${n}{grid-row-end:span ${n}}`);
    for (let n = 2; n < 12; n++) expect(css).toContain(`.n-${n}{--n:${n}}`);
    expect(css).not.toContain('.n-1{');
    expect(cardSpan(100, 10000, 'title')).toBe(max);
    expect(cardSpan(10000, 100, 'none')).toBeGreaterThanOrEqual(min);
  });

  it('has two columns on a 390 px phone and as many as fit on wide screens; sizes follow', () => {
    // 390 px viewport less 2 x 16 px padding.
    expect(columnsFor(358, 'medium')).toBe(2);
    expect(columnsFor(358, 'large')).toBe(2);
    expect(columnsFor(1334, 'medium')).toBe(5);
    expect(columnsFor(2528, 'medium')).toBe(10);
    expect(gridSizes('medium')).toBe('(max-width: 771px) calc(50vw - 24px), 315px');
    const $ = page([shown(makePin({ id: '1' }))]);
    expect($('[data-pin-id="1"] img').attr('sizes')).toBe(gridSizes('medium'));
  });
});

describe('pager', () => {
  it('says where the results end, and offers no end note mid-list or on an empty page', () => {
    const atEnd = page([shown(makePin({ id: '1' }))]);
    expect(atEnd('.pager__end').text()).toBe('End of results.');
    expect(atEnd('a[rel="next"]').length).toBe(0);
    const mid = load(renderSearchPage({ ctx: ctx(), query: 'q', result: result([shown(makePin({ id: '1' }))]), nextHref: '/search/pins/?q=q&bookmark=b', showHiddenHref: null }));
    expect(mid('.pager__end').length).toBe(0);
    expect(mid('a[rel="next"]').attr('href')).toBe('/search/pins/?q=q&bookmark=b');
    const empty = load(renderSearchPage({ ctx: ctx(), query: 'q', result: result([]), nextHref: null, showHiddenHref: null }));
    expect(empty('.pager').length).toBe(0);
  });
});
