// Search, board, section and user pages: contract markup on every pin, data-ai-hidden on <main>,
// treatments, the hidden-pins notice, empty states, rel="next", and the page-wide invariants.
import { describe, expect, it } from 'vitest';
import { renderBoardPage } from '../../views/pages/board.js';
import { renderSearchPage } from '../../views/pages/search.js';
import { renderUserPage } from '../../views/pages/user.js';
import { hiddenOnMain, load, pageProblems, pinElements } from './helpers/html-checks.js';
import { ctx, makeBoard, makePin, makeSection, makeUser, result, shown, verdict } from './helpers/samples.js';

const pins = [
  shown(makePin({ id: '100' }), verdict('not-ai', 0.0214)),
  shown(makePin({ id: '101' }), verdict('unsure', 0.6), 'label'),
  shown(makePin({ id: '102' }), verdict('ai', 0.97), 'blur'),
  shown(makePin({ id: '103' }), verdict('unscored', null)),
];

function search(over: Partial<Parameters<typeof renderSearchPage>[0]> = {}) {
  return renderSearchPage({
    ctx: ctx(), query: 'lakes', result: result(pins, { ai: 12, 'muted-word': 1, 'muted-pinner': 1 }),
    nextHref: '/search/pins/?q=lakes&page=abc', showHiddenHref: '/search/pins/?q=lakes&ai=off', rssHref: '/search/pins/feed.rss?q=lakes', ...over,
  });
}

