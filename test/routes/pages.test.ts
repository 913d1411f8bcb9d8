// One test per contract page route against the fake Pinterest (no model): status, redirects, the
// content each page promises, the markup contract (data-pin-id / data-ai-verdict / data-ai-score,
// <main data-ai-hidden>, rel="next"), pagination by bookmark, /go, /pin.it, static files and 404s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { markupProblems, nextHref, pinElements } from './helpers/checks.js';

const PIN = FAKE_KNOWN.pins.image;
const USER = FAKE_KNOWN.users[0]!;
const BOARD = FAKE_KNOWN.boards[0]!;
const SECTION = FAKE_KNOWN.sections[0]!;

let inst: TestInstance;
beforeAll(async () => {
  inst = await startTestInstance({ model: null });
});
afterAll(async () => {
  await inst?.close();
});

async function page(path: string): Promise<{ status: number; html: string; $: cheerio.CheerioAPI; res: Response }> {
  const res = await inst.get(path);
  const html = await res.text();
  return { status: res.status, html, $: cheerio.load(html), res };
}

/** A 200 HTML page that keeps the markup contract. */
async function okPage(path: string) {
  const p = await page(path);
  expect(p.status, path).toBe(200);
  expect(p.res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(markupProblems(p.html), path).toEqual([]);
  return p;
}

function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

describe('home', () => {
  it('/ has a search box and a field that accepts any Pinterest URL', async () => {
    const { $ } = await okPage('/');
    expect($('form[action="/search/pins/"] input[name="q"]').length).toBeGreaterThan(0);
    const go = $('form input[name="url"]').closest('form');
    expect(go.length).toBe(1);
    expect((go.attr('method') ?? 'get').toLowerCase()).toBe('get');
    // The form's target must be a local route that maps the URL (checked in the /go tests below).
    expect(go.attr('action')).toBe('/go');
  });
});

describe('pin pages', () => {
  it('/pin/ID/ shows the pin: image, title, cleaned outbound link, pinner, board, related pins', async () => {
    const { $, html } = await okPage(`/pin/${PIN}/`);
    const pin = $(`[data-pin-id="${PIN}"]`).first();
    expect(pin.length).toBe(1);
    expect(pin.find('img').first().attr('src')).toMatch(/^\/img\//);
    expect($('h1').text()).toContain('Lake cabin at dawn'); // title in pin-resource-image.json
    const outbound = $('a[href^="https://cabins.example.org/"]');
    expect(outbound.length).toBeGreaterThan(0);
    // The fixture's link carries utm_* and fbclid; the page must not.
    expect(html).not.toMatch(/utm_[a-z]+=|fbclid=/);
    expect($(`a[href="/${USER}/"]`).length).toBeGreaterThan(0);
    expect($(`a[href="/${USER}/${BOARD.slug}/"]`).length).toBeGreaterThan(0);
    const related = pinElements(html).filter((p) => p.id !== PIN);
    expect(related.length).toBeGreaterThan(0);
  });

  it('/pin/SLUG--ID/ redirects to /pin/ID/', async () => {
    const res = await inst.get(`/pin/lake-cabin-at-dawn--${PIN}/`);
    expect(isRedirect(res.status)).toBe(true);
    expect(res.headers.get('location')).toBe(`/pin/${PIN}/`);
  });

  it('/pin/ID/sent/?invite_code=..&sender=.. redirects to /pin/ID/ and drops the tracking', async () => {
    const res = await inst.get(`/pin/${PIN}/sent/?invite_code=0123456789abcdef&sender=9007199254741100&sfo=1`);
    expect(isRedirect(res.status)).toBe(true);
    expect(res.headers.get('location')).toBe(`/pin/${PIN}/`);
  });

  it('a video pin plays through the local video proxy with a local poster', async () => {
    const { $ } = await okPage(`/pin/${FAKE_KNOWN.pins.video}/`);
    const video = $('video');
    expect(video.length).toBe(1);
    expect(video.attr('poster')).toMatch(/^\/img\//);
    const sources = $('video source').toArray().map((s) => $(s).attr('src') ?? '');
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).toMatch(/^\/vid\//);
  });

  it('unknown pins are 404', async () => {
    expect((await page(`/pin/${FAKE_KNOWN.missingPin}/`)).status).toBe(404);
    expect((await page('/pin/not-a-pin/')).status).toBe(404);
  });
});

describe('profiles', () => {
  it('/USER/ shows the profile and its boards', async () => {
    const { $ } = await okPage(`/${USER}/`);
    expect($('main').text()).toContain('Corkboard Demo'); // full_name in user-resource-corkboard_demo.json
    for (const b of FAKE_KNOWN.boards) expect($(`a[href="/${b.username}/${b.slug}/"]`).length, b.slug).toBeGreaterThan(0);
  });

  it('/USER/_saved/ shows the boards too', async () => {
    const { $ } = await okPage(`/${USER}/_saved/`);
    expect($(`a[href="/${USER}/${BOARD.slug}/"]`).length).toBeGreaterThan(0);
  });

  it('/USER/_created/ and /USER/pins/ list pins', async () => {
    const created = await okPage(`/${USER}/_created/`);
    const pins = await okPage(`/${USER}/pins/`);
    expect(pinElements(created.html).length).toBeGreaterThan(0);
    expect(pinElements(pins.html).length).toBeGreaterThan(0);
    // Different upstream resources: the two tabs are not the same list.
    expect(pinElements(created.html).map((p) => p.id)).not.toEqual(pinElements(pins.html).map((p) => p.id));
  });

  it('unknown users are 404', async () => {
    expect((await page(`/${FAKE_KNOWN.missingUserPrefix}-nobody/`)).status).toBe(404);
    expect((await page(`/${FAKE_KNOWN.missingUserPrefix}-nobody/feed.rss`)).status).toBe(404);
  });
});

describe('boards and sections', () => {
  it('/USER/BOARD/ shows the board, its pins and its sections', async () => {
    const { $, html } = await okPage(`/${BOARD.username}/${BOARD.slug}/`);
    expect($('h1').text()).toContain('Forest cabins');
    expect(pinElements(html).map((p) => p.id)).toContain(PIN);
    expect($(`a[href="/${SECTION.username}/${SECTION.board}/${SECTION.slug}/"]`).length).toBeGreaterThan(0);
  });

  it('/USER/BOARD/SECTION/ shows the section pins', async () => {
    const { html } = await okPage(`/${SECTION.username}/${SECTION.board}/${SECTION.slug}/`);
    expect(pinElements(html).length).toBeGreaterThan(0);
  });

  it('unknown boards and sections are 404', async () => {
    expect((await page(`/${USER}/no-such-board/`)).status).toBe(404);
    expect((await page(`/${SECTION.username}/${SECTION.board}/no-such-section/`)).status).toBe(404);
  });
});

describe('search', () => {
  it('/search/pins/?q=Q lists results', async () => {
    const { html, $ } = await okPage(`/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`);
    expect(pinElements(html).map((p) => p.id)).toContain(PIN);
    expect($('input[name="q"]').first().attr('value')).toBe(FAKE_KNOWN.searchQueries[0]);
  });

  it('page 2 through the rel="next" link, which carries the bookmark', async () => {
    // A synthetic query: the fake serves three pages, so page 1 always has a next page.
    const first = await okPage('/search/pins/?q=alpine+lakes');
    const next = nextHref(first.html);
    expect(next).not.toBeNull();
    const nextUrl = new URL(next!, 'http://corkboard.test');
    expect(nextUrl.pathname).toBe('/search/pins/');
    expect(nextUrl.searchParams.get('q')).toBe('alpine lakes');
    const bookmark = nextUrl.searchParams.get('bookmark');
    expect(bookmark).toBeTruthy();

    inst.fake.requests.length = 0;
    const second = await okPage(nextUrl.pathname + nextUrl.search);
    // The bookmark went upstream as Pinterest's cursor.
    const upstream = inst.fake.requests.filter((r) => r.path.startsWith('/resource/BaseSearchResource/'));
    expect(upstream.some((r) => decodeURIComponent(r.path).includes(bookmark!))).toBe(true);
    const ids1 = new Set(pinElements(first.html).map((p) => p.id));
    const ids2 = pinElements(second.html).map((p) => p.id);
    expect(ids2.length).toBeGreaterThan(0);
    expect(ids2.filter((id) => ids1.has(id))).toEqual([]);
  });

  it('the last page has no rel="next" link', async () => {
    const { html } = await okPage(`/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.emptySearchQuery)}`);
    expect(pinElements(html)).toEqual([]);
    expect(nextHref(html)).toBeNull();
  });
});

describe('short links and pasted URLs', () => {
  it('/pin.it/CODE resolves upstream and redirects (302) to the local path', async () => {
    for (const [code, target] of Object.entries(FAKE_KNOWN.shortLinks).filter(([c]) => c.startsWith('cork'))) {
      const res = await inst.get(`/pin.it/${code}`);
      expect(res.status, code).toBe(302);
      expect(res.headers.get('location'), code).toBe(target);
    }
  });

  it('an unknown short link is 404 and a malformed code never goes upstream', async () => {
    expect((await inst.get('/pin.it/nosuchcode')).status).toBe(404);
    const before = inst.fake.requests.length;
    expect((await inst.get('/pin.it/a%2F..%2Fevil')).status).toBe(404);
    expect(inst.fake.requests.length).toBe(before);
  });

  it('/go?url=<any pinterest url> redirects (302) to the local path', async () => {
    const cases: Array<[string, string]> = [
      [`https://www.pinterest.com/pin/${PIN}/`, `/pin/${PIN}/`],
      [`https://de.pinterest.com/pin/lake-cabin--${PIN}/`, `/pin/${PIN}/`],
      [`https://www.pinterest.co.uk/${USER}/${BOARD.slug}/`, `/${USER}/${BOARD.slug}/`],
      [`https://pinterest.com/${USER}/`, `/${USER}/`],
      [`https://www.pinterest.com/pin/${PIN}/sent/?invite_code=abc&sender=1`, `/pin/${PIN}/`],
    ];
    const before = inst.fake.requests.length;
    for (const [url, local] of cases) {
      const res = await inst.get(`/go?url=${encodeURIComponent(url)}`);
      expect(res.status, url).toBe(302);
      expect(res.headers.get('location'), url).toBe(local);
    }
    const search = await inst.get(`/go?url=${encodeURIComponent('https://www.pinterest.fr/search/pins/?q=forest%20cabin&rs=typed')}`);
    expect(search.status).toBe(302);
    const loc = new URL(search.headers.get('location')!, 'http://corkboard.test');
    expect(loc.pathname).toBe('/search/pins/');
    expect(loc.searchParams.get('q')).toBe('forest cabin');
    const short = await inst.get(`/go?url=${encodeURIComponent('https://pin.it/cork1')}`);
    expect(short.status).toBe(302);
    expect(short.headers.get('location')).toMatch(/^\/pin\.it\/cork1$|^\/pin\/9007199254740993\/$/);
    // Mapping a URL is pure: /go itself never fetches it.
    expect(inst.fake.requests.length).toBe(before);
  });

  it('/go with garbage or a non-Pinterest URL is 400 and never goes upstream', async () => {
    const before = inst.fake.requests.length;
    for (const url of ['garbage', '', 'https://evil.example/pin/1/', 'javascript:alert(1)', 'https://www.pinterest.com.evil.example/pin/1/', '//evil.example/x']) {
      const res = await inst.get(`/go?url=${encodeURIComponent(url)}`);
      expect(res.status, url).toBe(400);
    }
    expect((await inst.get('/go')).status).toBe(400);
    expect(inst.fake.requests.length).toBe(before);
  });
});

describe('static files and unknown paths', () => {
  it('serves the stylesheet and icons with their types', async () => {
    const css = await inst.get('/static/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await css.text()).length).toBeGreaterThan(100);
    const icon = await inst.get('/static/favicon.png');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/png');
    const avatar = await inst.get('/static/default-avatar.png');
    expect(avatar.status).toBe(200);
  });

  it('a static file answers 304 to its own ETag', async () => {
    const first = await inst.get('/static/style.css');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await inst.get('/static/style.css', { 'if-none-match': etag! })).status).toBe(304);
  });

  it('unknown static files and traversal attempts are 404', async () => {
    for (const p of ['/static/nope.css', '/static/..%2Fpackage.json', '/static/%2e%2e%2fpackage.json', '/static/style.css%00.png']) {
      expect((await inst.get(p)).status, p).toBe(404);
    }
  });
});
