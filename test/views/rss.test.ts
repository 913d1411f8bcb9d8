// The RSS writer and feed items: well-formed RSS 2.0 under hostile text, contract guid and link,
// absolute instance-only URLs, the image through the proxy, enclosure, dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedItemFromPin, imageTypeOf } from '../../views/feeds/feed-item.js';
import { renderOpenSearch } from '../../views/feeds/opensearch.js';
import { renderRss, type RssChannel } from '../../views/feeds/rss.js';
import { cleanText } from '../../views/safe.js';
import { load } from './helpers/html-checks.js';
import { HOSTILE, HOSTILE_VISIBLE, imageSet, makePin, verdict } from './helpers/samples.js';
import { findAll, parseXml, textOf, type XmlElement } from './helpers/xml-check.js';

const BASE = 'https://corkboard.example';

function channel(items: RssChannel['items'], title = 'Pins of alice'): RssChannel {
  return { title, link: `${BASE}/alice/`, selfLink: `${BASE}/alice/feed.rss?ai=hide`, description: 'Pins saved by alice', items };
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

describe('renderRss', () => {
  it('writes RSS 2.0 with atom:link rel=self and one item per pin', () => {
    const pin = makePin({ id: '1234567890123456789' });
    const xml = renderRss(channel([feedItemFromPin(pin, verdict('not-ai', 0.01), BASE)]));
    const root = parseXml(xml);
    expect(root.name).toBe('rss');
    expect(root.attrs.version).toBe('2.0');
    const ch = child(root, 'channel')!;
    const self = child(ch, 'atom:link')!;
    expect(self.attrs).toEqual({ href: `${BASE}/alice/feed.rss?ai=hide`, rel: 'self', type: 'application/rss+xml' });
    const items = findAll(root, 'item');
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(child(item, 'guid')!.attrs.isPermaLink).toBe('false');
    expect(textOf(child(item, 'guid')!)).toBe('1234567890123456789');
    expect(textOf(child(item, 'link')!)).toBe(`${BASE}/pin/1234567890123456789/`);
    expect(textOf(child(item, 'title')!)).toBe('A quiet lake at dawn');
    expect(textOf(child(item, 'dc:creator')!)).toBe('Alice A.');
    expect(textOf(child(item, 'pubDate')!)).toBe('Tue, 05 Mar 2024 10:00:00 GMT');
    const enc = child(item, 'enclosure')!;
    expect(enc.attrs.url).toMatch(new RegExp(`^${BASE}/img/736x/`));
    expect(enc.attrs.type).toBe('image/jpeg');
    expect(enc.attrs.length).toBe('0');
  });

  it('puts the proxied image, text and cleaned link in the description HTML', () => {
    const item = feedItemFromPin(makePin(), verdict('not-ai', 0.01), `${BASE}/`);
    const $ = load(item.description);
    expect($('img').attr('src')).toMatch(new RegExp(`^${BASE}/img/736x/`));
    expect($('img').attr('alt')).toBe('A lake with mist');
    expect($('a').first().attr('href')).toBe(`${BASE}/pin/1234567890123456789/`);
    expect($('a[rel~="nofollow"]').attr('href')).toBe('https://example.com/lake?ref=1');
    expect(item.description).toContain('Mist over the water.<br>Shot on film.');
  });

  it('keeps every URL in the feed on the instance, except the pin’s own outbound link', () => {
    const pin = makePin({ link: 'https://www.pinterest.com/pin/99/' });
    const item = feedItemFromPin(pin, verdict('ai', 0.8), BASE, 'label');
    const $ = load(item.description);
    const urls = $('[href], [src]').map((_, el) => el.attribs.href ?? el.attribs.src).get();
    expect(urls.every((u) => u.startsWith(`${BASE}/`))).toBe(true);
    expect(urls).toContain(`${BASE}/pin/99/`);
    // The verdict in words, without the model's number.
    expect($.text()).toContain('AI: The image model is confident it is AI-generated.');
    expect($.text()).not.toMatch(/0\.8/);
  });

  it('withholds the image of a blurred pin (feeds cannot blur)', () => {
    const item = feedItemFromPin(makePin(), verdict('ai', 0.9), BASE, 'blur');
    expect(item.enclosure).toBeNull();
    expect(item.description).not.toContain('/img/');
    expect(item.description).toContain('Image withheld');
  });

  it('survives hostile text: well-formed, and the text reads back minus invalid characters', () => {
    const pin = makePin({
      id: '42', title: HOSTILE, description: HOSTILE, altText: HOSTILE, link: 'javascript:alert(1)',
      pinner: { username: HOSTILE, fullName: HOSTILE, avatar: '/static/default-avatar.png' }, createdAt: HOSTILE,
    });
    const xml = renderRss(channel([feedItemFromPin(pin, verdict('ai', 0.9), BASE, 'label')], HOSTILE));
    const root = parseXml(xml);
    const item = findAll(root, 'item')[0]!;
    expect(textOf(child(item, 'title')!)).toBe(HOSTILE_VISIBLE.trim());
    expect(textOf(child(item, 'dc:creator')!)).toBe(HOSTILE_VISIBLE);
    expect(child(item, 'pubDate')).toBeUndefined();
    expect(textOf(child(child(root, 'channel')!, 'title')!)).toBe(HOSTILE_VISIBLE);
    // The description is HTML; decoded once from XML it must still hold no live markup or script link.
    const html = textOf(child(item, 'description')!);
    const $ = load(html);
    expect($('script').length).toBe(0);
    expect($('[onerror]').length).toBe(0);
    expect($('a').map((_, a) => a.attribs.href).get().every((h) => h.startsWith(`${BASE}/`))).toBe(true);
    expect($('p').eq(1).text()).toBe(HOSTILE_VISIBLE);
  });

  it('stays well-formed for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), (title, description) => {
        const pin = makePin({ id: '9', title, description, altText: description });
        const xml = renderRss(channel([feedItemFromPin(pin, verdict('unsure', 0.5), BASE, 'label')], title));
        const root = parseXml(xml);
        const item = findAll(root, 'item')[0]!;
        expect(textOf(child(item, 'guid')!)).toBe('9');
        const t = textOf(child(item, 'title')!);
        expect(t.length).toBeGreaterThan(0);
        expect(cleanText(t)).toBe(t);
      }),
      { numRuns: 200 },
    );
  });

  it('falls back to a title from the description or the ID, and trims long ones', () => {
    expect(feedItemFromPin(makePin({ title: '', description: '\n\nSecond line\nthird' }), verdict('unscored'), BASE).title).toBe('Second line');
    expect(feedItemFromPin(makePin({ id: '5', title: '', description: '', altText: '' }), verdict('unscored'), BASE).title).toBe('Pin 5');
    const long = feedItemFromPin(makePin({ title: 'x'.repeat(500) }), verdict('unscored'), BASE).title;
    expect(long.length).toBe(140);
    expect(long.endsWith('…')).toBe(true);
  });

  it('writes an empty channel and a valid enclosure type per extension', () => {
    const root = parseXml(renderRss(channel([])));
    expect(findAll(root, 'item')).toHaveLength(0);
    expect(imageTypeOf('/img/736x/a.png')).toBe('image/png');
    expect(imageTypeOf('/img/736x/a.WEBP')).toBe('image/webp');
    expect(imageTypeOf('/img/736x/a.svg')).toBeNull();
    const png = imageSet(3);
    for (const v of png.variants) v.path = v.path.replace(/\.jpg$/, '.png');
    expect(feedItemFromPin(makePin({ images: [png] }), verdict('not-ai', 0), BASE).enclosure?.type).toBe('image/png');
  });
});

describe('renderOpenSearch', () => {
  it('is well-formed and points at this instance only', () => {
    const root = parseXml(renderOpenSearch(`${BASE}/`, 'Cork & <Board>'));
    const urls = findAll(root, 'Url').map((u) => u.attrs.template);
    expect(urls).toEqual([`${BASE}/search/pins/?q={searchTerms}`, `${BASE}/search/pins/feed.rss?q={searchTerms}`]);
    expect(textOf(findAll(root, 'ShortName')[0]!)).toBe('Cork & <Board>');
  });
});