describe('search page', () => {
  it('marks every shown pin with the contract attributes, score only where scored', () => {
    const html = search();
    expect(pinElements(html)).toEqual([
      { id: '100', verdict: 'not-ai', score: '0.021', tag: 'article' },
      { id: '101', verdict: 'unsure', score: '0.600', tag: 'article' },
      { id: '102', verdict: 'ai', score: '0.970', tag: 'article' },
      { id: '103', verdict: 'unscored', score: undefined, tag: 'article' },
    ]);
    expect(pageProblems(html)).toEqual([]);
  });

  it('puts the hidden count on <main> and says why, with the show link', () => {
    const html = search();
    expect(hiddenOnMain(html)).toBe(14);
    const $ = load(html);
    const notice = $('.hidden-notice');
    expect(notice.text()).toContain('12 AI images');
    expect(notice.text()).toContain('2 muted');
    expect(notice.find('a').attr('href')).toBe('/search/pins/?q=lakes&ai=off');
  });

  it('links to the next page with rel="next" and offers the feed', () => {
    const $ = load(search());
    expect($('a[rel="next"]').attr('href')).toBe('/search/pins/?q=lakes&page=abc');
    expect($('link[rel="alternate"][type="application/rss+xml"]').attr('href')).toBe('/search/pins/feed.rss?q=lakes');
    expect($('#header-q').attr('value')).toBe('lakes');
  });

  it('has no next link at the end', () => {
    const $ = load(search({ nextHref: null }));
    expect($('a[rel="next"]').length).toBe(0);
  });

  it('applies treatments: blur class and overlay, label badge, plain without badge', () => {
    const $ = load(search());
    const blurred = $('[data-pin-id="102"]');
    expect(blurred.find('img.is-blurred').length).toBe(1);
    // The overlay sits beside the blurred image, not inside it, so its text stays readable.
    expect(blurred.find('.is-blurred .blur-overlay').length).toBe(0);
    expect(blurred.find('.blur-overlay').closest('a').attr('href')).toBe('/pin/102/');
    expect($('[data-pin-id="101"] .ai-badge').text()).toBe('Maybe AI');
    expect($('[data-pin-id="100"] .ai-badge').length).toBe(0);
    expect($('[data-pin-id="100"] .is-blurred').length).toBe(0);
  });

  it('badges only "AI" and "Maybe AI", never a bare number; the score only when prefs.badge is on', () => {
    const off = load(search());
    expect(off('.ai-badge__score').length).toBe(0);
    expect(off('.ai-badge').map((_, e) => off(e).text()).get()).toEqual(['Maybe AI', 'Maybe AI']);
    // A blurred pin is "AI" only on decisive evidence; the model alone makes it "Maybe AI".
    expect(off('[data-pin-id="102"] .blur-overlay').text()).toContain('Maybe AI');
    const on = load(search({ ctx: ctx({ badge: true }) }));
    expect(on('[data-pin-id="100"] .ai-badge').length).toBe(0);
    expect(on('[data-pin-id="101"] .ai-badge').text()).toBe('Maybe AI · model 0.60');
    expect(on('[data-pin-id="103"] .ai-badge').length).toBe(0);
  });

  it('blur says "AI" when the evidence is decisive', () => {
    const decisive = { ...verdict('ai', null), signals: [{ source: 'provenance' as const, detail: 'PNG tEXt "parameters" (AUTOMATIC1111)', decisive: true }] };
    const $ = load(search({ result: result([shown(makePin({ id: '104' }), decisive, 'blur')]) }));
    expect($('[data-pin-id="104"] .blur-overlay').text()).toMatch(/^AI\b/);
    expect($('[data-pin-id="104"] .ai-badge').text()).toBe('AI');
    expect($('[data-pin-id="104"] .ai-badge').attr('title')).toBe('The file says it was made with AUTOMATIC1111');
  });

  it('the show-hidden view says hidden pins are shown and links back', () => {
    const $ = load(search({ result: { ...result(pins, { ai: 2, promoted: 1 }), hiddenCount: 0 }, showHiddenHref: null, hideAgainHref: '/search/pins/?q=lakes' }));
    const notice = $('.hidden-notice--revealed');
    expect(notice.text()).toContain('Showing what your settings hide: 2 AI images.');
    expect(notice.find('a').attr('href')).toBe('/search/pins/?q=lakes');
    expect(notice.find('a').text()).toBe('Hide them again');
  });

  it('reserves image space with width/height and serves local srcset variants up to 736px', () => {
    const img = load(search())('[data-pin-id="100"] img');
    expect(img.attr('width')).toBe('236');
    expect(img.attr('height')).toBe('354');
    expect(img.attr('src')).toMatch(/^\/img\/236x\//);
    expect(img.attr('srcset')).toMatch(/236w, .* 474w, .* 736w$/);
    expect(img.attr('alt')).toBe('A lake with mist');
  });

  it('tells an empty search from a page whose pins were all hidden', () => {
    const empty = renderSearchPage({ ctx: ctx(), query: 'zzz', result: result([]), nextHref: null, showHiddenHref: null });
    expect(hiddenOnMain(empty)).toBe(0);
    expect(load(empty)('.empty').text()).toBe('No pins found.');
    expect(pinElements(empty)).toEqual([]);
    expect(pageProblems(empty)).toEqual([]);
    const allHidden = renderSearchPage({ ctx: ctx(), query: 'zzz', result: result([], { ai: 3 }), nextHref: null, showHiddenHref: '/x?ai=off' });
    expect(hiddenOnMain(allHidden)).toBe(3);
    expect(load(allHidden)('.empty').text()).toContain('All 3 pins');
  });

  it('sets the theme and grid size from prefs', () => {
    const $ = load(search({ ctx: ctx({ theme: 'dark', size: 'large' }) }));
    expect($('html').attr('data-theme')).toBe('dark');
    expect($('body').hasClass('size-large')).toBe(true);
  });
});

describe('board and section pages', () => {
  it('renders the board with sections as local links and the pins grid', () => {
    const sections = [makeSection(), makeSection({ id: 's2', slug: 'sum mer"x', title: 'Summer' })];
    const html = renderBoardPage({
      ctx: ctx(), board: makeBoard(), sections, section: null, result: result(pins.slice(0, 2), { promoted: 1 }),
      nextHref: '/alice/lakes/?page=2', showHiddenHref: null, rssHref: '/alice/lakes.rss',
    });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    expect($('h1').text()).toBe('Lakes');
    expect($('.sections a').map((_, a) => $(a).attr('href')).get()).toEqual(['/alice/lakes/winter/', '/alice/lakes/sum%20mer%22x/']);
    expect(hiddenOnMain(html)).toBe(1);
    expect(pinElements(html).map((p) => p.id)).toEqual(['100', '101']);
    expect($('a[rel="next"]').attr('href')).toBe('/alice/lakes/?page=2');
  });

  it('renders a section with a crumb back to its board', () => {
    const section = makeSection();
    const html = renderBoardPage({ ctx: ctx(), board: makeBoard(), sections: [section], section, result: result([]), nextHref: null, showHiddenHref: null });
    const $ = load(html);
    expect($('h1').text()).toBe('Winter');
    expect($('.crumbs a').attr('href')).toBe('/alice/lakes/');
    expect($('.sections a[aria-current="page"]').text()).toBe('Winter');
    expect(pageProblems(html)).toEqual([]);
  });

  it('never links a board path that is not local', () => {
    const html = renderBoardPage({ ctx: ctx(), board: makeBoard({ path: '//evil.example/x/' }), sections: [makeSection()], section: null, result: result([]), nextHref: null, showHiddenHref: null });
    expect(pageProblems(html)).toEqual([]);
    expect(html).not.toContain('evil.example');
  });
});

describe('user page', () => {
  it('shows boards with covers on the saved tab, and the tabs', () => {
    const html = renderUserPage({ ctx: ctx(), user: makeUser(), tab: 'saved', boards: [makeBoard(), makeBoard({ id: '78', cover: null, name: 'Empty' })], nextHref: null, showHiddenHref: null, rssHref: '/alice/feed.rss' });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    expect($('.board-card').length).toBe(2);
    expect($('.board-card img').attr('src')).toMatch(/^\/img\/236x\//);
    expect($('.tabs a').map((_, a) => $(a).attr('href')).get()).toEqual(['/alice/_saved/', '/alice/_created/', '/alice/pins/']);
    expect($('.tabs a[aria-current="page"]').text()).toBe('Boards');
    expect(hiddenOnMain(html)).toBe(0);
    expect($('.profile__website a').attr('href')).toBe('https://alice.example/');
  });

  it('shows pins on the created tab with the hidden count', () => {
    const html = renderUserPage({ ctx: ctx(), user: makeUser(), tab: 'created', result: result(pins, { ai: 2 }), nextHref: '/alice/_created/?page=x', showHiddenHref: null });
    expect(pageProblems(html)).toEqual([]);
    expect(pinElements(html)).toHaveLength(4);
    expect(hiddenOnMain(html)).toBe(2);
    expect(load(html)('a[rel="next"]').length).toBe(1);
  });

  it('renders a user with no pins, no website and an upstream avatar that must not leak', () => {
    const html = renderUserPage({
      ctx: ctx(), user: makeUser({ website: 'javascript:alert(1)', avatar: 'https://i.pinimg.com/75x75_RS/aa/bb/cc/x.jpg', about: '' }),
      tab: 'pins', result: null, nextHref: null, showHiddenHref: null,
    });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    expect($('.profile img').attr('src')).toBe('/static/default-avatar.png');
    expect($('.profile__website').length).toBe(0);
    expect(pinElements(html)).toEqual([]);
  });
});
