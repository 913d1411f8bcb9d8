// Link previews and sharing: Open Graph / Twitter tags on pins, boards and profiles with absolute
// URLs on the instance (built like the feeds' links), a canonical link, a copyable address, and a
// "View on Pinterest" link that is a local redirect (no page names Pinterest).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';

const ORIGIN = 'http://corkboard.test'; // the Host the test instance's get() sends
const BOARD = FAKE_KNOWN.boards[0]!;
const USER = FAKE_KNOWN.users[0]!;

let inst: TestInstance;
let pub: TestInstance;
beforeAll(async () => {
  inst = await startTestInstance({ model: null });
  pub = await startTestInstance({ model: null, env: { CORKBOARD_PUBLIC_URL: 'https://cork.example' } });
}, 60_000);
afterAll(async () => {
  await inst?.close();
  await pub?.close();
});

async function page(i: TestInstance, path: string) {
  const res = await i.get(path);
  expect(res.status, path).toBe(200);
  return cheerio.load(await res.text());
}
const meta = ($: cheerio.CheerioAPI, key: string) => $(`meta[property="${key}"], meta[name="${key}"]`).attr('content');

describe('link previews', () => {
  it('a pin has og/twitter tags, an instance image and a canonical address without the query', async () => {
    const id = FAKE_KNOWN.pins.image;
    const $ = await page(inst, `/pin/${id}/?ai=label`);
    expect($('link[rel="canonical"]').attr('href')).toBe(`${ORIGIN}/pin/${id}/`);
    expect(meta($, 'og:url')).toBe(`${ORIGIN}/pin/${id}/`);
    expect(meta($, 'og:type')).toBe('article');
    expect(meta($, 'og:title')).toBe($('h1').text());
    expect(meta($, 'og:site_name')).toBe('Corkboard');
    expect(meta($, 'og:image')).toMatch(new RegExp(`^${ORIGIN}/img/736x/[0-9a-f/]+\\.jpg$`));
    expect(meta($, 'twitter:card')).toBe('summary_large_image');
    expect(meta($, 'twitter:image')).toBe(meta($, 'og:image'));
    // The preview picture is served by the instance.
    const img = await inst.get(new URL(meta($, 'og:image')!).pathname);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toMatch(/^image\//);
  });

  it('builds absolute URLs from CORKBOARD_PUBLIC_URL when set, like the feeds', async () => {
    const $ = await page(pub, `/pin/${FAKE_KNOWN.pins.image}/`);
    expect($('link[rel="canonical"]').attr('href')).toBe(`https://cork.example/pin/${FAKE_KNOWN.pins.image}/`);
    expect(meta($, 'og:image')).toMatch(/^https:\/\/cork\.example\/img\//);
  });

  it('boards and profiles have them too', async () => {
    const board = await page(inst, `/${BOARD.username}/${BOARD.slug}/`);
    expect(board('link[rel="canonical"]').attr('href')).toBe(`${ORIGIN}/${BOARD.username}/${BOARD.slug}/`);
    expect(meta(board, 'og:title')).toBeTruthy();
    expect(meta(board, 'og:type')).toBe('website');
    const profile = await page(inst, `/${USER}/`);
    expect(profile('link[rel="canonical"]').attr('href')).toBe(`${ORIGIN}/${USER}/`);
    expect(meta(profile, 'og:type')).toBe('profile');
    expect(meta(profile, 'og:title')).toBeTruthy();
  });

  it('never previews a picture the visitor\'s settings withhold or blur', async () => {
    const ai = FAKE_KNOWN.pins.pinterestAiLabel;
    for (const mode of ['hide', 'blur']) {
      const $ = await page(inst, `/pin/${ai}/?ai=${mode}`);
      expect(meta($, 'og:image'), mode).toBeUndefined();
      expect(meta($, 'twitter:card'), mode).toBe('summary');
    }
  });
});

describe('sharing links', () => {
  it('offers the address in a labelled read-only field and a View on Pinterest link through a local redirect', async () => {
    const id = FAKE_KNOWN.pins.image;
    const $ = await page(inst, `/pin/${id}/`);
    const field = $('#share-url');
    expect(field.attr('readonly')).toBeDefined();
    expect(field.attr('value')).toBe(`${ORIGIN}/pin/${id}/`);
    expect($('label[for="share-url"]').text()).toBe('Link to this pin');
    const view = $('.share__pinterest a');
    expect(view.text()).toBe('View on Pinterest');
    expect(view.attr('href')).toBe(`/view-on-pinterest?path=${encodeURIComponent(`/pin/${id}/`)}`);
    const res = await inst.get(view.attr('href')!);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`https://www.pinterest.com/pin/${id}/`);
    // Boards map to their Pinterest page as well; anything else is refused.
    const board = await inst.get(`/view-on-pinterest?path=${encodeURIComponent(`/${BOARD.username}/${BOARD.slug}/`)}`);
    expect(board.headers.get('location')).toBe(`https://www.pinterest.com/${BOARD.username}/${BOARD.slug}/`);
    for (const bad of ['//evil.example/', 'https://evil.example/', '/img/736x/a.jpg', '/settings', '']) {
      expect((await inst.get(`/view-on-pinterest?path=${encodeURIComponent(bad)}`)).status, bad).toBe(404);
    }
  });
});
