// Every pin in the real recordings (../shared, never copied here) renders as a pin page: status
// 200 through the whole app for the recorded pin pages, and for every pin of the search and
// profile recordings the parsed pin goes through the pin page view with its data-pin-id element,
// its title and its image through the instance's proxy.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePinPage, parseSearch, parseUserPage } from '../../src/parse/index.js';
import type { Pin } from '../../src/domain/types.js';
import { defaultPrefs } from '../../src/policy/prefs.js';
import { loadConfig } from '../../src/config.js';
import { renderPinPage } from '../../views/pages/pin.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';

const shared = resolve(process.cwd(), '../shared');
const dir = resolve(shared, 'fixtures/pinterest');
const present = existsSync(dir);
if (!present) console.warn(`skipping real pin rendering: ${dir} not present (../shared not present)`);

/** Every pin the recordings hold, with the recording it came from. */
function recordedPins(): Array<{ file: string; pin: Pin }> {
  const out: Array<{ file: string; pin: Pin }> = [];
  for (const file of readdirSync(dir)) {
    const text = readFileSync(resolve(dir, file), 'utf8');
    if (file.startsWith('api-BaseSearchResource')) parseSearch(JSON.parse(text)).items.forEach((pin) => out.push({ file, pin }));
    else if (file.startsWith('html-pin-')) out.push({ file, pin: parsePinPage(text, file.match(/html-pin-(\d+)/)?.[1]) });
    else if (file.startsWith('html-user-')) parseUserPage(text).pins?.items.forEach((pin) => out.push({ file, pin }));
  }
  return out;
}

function expectPinPage(html: string, pin: Pin): void {
  const $ = cheerio.load(html);
  const el = $(`[data-pin-id="${pin.id}"]`);
  expect(el.length).toBeGreaterThan(0);
  expect(['ai', 'not-ai', 'unsure', 'unscored']).toContain(el.first().attr('data-ai-verdict'));
  if (pin.title) expect($('h1').text()).toContain(pin.title.trim().slice(0, 20));
  const media = [...$('img').map((_, e) => $(e).attr('src')), ...$('video').map((_, e) => $(e).attr('poster'))].filter(Boolean) as string[];
  expect(media.length).toBeGreaterThan(0);
  for (const src of media) expect(src).toMatch(/^\/(img|vid|static)\//);
  expect(html).not.toMatch(/pinimg\.com|pinterest\.com/i);
}

describe.skipIf(!present)('every recorded pin renders as a pin page', () => {
  const config = loadConfig({});
  const pins = present ? recordedPins() : [];

  it('the recordings hold pins', () => {
    // 2024 recordings: 25 search results, 3 pin pages, 22 profile pins (the _created page's
    // resource cache holds only its UserResource).
    expect(pins.length).toBeGreaterThanOrEqual(50);
  });

  it.each(pins.map(({ file, pin }) => [pin.id, file, pin] as const))('pin %s from %s', (_id, _file, pin) => {
    const html = renderPinPage({
      ctx: { instanceName: 'Corkboard', prefs: defaultPrefs(config) },
      pin,
      verdict: { verdict: 'unscored', score: null, signals: [] },
      display: { kind: 'shown', treatment: 'plain' },
      showAnywayHref: `/pin/${pin.id}/?show=hidden`,
      related: null,
    });
    expectPinPage(html, pin);
  });
});

describe.skipIf(!present)('the recorded pin pages through the whole app', () => {
  let t: TestInstance;
  beforeAll(async () => {
    t = await startTestInstance({ model: null, fake: { sharedDir: shared } });
  });
  afterAll(async () => t?.close());

  it.each(FAKE_KNOWN.realPins)('/pin/%s/ answers 200 with the pin, its title and its image through the proxy', async (id) => {
    const res = await t.get(`/pin/${id}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const pin = parsePinPage(readFileSync(resolve(dir, readdirSync(dir).find((f) => f.includes(id))!), 'utf8'), id);
    expectPinPage(html, pin);
    const src = cheerio.load(html)(`[data-pin-id="${id}"] img, img.pin-img`).first().attr('src') ?? cheerio.load(html)('video').attr('poster')!;
    const img = await t.get(src);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toMatch(/^image\//);
  });
});
