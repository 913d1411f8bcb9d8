// Properties the existing view and link tests leave open: the feed writer (feedItemFromPin +
// renderRss) stays well-formed and inert when EVERY pin field and channel field is arbitrary (not
// just title and description, see test/views/rss.test.ts), and the outbound-link cleaner never
// lets a tracking parameter through, keeps the others, and is idempotent.
import fc from 'fast-check';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { AiVerdict, ImageSet, Pin } from '../../src/domain/types.js';
import type { Treatment } from '../../src/policy/types.js';
import { cleanOutboundLink } from '../../src/links/clean-link.js';
import { feedItemFromPin } from '../../views/feeds/feed-item.js';
import { renderRss } from '../../views/feeds/rss.js';
import { findAll, parseXml, textOf, type XmlElement } from '../views/helpers/xml-check.js';

// ---- the feed writer ----

const HOSTILE_BITS = ['<', '>', '&', '"', "'", ']]>', '<script>', '</description>', '\u0000', '\uD800', '\uDFFF', '\uFFFE', '\u202E', '\u200B', 'javascript:', 'data:', '\r\n', '&amp;', '&#0;', '//', '\\', '@', '.evil.example', ':8080'];
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom(...HOSTILE_BITS), { maxLength: 8 }).map((a) => a.join('')),
);
/** Paths a broken parser might hand over: valid media paths, and anything at all. */
const mediaPath = fc.oneof(
  fc.constantFrom('/img/236x/ab/cd/ef/abcdef0123456789abcdef0123456789.jpg', '/img/736x/ab/cd/ef/abcdef0123456789abcdef0123456789.png', '/vid/videos/iht/hls/ab/cd/ef/abcdef0123456789abcdef0123456789.m3u8'),
  text,
  text.map((t) => `/img/${t}`),
);
const imageSet: fc.Arbitrary<ImageSet> = fc.record({
  signature: fc.option(text, { nil: null }),
  dominantColor: fc.option(text, { nil: null }),
  variants: fc.array(fc.record({ size: text, path: mediaPath, width: fc.option(fc.integer(), { nil: null }), height: fc.option(fc.integer(), { nil: null }) }), { maxLength: 3 }),
});
const pin: fc.Arbitrary<Pin> = fc.record({
  id: fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String), text),
  title: text,
  description: text,
  altText: text,
  images: fc.array(imageSet, { maxLength: 2 }),
  video: fc.option(fc.record({ mp4: fc.option(mediaPath, { nil: null }), hls: fc.option(mediaPath, { nil: null }), poster: fc.option(imageSet, { nil: null }), width: fc.constant(null), height: fc.constant(null), durationMs: fc.constant(null) }), { nil: null }),
  link: fc.option(fc.oneof(text, fc.webUrl({ withQueryParameters: true, withFragments: true })), { nil: null }),
  domain: fc.option(text, { nil: null }),
  createdAt: fc.option(fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), { nil: null }),
  pinner: fc.option(fc.record({ username: text, fullName: text, avatar: mediaPath }), { nil: null }),
  board: fc.option(fc.record({ name: text, path: text }), { nil: null }),
  saves: fc.constant(null),
  commentCount: fc.constant(null),
  isPromoted: fc.boolean(),
  digitalMediaSourceType: fc.constant(null),
  genAiTopics: fc.constant(null),
  hashtags: fc.array(text, { maxLength: 2 }),
});
const verdict: fc.Arbitrary<AiVerdict> = fc.record({
  verdict: fc.constantFrom<AiVerdict['verdict']>('ai', 'not-ai', 'unsure', 'unscored'),
  score: fc.option(fc.double({ noNaN: false }), { nil: null }),
  signals: fc.array(fc.record({ source: fc.constantFrom('model', 'pinterest-label', 'provenance', 'text'), detail: text, decisive: fc.boolean() }) as fc.Arbitrary<AiVerdict['signals'][number]>, { maxLength: 2 }),
});
const treatment = fc.constantFrom<Treatment>('plain', 'label', 'blur');
const base = fc.constantFrom('https://cork.example', 'https://cork.example/', 'http://127.0.0.1:8080', 'http://[::1]:8080');

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** Everything wrong with one item's description HTML, given the instance origin. */
function descriptionProblems(html: string, origin: string): string[] {
  const problems: string[] = [];
  const $ = cheerio.load(html);
  if ($('script, iframe, object, embed, svg, style, form, base, meta, link').length) problems.push('active element');
  for (const el of $('*').toArray()) {
    if (el.type !== 'tag') continue;
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name) || name === 'style' || name === 'srcset') problems.push(`attribute ${name}`);
      // Same-origin media only (views/safe.ts safeMediaPath: /img/, /vid/, /static/).
      if (name === 'src' && !['/img/', '/vid/', '/static/'].some((p) => value.startsWith(`${origin}${p}`))) problems.push(`src ${value}`);
      if (name === 'href') {
        const onInstance = value.startsWith(`${origin}/`);
        let external = false;
        try {
          const u = new URL(value);
          external = (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !/pinimg\.com|pinterest\./i.test(u.hostname);
        } catch {
          external = false;
        }
        if (!onInstance && !external) problems.push(`href ${value}`);
      }
    }
  }
  return problems;
}

