// Address forms people paste (/ideas/, /search/, /search/boards/, /today/) and settings given in
// the query riding along on the page's links, forms, pagination and redirects until saved.
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { carrySettingsInHtml, withSettings } from '../../src/web/carry-settings.js';
import { instanceForFile } from '../helpers/test-instance.js';

const inst = instanceForFile({ model: null });

describe('address forms without a page of their own', () => {
  it('redirects /search/, /search/boards|users|videos/ and /ideas/... to the nearest page', async () => {
    const cases: Array<[string, string]> = [
      ['/search/?q=tea', '/search/pins/?q=tea'],
      ['/search?q=tea', '/search/pins/?q=tea'],
      ['/search/boards/?q=log%20cabin', '/search/pins/?q=log+cabin'],
      ['/search/users/?q=anna', '/search/pins/?q=anna'],
      ['/search/videos/?q=rain', '/search/pins/?q=rain'],
      ['/search/boards/', '/'],
      ['/ideas/', '/'],
      ['/ideas/log-cabins/911285327470/', '/search/pins/?q=log+cabins'],
      ['/ideas/%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9-%D0%BF%D1%83%D1%82%D1%8C/941662652795/', '/search/pins/?q=%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9+%D0%BF%D1%83%D1%82%D1%8C'],
    ];
    for (const [from, to] of cases) {
      const res = await inst.get(from);
      expect(res.status, from).toBe(302);
      expect(res.headers.get('location'), from).toBe(to);
    }
  });

  it('answers /today/ with a page that says it is not available, and unknown /ideas/ forms with 404', async () => {
    for (const path of ['/today/', '/today', '/today/best/cosy-cabins/123/']) {
      const res = await inst.get(path);
      expect(res.status, path).toBe(404);
      const $ = cheerio.load(await res.text());
      expect($('h1').text(), path).toContain('Today is not available here');
      expect($('main').text()).toMatch(/Search for pins/);
    }
    expect((await inst.get('/ideas/a/b/c/d/')).status).toBe(404);
  });

  it('/go accepts /ideas/ and /today/ links too', async () => {
    const ideas = await inst.get(`/go?url=${encodeURIComponent('https://www.pinterest.com/ideas/tiny-houses/912345678/')}`);
    expect(ideas.status).toBe(302);
    expect(ideas.headers.get('location')).toBe('/search/pins/?q=tiny+houses');
    const today = await inst.get(`/go?url=${encodeURIComponent('https://www.pinterest.com/today/')}`);
    expect(today.headers.get('location')).toBe('/today/');
  });
});

describe('settings in the query ride along until saved', () => {
  const query = encodeURIComponent(FAKE_KNOWN.searchQueries[0]!);

  it('puts ?ai=label on pin links, profile and nav links, the search forms and the next page', async () => {
    const res = await inst.get(`/search/pins/?q=${query}&ai=label&theme=dark`);
    expect(res.status).toBe(200);
    const $ = cheerio.load(await res.text());
    const pinLinks = $('.pin-card a').map((_, a) => $(a).attr('href')).get();
    expect(pinLinks.length).toBeGreaterThan(3);
    for (const href of pinLinks) expect(href).toMatch(/^\/pin\/\d+\/\?ai=label&theme=dark$/);
    expect($('a.brand').attr('href')).toBe('/?ai=label&theme=dark');
    expect($('.site-nav a[href^="/settings"]').attr('href')).toBe('/settings?ai=label&theme=dark');
    // Pagination keeps them (and its own bookmark); synthetic searches have many pages.
    const paged = cheerio.load(await (await inst.get('/search/pins/?q=tea&ai=label&theme=dark')).text());
    const next = paged('a[rel="next"]').attr('href')!;
    expect(next).toBeTruthy();
    expect(new URL(next, 'http://x').searchParams.get('ai')).toBe('label');
    expect(new URL(next, 'http://x').searchParams.get('bookmark')).toBeTruthy();
    // GET forms carry them as hidden fields.
    const form = $('form[role="search"]').first();
    expect(form.find('input[type="hidden"][name="ai"]').attr('value')).toBe('label');
    expect(form.find('input[type="hidden"][name="theme"]').attr('value')).toBe('dark');
    // The stylesheet and images are not pages: left alone.
    expect($('link[rel="stylesheet"]').attr('href')).toBe('/static/style.css');
    expect($('.pin-card img').first().attr('src')).toMatch(/^\/img\/[^?]+$/);
  });

  it('keeps them through the next click: the pin page shows the AI pin labelled, links still carry', async () => {
    const labelled = FAKE_KNOWN.pins.pinterestAiLabel;
    const res = await inst.get(`/pin/${labelled}/?ai=label`);
    expect(res.status).toBe(200);
    const $ = cheerio.load(await res.text());
    expect($('.pin-withheld').length).toBe(0);
    expect($('a.brand').attr('href')).toBe('/?ai=label');
  });

  it('carries them on redirects, but not on a page without them, nor from the settings pages', async () => {
    const red = await inst.get('/search/boards/?q=tea&ai=blur');
    expect(red.headers.get('location')).toBe('/search/pins/?q=tea&ai=blur');
    const plain = cheerio.load(await (await inst.get(`/search/pins/?q=${query}`)).text());
    expect(plain('a.brand').attr('href')).toBe('/');
    const settings = cheerio.load(await (await inst.get('/settings?ai=label')).text());
    expect(settings('a.brand').attr('href')).toBe('/');
    // Invalid values are not carried as given: the effective setting is.
    const bad = cheerio.load(await (await inst.get('/?ai=<script>')).text());
    expect(bad('a.brand').attr('href')).toBe('/?ai=hide');
  });

  it('rewrites only local page links and keeps what a link already sets', () => {
    const carry = new URLSearchParams({ ai: 'off' });
    expect(withSettings('/pin/1/', carry)).toBe('/pin/1/?ai=off');
    expect(withSettings('/search/pins/?q=a&ai=label', carry)).toBe('/search/pins/?q=a&ai=label');
    expect(withSettings('/img/236x/a.jpg', carry)).toBe('/img/236x/a.jpg');
    expect(withSettings('//evil.example/', carry)).toBe('//evil.example/');
    const html = '<a href="/search/pins/?q=a&amp;b=c">x</a><a href="https://example.com/">y</a><a href="#main">z</a>';
    expect(carrySettingsInHtml(html, carry)).toBe('<a href="/search/pins/?q=a&amp;b=c&amp;ai=off">x</a><a href="https://example.com/">y</a><a href="#main">z</a>');
  });
});
