// Hostile pin text from upstream, through the whole app (fake Pinterest serving poisoned copies of
// the project's fixtures): markup, attribute breakouts, javascript:/data: links, bidi and
// zero-width tricks and lone surrogates are rendered inert in HTML pages and RSS feeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { findAll, parseXml, textOf, type XmlElement } from '../views/helpers/xml-check.js';
import { pageProblems } from '../views/helpers/html-checks.js';
import { startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';
import { HOSTILE_LINKS, writeHostileFixtures } from './helpers/hostile-fixtures.js';

const ORIGIN = 'http://corkboard.test';
/** Bidi embeddings/overrides/isolates and marks: they must not leak out of the element holding them. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const SCRIPT_URL = /^[\s\u0000-\u001f]*(javascript|data|vbscript)\s*:/i;

/** Text nodes carrying bidi controls must sit inside an element that isolates them (dir=… or <bdi>). */
function unisolatedBidi($: cheerio.CheerioAPI): string[] {
  const out: string[] = [];
  $('body *').contents().each((_, node) => {
    if (node.type !== 'text' || !BIDI_CONTROLS.test(node.data)) return;
    let el = node.parent;
    let isolated = false;
    while (el && el.type === 'tag' && el.name !== 'body') {
      if (el.name === 'bdi' || el.attribs['dir'] !== undefined) isolated = true;
      el = el.parent;
    }
    if (!isolated) out.push(`<${(node.parent as { name?: string }).name}>: ${JSON.stringify(node.data.slice(0, 60))}`);
  });
  return out;
}

/** Problems of a page built from hostile text (on top of the views' own page invariants). */
function htmlProblems(html: string): string[] {
  const problems = pageProblems(html);
  const $ = cheerio.load(html);
  for (const el of $('*').toArray()) {
    if (el.type !== 'tag') continue;
    for (const [name, value] of Object.entries(el.attribs)) {
      if (SCRIPT_URL.test(value)) problems.push(`${name}="${value}" on <${el.name}>`);
      if (/evil\.example|pinimg\.com|pinterest\.com/i.test(value) && !(el.name === 'a' && name === 'href' && /^https:\/\/evil\.example\//.test(value))) {
        problems.push(`upstream or foreign URL in ${name} on <${el.name}>: ${value}`);
      }
    }
  }
  problems.push(...unisolatedBidi($).map((s) => `bidi control not isolated in ${s}`));
  // Lone surrogates reach the encoder as U+FFFD; controls must be gone.
  if (html.includes('\uFFFD')) problems.push('U+FFFD (a lone surrogate reached the encoder)');
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(html)) problems.push('control character in the page');
  return problems;
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

describe('hostile pin text through pages and feeds', () => {
  let inst: FaultyInstance;
  let fixtures: ReturnType<typeof writeHostileFixtures>;
  beforeAll(async () => {
    fixtures = writeHostileFixtures();
    inst = await startFaultyInstance({ fake: { fixturesDir: fixtures.dir } });
  });
  afterAll(async () => {
    await inst?.close();
    fixtures?.remove();
  });

  it('the search page shows every hostile pin, inert', async () => {
    const r = await inst.get('/search/pins/?q=forest+cabin&ai=off');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(htmlProblems(html)).toEqual([]);
    const $ = cheerio.load(html);
    // The hostile pins are there (not dropped wholesale), and their markup is shown as text.
    const shown = $('[data-pin-id]').map((_, el) => el.attribs['data-pin-id']).get();
    expect(shown.filter((id) => fixtures.hostilePinIds.includes(id)).length).toBeGreaterThanOrEqual(4);
    expect($('main').text()).toContain('<script>alert(1)</script>');
    // The bidi check above had something to check: the tricks reached the page, isolated.
    expect(BIDI_CONTROLS.test($('main').text())).toBe(true);
  });

  for (const id of ['9007199254740995', '9007199254740997', '9007199254740999']) {
    it(`the pin page of hostile pin ${id} is inert, its link dropped or safe`, async () => {
      const r = await inst.get(`/pin/${id}/?ai=off`);
      expect(r.status).toBe(200);
      const html = await r.text();
      expect(htmlProblems(html)).toEqual([]);
      const $ = cheerio.load(html);
      expect($(`[data-pin-id="${id}"]`).length).toBeGreaterThanOrEqual(1);
      // The poisoned copy was really served: its markup shows as text.
      expect($('main').text()).toContain('<script>alert(1)</script>');
      // Every outbound link left is a plain http(s) URL without credentials.
      for (const a of $('a[href^="http"]').toArray()) {
        const u = new URL(a.attribs['href']!);
        expect(u.username + u.password).toBe('');
      }
      expect(html).not.toContain('bank.example@');
    });
  }

  it('the search feed is well-formed XML with inert item HTML', async () => {
    const r = await inst.get('/search/pins/feed.rss?q=forest+cabin&ai=off');
    expect(r.status).toBe(200);
    const xml = await r.text();
    const root = parseXml(xml);
    const items = findAll(root, 'item');
    expect(items.length).toBeGreaterThanOrEqual(4);
    for (const item of items) {
      expect(textOf(child(item, 'link')!)).toMatch(new RegExp(`^${ORIGIN}/pin/\\d+/$`));
      const $ = cheerio.load(textOf(child(item, 'description')!));
      expect($('script, iframe, object, embed, svg, style').length).toBe(0);
      for (const el of $('*').toArray()) {
        if (el.type !== 'tag') continue;
        for (const [name, value] of Object.entries(el.attribs)) {
          expect(name).not.toMatch(/^on/i);
          expect(value).not.toMatch(SCRIPT_URL);
          if (name === 'src') expect(value.startsWith(`${ORIGIN}/img/`), value).toBe(true);
          if (name === 'href') expect(value.startsWith(`${ORIGIN}/`) || /^https?:\/\/[^@]+$/.test(value), value).toBe(true);
        }
      }
    }
    for (const link of HOSTILE_LINKS.filter((l) => !l.startsWith('https'))) expect(xml).not.toContain(link.trim());
  });

  it('the user feed (UserPinsResource) is well-formed too', async () => {
    const r = await inst.get('/corkboard_demo/feed.rss?ai=off');
    expect(r.status).toBe(200);
    const xml = await r.text();
    expect(findAll(parseXml(xml), 'item').length).toBeGreaterThan(0);
  });

  it('a hostile search query is echoed inert in the page and the feed', async () => {
    const q = `"><script>alert(1)</script>\u202Eevil`;
    const page = await inst.get(`/search/pins/?q=${encodeURIComponent(q)}&ai=off`);
    expect(page.status).toBe(200);
    expect(htmlProblems(await page.text())).toEqual([]);
    const feed = await inst.get(`/search/pins/feed.rss?q=${encodeURIComponent(q)}&ai=off`);
    expect(feed.status).toBe(200);
    const root = parseXml(await feed.text());
    expect(textOf(child(findAll(root, 'channel')[0]!, 'title')!)).toContain('<script>alert(1)</script>');
  });

  it('a hostile Host header does not reach feed links', async () => {
    const r = await inst.get('/search/pins/feed.rss?q=forest+cabin&ai=off', { host: 'evil.example"><script>alert(1)</script>' });
    expect(r.status).toBe(200);
    const xml = await r.text();
    parseXml(xml);
    expect(xml).not.toContain('evil.example"');
    expect(xml).not.toContain('<script>');
  });
});
