// Hostile pin text and links through every page: markup stays inert (escaped, never parsed),
// script and data URLs are never rendered as links, nothing upstream-hosted leaks into the page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pin } from '../../src/domain/types.js';
import { renderBoardPage } from '../../views/pages/board.js';
import { renderErrorPage } from '../../views/pages/error.js';
import { renderInfoPage } from '../../views/pages/info.js';
import { renderPinPage } from '../../views/pages/pin.js';
import { renderPrivacyPage } from '../../views/pages/privacy.js';
import { renderSearchPage } from '../../views/pages/search.js';
import { renderSettingsPage } from '../../views/pages/settings.js';
import { renderUserPage } from '../../views/pages/user.js';
import { cleanText } from '../../views/safe.js';
import { load, pageProblems, pinElements } from './helpers/html-checks.js';
import { ctx, DEFAULT_PREFS, HOSTILE, HOSTILE_VISIBLE, makeBoard, makePin, makeSection, makeUser, result, shown, verdict } from './helpers/samples.js';

const SIG = 'abcdef0123456789abcdef0123456789';

/** Every string field hostile, every link a trap, every media path upstream or scripted. */
function hostilePin(): Pin {
  return makePin({
    id: '555',
    title: HOSTILE,
    description: `${HOSTILE}\n${HOSTILE}`,
    altText: HOSTILE,
    link: 'javascript:alert(1)',
    domain: HOSTILE,
    images: [{
      signature: SIG, dominantColor: HOSTILE,
      variants: [
        { size: '236x', path: 'javascript:alert(1)', width: 236, height: 300 },
        { size: '474x', path: `https://i.pinimg.com/474x/ab/cd/ef/${SIG}.jpg`, width: 474, height: 600 },
        { size: '736x', path: `//i.pinimg.com/736x/ab/cd/ef/${SIG}.jpg`, width: 736, height: 900 },
        { size: '564x', path: `/img/564x/ab/cd/ef/${SIG}.jpg" onerror="alert(1)`, width: 564, height: 700 },
      ],
    }],
    video: { mp4: `https://v1.pinimg.com/videos/mc/720p/ab/cd/ef/${SIG}.mp4`, hls: 'data:application/x-mpegurl,#', poster: null, width: 1, height: 1, durationMs: null },
    pinner: { username: HOSTILE, fullName: HOSTILE, avatar: 'https://i.pinimg.com/75x75_RS/ab/cd/ef/x.jpg' },
    board: { name: HOSTILE, path: 'javascript:alert(1)//' },
    createdAt: HOSTILE,
    hashtags: [HOSTILE],
  });
}

function pinPage(display: Parameters<typeof renderPinPage>[0]['display']) {
  return renderPinPage({ ctx: ctx({ badge: true }), pin: hostilePin(), verdict: { verdict: 'ai', score: 0.5, signals: [{ source: 'text', detail: HOSTILE, decisive: false }] }, display, showAnywayHref: '/pin/555/?ai=off', related: result([shown(hostilePin(), verdict('ai', 0.9), 'label')]) });
}