describe('feed writer with every field arbitrary (property)', () => {
  it('is well-formed XML; links, guids, enclosures stay on the instance; item HTML is inert', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pin, verdict, treatment), { minLength: 1, maxLength: 3 }), base, text, text, (items, b, title, description) => {
        const origin = b.replace(/\/+$/, '');
        const xml = renderRss({
          title,
          description,
          link: `${origin}/search/pins/?q=${encodeURIComponent(title.replace(/[\uD800-\uDFFF]/g, ''))}`,
          selfLink: `${origin}/search/pins/feed.rss`,
          ttl: 15,
          items: items.map(([p, v, t]) => feedItemFromPin(p, v, b, t)),
        });
        const root = parseXml(xml);
        const xmlItems = findAll(root, 'item');
        expect(xmlItems.length).toBe(items.length);
        for (const item of xmlItems) {
          expect(textOf(child(item, 'link')!).startsWith(`${origin}/pin/`)).toBe(true);
          expect(textOf(child(item, 'title')!).length).toBeGreaterThan(0);
          const enclosure = child(item, 'enclosure');
          if (enclosure) expect(/^\/(img|vid|static)\//.test(enclosure.attrs['url']!.slice(origin.length)) && enclosure.attrs['url']!.startsWith(origin), enclosure.attrs['url']).toBe(true);
          expect(descriptionProblems(textOf(child(item, 'description')!), origin)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---- the tracking-parameter stripper ----

/** Names the cleaner promises to strip (src/links/clean-link.ts), as real campaigns write them. */
const TRACKING = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id', 'utm_', 'UTM_Source', 'Utm_Medium', 'fbclid', 'FBCLID', 'gclid', 'GClid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'igshid', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok', 'epik', '_ga', '_gl', 'invite_code', 'sender', 'sfo'];
const isTracking = (name: string) => name.toLowerCase().startsWith('utm_') || TRACKING.some((t) => t.toLowerCase() === name.toLowerCase());
const KEEP = ['id', 'page', 'q', 'ref', 'color', 'size', 'lang', 'utm', 'fbclid_x', 'xgclid', 's', 'v'];

/** A tracking name as it may appear in a query: plain, or with characters percent-encoded. */
const encodedName = (name: string) =>
  fc.constantFrom(name, name.replace('_', '%5F'), name.replace(/c/i, (c) => `%${c.charCodeAt(0).toString(16)}`), encodeURIComponent(name));
const param = fc.oneof(
  fc.tuple(fc.constantFrom(...TRACKING).chain(encodedName), fc.string({ maxLength: 8 }).map(encodeURIComponent)),
  fc.tuple(fc.constantFrom(...KEEP), fc.string({ maxLength: 8 }).map(encodeURIComponent)),
);
const host = fc.constantFrom('shop.example', 'blog.example.org', 'xn--bcher-kva.example', 'sub.site.example', '127.0.0.1', 'example.com:8443');
const linkUrl = fc
  .tuple(fc.constantFrom('https://', 'http://', 'HTTPS://'), host, fc.constantFrom('/', '/item', '/a/b.html', '/p%20q/'), fc.array(param, { maxLength: 8 }), fc.option(fc.constantFrom('#top', '#utm_source=x', '#a?fbclid=1'), { nil: '' }))
  .map(([scheme, h, p, params, frag]) => ({ url: `${scheme}${h}${p}${params.length ? `?${params.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}${frag}`, params }));
const wrapped = linkUrl.chain((l) =>
  fc.constantFrom(
    { ...l, url: `https://www.pinterest.com/offsite/?token=1-2&url=${encodeURIComponent(l.url)}&pin=1&client_tracking_params=x` },
    { ...l, url: `https://www.google.com/url?q=${encodeURIComponent(l.url)}&sa=D&usg=x` },
    { ...l, url: `https://l.facebook.com/l.php?u=${encodeURIComponent(l.url)}&h=AT0` },
    l,
  ),
);

describe('tracking-parameter stripper (property)', () => {
  it('output is null or an http(s) URL with no tracking parameter, other parameters kept in order, idempotent', () => {
    fc.assert(
      fc.property(wrapped, ({ url, params }) => {
        const out = cleanOutboundLink(url);
        if (out === null) return;
        expect(out).toMatch(/^https?:\/\//);
        const u = new URL(out);
        const names = [...u.searchParams.keys()];
        expect(names.filter(isTracking)).toEqual([]);
        // Every ordinary parameter of the target survives, in its order.
        const kept = params.map(([k]) => decodeURIComponent(k)).filter((k) => !isTracking(k));
        expect(names).toEqual(kept);
        expect(cleanOutboundLink(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary strings: null, an http(s) URL without tracking parameters, or a local path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webUrl().map((u) => `${u}?utm_source=a&fbclid=b&gclid=c&x=1`)), (s) => {
        const out = cleanOutboundLink(s);
        if (out === null || out.startsWith('/')) return;
        expect(out).toMatch(/^https?:\/\//);
        expect([...new URL(out).searchParams.keys()].filter(isTracking)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
