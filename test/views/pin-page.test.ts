// The pin page: images with srcset, video (MP4 or HLS), text, cleaned links, pinner and board,
// the AI box, related pins, and the hidden and blurred states with their "show anyway" link.
import { describe, expect, it } from 'vitest';
import type { PinVideo } from '../../src/domain/types.js';
import { renderPinPage, type PinPageProps } from '../../views/pages/pin.js';
import { hiddenOnMain, load, pageProblems, pinElements } from './helpers/html-checks.js';
import { ctx, imageSet, makePin, result, shown, verdict } from './helpers/samples.js';

function page(over: Partial<PinPageProps> = {}): string {
  return renderPinPage({
    ctx: ctx(), pin: makePin(), verdict: verdict('not-ai', 0.0314), display: { kind: 'shown', treatment: 'plain' },
    showAnywayHref: '/pin/1234567890123456789/?ai=off', related: null, ...over,
  });
}

const SIG = 'abcdef0123456789abcdef0123456789';
const video = (over: Partial<PinVideo> = {}): PinVideo => ({
  mp4: `/vid/videos/mc/720p/ab/cd/ef/${SIG}.mp4`, hls: `/vid/videos/iht/hls/ab/cd/ef/${SIG}.m3u8`,
  poster: imageSet(5), width: 720, height: 1280, durationMs: 9000, ...over,
});