describe('hostile pin text', () => {
  const pages: Array<[string, string]> = [
    ['pin plain', pinPage({ kind: 'shown', treatment: 'plain' })],
    ['pin label', pinPage({ kind: 'shown', treatment: 'label' })],
    ['pin blur', pinPage({ kind: 'shown', treatment: 'blur' })],
    ['pin hidden', pinPage({ kind: 'hidden', reasons: ['ai', 'muted-word'] })],
    ['search', renderSearchPage({ ctx: ctx({ badge: true }), query: HOSTILE, result: result([shown(hostilePin(), verdict('unsure', 0.5), 'blur')], { ai: 1 }), nextHref: 'javascript:alert(1)', showHiddenHref: '//evil.example/', rssHref: 'data:text/xml,x' })],
    ['board', renderBoardPage({ ctx: ctx(), board: makeBoard({ name: HOSTILE, description: HOSTILE, path: '/alice/x/', owner: { username: HOSTILE, fullName: HOSTILE, avatar: HOSTILE } }), sections: [makeSection({ title: HOSTILE, slug: HOSTILE })], section: null, result: result([shown(hostilePin())]), nextHref: null, showHiddenHref: null })],
    ['user', renderUserPage({ ctx: ctx(), user: makeUser({ username: HOSTILE, fullName: HOSTILE, about: HOSTILE, website: 'javascript:alert(1)', avatar: HOSTILE }), tab: 'saved', boards: [makeBoard({ name: HOSTILE, path: 'javascript:x', cover: hostilePin().images[0]! })], nextHref: null, showHiddenHref: null })],
    ['settings', renderSettingsPage({ ctx: ctx(), prefs: { ...DEFAULT_PREFS, mute_words: [HOSTILE, '</textarea><script>x</script>'] }, restoreHref: '/settings/restore?x="><script>', feedUrlPattern: HOSTILE, forcedMinimumMode: null, saved: false })],
    ['info', renderInfoPage({ ctx: { ...ctx(), instanceName: HOSTILE, banner: HOSTILE }, version: HOSTILE, model: { name: HOSTILE, version: HOSTILE, sha256: HOSTILE, source: 'https://evil.example/' }, defaults: { [HOSTILE]: HOSTILE }, figures: { x: [HOSTILE] } })],
    ['privacy', renderPrivacyPage({ ctx: ctx(), disclosure: HOSTILE, logging: HOSTILE })],
    ['error', renderErrorPage({ ctx: ctx(), status: 502, title: HOSTILE, message: HOSTILE, retryHref: 'javascript:alert(1)' })],
  ];

  it.each(pages)('%s keeps every invariant (no script, no handler, no style, only local URLs)', (_, html) => {
    expect(pageProblems(html)).toEqual([]);
    // Upstream media hosts never appear at all; script URLs never in a URL attribute; text escaped.
    expect(html).not.toMatch(/pinimg|<script|<img src=x/i);
    expect(html).not.toMatch(/(href|src|action|poster|srcset)="\s*(javascript|data):/i);
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('shows hostile text as the same visible text, only with invalid characters removed', () => {
    const $ = load(pages[0]![1]);
    expect($('article[data-pin-id] h1').text()).toBe(HOSTILE_VISIBLE);
    expect($('.pin-description').text()).toBe(HOSTILE_VISIBLE + HOSTILE_VISIBLE);
    expect($('title').text()).toBe(`${HOSTILE_VISIBLE} · Corkboard`);
  });

  it('renders no outbound link for a javascript: link and no media from rejected paths', () => {
    const $ = load(pages[0]![1]);
    expect($('.pin-link').length).toBe(0);
    expect($('article[data-pin-id="555"] .pin-img').length).toBe(0);
    expect($('video').length).toBe(0);
    expect($('.pin-pinner img').attr('src')).toBe('/static/default-avatar.png');
    // The javascript: board path is shown as text, not linked.
    expect($('.pin-pinner a').length).toBe(1);
  });

  it('encodes a hostile username into a path that stays on the instance', () => {
    const $ = load(pages[0]![1]);
    const href = $('.pin-pinner a').attr('href')!;
    expect(href.startsWith('/')).toBe(true);
    expect(href.slice(1, -1)).toBe(encodeURIComponent(HOSTILE_VISIBLE));
  });

  it('keeps the pin ID attribute exact and the hidden pin element present', () => {
    expect(pinElements(pages[3]![1])[0]).toEqual({ id: '555', verdict: 'ai', score: '0.500', tag: 'article' });
  });
});

describe('random pin text (property)', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.constantFrom('<', '>', '&', '"', "'", ']]>', '<script>', '\u0000', '\uD800', '\u202E', 'javascript:', '\n', '&amp;', '</h1>', '{', '}'), { maxLength: 12 }).map((a) => a.join('')),
  );

  it('renders any title/description/query inert and faithfully', () => {
    fc.assert(
      fc.property(text, text, text, (title, description, query) => {
        const pin = makePin({ id: '7', title, description, altText: title });
        const html = renderSearchPage({ ctx: ctx({ badge: true }), query, result: result([shown(pin, verdict('ai', 0.5), 'label')]), nextHref: null, showHiddenHref: null });
        expect(pageProblems(html)).toEqual([]);
        const $ = load(html);
        const norm = (s: string) => cleanText(s).replace(/\r\n?/g, '\n');
        const shownTitle = $('.pin-card__title').text();
        if (norm(title)) expect(shownTitle).toBe(norm(title));
        expect($('#header-q').attr('value')).toBe(norm(query));
        const page = renderPinPage({ ctx: ctx(), pin, verdict: verdict('ai', 0.5), display: { kind: 'shown', treatment: 'label' }, showAnywayHref: '/pin/7/?ai=off', related: null });
        expect(pageProblems(page)).toEqual([]);
        expect(load(page)('.pin-description').text()).toBe(norm(description).replace(/\n/g, ''));
      }),
      { numRuns: 150 },
    );
  });
});