describe('pin page, shown', () => {
  it('carries the contract attributes and renders the image with local variants', () => {
    const html = page();
    expect(pageProblems(html)).toEqual([]);
    expect(pinElements(html)).toEqual([{ id: '1234567890123456789', verdict: 'not-ai', score: '0.031', tag: 'article' }]);
    expect(hiddenOnMain(html)).toBe(0);
    const $ = load(html);
    const img = $('.pin-img');
    expect(img.attr('src')).toMatch(/^\/img\/736x\//);
    expect(img.attr('srcset')).toContain('1500w');
    expect(img.attr('width')).toBe('736');
    expect($('figcaption a').attr('href')).toMatch(/^\/img\/originals\//);
  });

  it('shows text with line breaks, the cleaned outbound link, pinner, board, counts and date', () => {
    const $ = load(page());
    expect($('h1').text()).toBe('A quiet lake at dawn');
    expect($('.pin-description').html()).toBe('Mist over the water.<br>Shot on film.');
    const out = $('.pin-link a');
    expect(out.attr('href')).toBe('https://example.com/lake?ref=1');
    expect(out.attr('rel')).toBe('noopener noreferrer nofollow external');
    expect(out.attr('referrerpolicy')).toBe('no-referrer');
    expect(out.text()).toBe('Visit example.com');
    expect($('.pin-pinner a').map((_, a) => $(a).attr('href')).get()).toEqual(['/alice/', '/alice/lakes/']);
    expect($('.pin-stats').text()).toContain('1,234 saves');
    expect($('time').attr('datetime')).toBe('2024-03-05T10:00:00.000Z');
  });

  it('renders every image of a carousel', () => {
    const $ = load(page({ pin: makePin({ images: [imageSet(1), imageSet(2), imageSet(3)] }) }));
    expect($('.pin-img').length).toBe(3);
    expect($('.pin-img').eq(2).attr('alt')).toBe('A lake with mist (3 of 3)');
  });

  it('plays MP4 video with a poster and no autoplay by default', () => {
    const html = page({ pin: makePin({ video: video(), images: [] }) });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    const v = $('video');
    expect(v.attr('controls')).toBeDefined();
    expect(v.attr('preload')).toBe('metadata');
    expect(v.attr('poster')).toMatch(/^\/img\//);
    expect(v.attr('autoplay')).toBeUndefined();
    expect($('video source').attr('type')).toBe('video/mp4');
    expect($('video source').attr('src')).toMatch(/\.mp4$/);
  });

  it('autoplays muted when the visitor asked for it', () => {
    const v = load(page({ ctx: ctx({ autoplay: true }), pin: makePin({ video: video(), images: [] }) }))('video');
    expect(v.attr('autoplay')).toBeDefined();
    expect(v.attr('muted')).toBeDefined();
  });

  it('falls back to HLS with its MIME type and says where it plays', () => {
    const $ = load(page({ pin: makePin({ video: video({ mp4: null }), images: [] }) }));
    expect($('video source').attr('type')).toBe('application/vnd.apple.mpegurl');
    expect($('figcaption').text()).toContain('Safari');
  });

  it('says what was checked and what it found, never "no sign of AI" beside a score', () => {
    const html = page({ aiThresholds: { low: { label: 0.8, hide: 0.9 }, medium: { label: 0.74, hide: 0.87 }, high: { label: 0.6, hide: 0.74 } } });
    const $ = load(html);
    expect($('.ai-reason').length).toBe(0); // not-ai: no verdict word, no badge
    expect($('.ai-badge').length).toBe(0);
    expect($('details.ai-box').attr('open')).toBeUndefined();
    expect($('details.ai-box summary').text()).toBe('How this was checked for AI');
    expect($('.ai-box__checks li').map((_, li) => $(li).text()).get()).toEqual([
      'Pinterest: no AI label.',
      'Text: no mention of AI tools.',
      'Model: 0.03, below the 0.74 needed to label it “Maybe AI” at medium sensitivity.',
    ]);
    expect(html).not.toMatch(/No sign of AI/i);
  });

  it('gives the reason in visible text and the numbers in the details, in plain words', () => {
    const v = { verdict: 'ai' as const, score: 0.91, signals: [
      { source: 'provenance' as const, detail: 'PNG tEXt "parameters" (AUTOMATIC1111)', decisive: true },
      { source: 'model' as const, detail: 'model 0.91', decisive: false },
    ], checks: { file: true, modelNote: null } };
    const $ = load(page({ verdict: v, display: { kind: 'shown', treatment: 'label' } }));
    expect($('.ai-reason').text()).toBe('AI The file says it was made with AUTOMATIC1111.');
    expect($('.ai-reason .ai-badge').text()).toBe('AI');
    const checks = $('.ai-box__checks').text();
    expect(checks).toContain('File: the file says it was made with AUTOMATIC1111.');
    expect(checks).toContain('Model: 0.91.'); // no thresholds passed: the number alone
    expect($.html()).not.toContain('tEXt');
  });

  it('names which image of a carousel carried which evidence', () => {
    const img = (n: number, p: number) => ({ verdict: 'not-ai' as const, score: p, signals: [{ source: 'model' as const, detail: `model ${p.toFixed(2)}`, decisive: false }], checks: { file: true, modelNote: null } });
    const third = { verdict: 'ai' as const, score: null, signals: [{ source: 'provenance' as const, detail: 'PNG tEXt "parameters" (AUTOMATIC1111)', decisive: true }], checks: { file: true, modelNote: 'provenance decisive' } };
    const v = { verdict: 'ai' as const, score: 0.2, signals: [...img(1, 0.1).signals, ...img(2, 0.2).signals, ...third.signals], images: [img(1, 0.1), img(2, 0.2), third] };
    const $ = load(page({
      pin: makePin({ images: [imageSet(1), imageSet(2), imageSet(3)] }), verdict: v, display: { kind: 'shown', treatment: 'label' },
      aiThresholds: { low: { label: 0.8, hide: 0.9 }, medium: { label: 0.5, hide: 0.8 }, high: { label: 0.3, hide: 0.6 } },
    }));
    expect($('.ai-reason__text').text()).toBe('Image 3 of 3: the file says it was made with AUTOMATIC1111.');
    expect($('.ai-box__heading').map((_, h) => $(h).text()).get()).toEqual(['Image 1 of 3', 'Image 2 of 3', 'Image 3 of 3']);
    const groups = $('.ai-box__group').map((_, g) => $(g).find('li').map((__, li) => $(li).text()).get().join(' ')).get();
    expect(groups[1]).toBe('File: no generator metadata. Model: 0.10, below the 0.50 needed to label it “Maybe AI” at medium sensitivity.');
    expect(groups[3]).toBe('File: the file says it was made with AUTOMATIC1111. Model: not needed, the file settles it.');
  });

  it('shows nothing about AI in mode off (the markup keeps the verdict)', () => {
    const html = page({ ctx: ctx({ ai: 'off' }), verdict: verdict('ai', 0.97), display: { kind: 'shown', treatment: 'plain' } });
    const $ = load(html);
    expect($('.ai-check, .ai-box, .ai-badge, .blur-overlay').length).toBe(0);
    expect(pinElements(html)[0]!.verdict).toBe('ai');
  });

  it('says the pin is shown despite the settings and links back on the show-hidden view', () => {
    const $ = load(page({ verdict: verdict('ai', 0.97), display: { kind: 'shown', treatment: 'label' }, hideAgainHref: '/pin/1234567890123456789/' }));
    const notice = $('.hidden-notice--revealed');
    expect(notice.text()).toContain('Shown although your settings hide it.');
    expect(notice.find('a').attr('href')).toBe('/pin/1234567890123456789/');
  });

  it('blurs the media and offers the show-anyway link', () => {
    const html = page({ verdict: verdict('ai', 0.9), display: { kind: 'shown', treatment: 'blur' } });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    expect($('.pin-img').hasClass('is-blurred')).toBe(true);
    expect($('.show-anyway').attr('href')).toBe('/pin/1234567890123456789/?ai=off');
    expect($('figcaption').length).toBe(0);
    // The model alone: "Maybe AI" on the blur, though the verdict is 'ai'.
    expect($('.blur-overlay').text()).toContain('Maybe AI: blurred by your settings.');
  });

  it('lists related pins with their own attributes and counts their hidden ones on <main>', () => {
    const html = page({
      related: result([shown(makePin({ id: '900' }), verdict('unsure', 0.5), 'label')], { ai: 4 }),
      relatedNextHref: '/pin/1234567890123456789/?related=xyz', relatedShowHiddenHref: '/pin/1234567890123456789/?ai=off',
    });
    expect(pageProblems(html)).toEqual([]);
    expect(pinElements(html).map((p) => p.id)).toEqual(['1234567890123456789', '900']);
    expect(hiddenOnMain(html)).toBe(4);
    const $ = load(html);
    expect($('.related h2').text()).toBe('More like this');
    expect($('.related a[rel="next"]').attr('href')).toBe('/pin/1234567890123456789/?related=xyz');
  });
});

describe('pin page, hidden by the visitor settings', () => {
  const html = page({
    pin: makePin({ video: video() }), verdict: verdict('ai', 0.97), display: { kind: 'hidden', reasons: ['ai'] },
    related: result([]),
  });

  it('keeps the pin element with its attributes but withholds every image and video', () => {
    expect(pageProblems(html)).toEqual([]);
    expect(pinElements(html)).toEqual([{ id: '1234567890123456789', verdict: 'ai', score: '0.970', tag: 'article' }]);
    const $ = load(html);
    expect($('[data-pin-id] img.pin-img, [data-pin-id] video, source').length).toBe(0);
    expect(html).not.toContain('/img/736x/');
    expect(html).not.toContain('.mp4');
  });

  it('offers a plain show-anyway link, says why, and counts the pin as hidden', () => {
    const $ = load(html);
    expect($('.pin-withheld a.show-anyway').attr('href')).toBe('/pin/1234567890123456789/?ai=off');
    expect($('.pin-withheld').text()).toContain('AI-generated');
    expect(hiddenOnMain(html)).toBe(1);
    expect($('.ai-reason').text()).toBe('AI The image model is confident it is AI-generated.');
  });
});
