// A carousel whose third image is AI (the fake Pinterest's pin-resource-carousel-ai-third.json: its
// third slot is a PNG with AUTOMATIC1111 parameters, the first two plain pictures the fake model
// scores below every threshold) gets one verdict from all its images: 'ai', with the same
// data-ai-score on its board grid, its pin page and in its board feed, whichever page is seen first;
// the pin page names the third image as the one that carried the evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { FAKE_SIGNATURES } from '../../demo/fake-images.js';
import { findAll, parseXml, textOf } from '../views/helpers/xml-check.js';
import { createFakeModel } from './helpers/fake-model.js';
import { markupProblems, pinElements } from './helpers/checks.js';

const CAROUSEL = FAKE_KNOWN.pins.carouselAiThird;
const board = FAKE_KNOWN.boards.find((b) => b.slug === 'ai-experiments')!;
const GRID = `/${board.username}/${board.slug}/`;
const FEED = `/${board.username}/${board.slug}.rss`;
const PIN = `/pin/${CAROUSEL}/`;
// Generous: verdicts must not come back 'unscored' because the shared test machine is slow.
const ENV = { CORKBOARD_SCORE_BUDGET_MS: '15000' };

let gridFirst: TestInstance;
let pinFirst: TestInstance;

beforeAll(async () => {
  [gridFirst, pinFirst] = await Promise.all([
    startTestInstance({ model: createFakeModel(), env: ENV }),
    startTestInstance({ model: createFakeModel(), env: ENV }),
  ]);
});
afterAll(async () => {
  await Promise.all([gridFirst?.close(), pinFirst?.close()]);
});

async function html(i: TestInstance, path: string): Promise<string> {
  const res = await i.get(path);
  expect(res.status, path).toBe(200);
  const body = await res.text();
  expect(markupProblems(body), path).toEqual([]);
  return body;
}

function element(body: string) {
  return pinElements(body).find((p) => p.id === CAROUSEL);
}

describe('a carousel whose third image is AI', () => {
  it('the fixture is what the test says: three images, the third with generator provenance', async () => {
    const body = await html(gridFirst, `${PIN}?ai=label`);
    const $ = cheerio.load(body);
    const srcs = $(`[data-pin-id="${CAROUSEL}"] img.pin-img`).map((_, img) => $(img).attr('src')).get();
    expect(srcs).toHaveLength(3);
    expect(srcs[2]).toContain(FAKE_SIGNATURES.aiProvenance[1]);
    expect(srcs.slice(0, 2).join(' ')).not.toContain('a1111a1111');
  });

  it.each([
    ['grid first', () => gridFirst, [`${GRID}?ai=label`, `${PIN}?ai=label`]],
    ['pin page first', () => pinFirst, [`${PIN}?ai=label`, `${GRID}?ai=label`]],
  ] as const)('%s: one verdict, "ai", the same on the grid, the pin page and the feed', async (_name, inst, order) => {
    const seen = [];
    for (const path of order) seen.push(element(await html(inst(), path)));
    const [a, b] = seen;
    expect(a?.verdict).toBe('ai');
    expect(b).toEqual(a);
    // The model scored the two plain images: the pin's score is the higher of theirs, everywhere.
    expect(a?.score).toMatch(/^0\.\d{3}$/);

    const res = await inst().get(`${FEED}?ai=off`);
    expect(res.status).toBe(200);
    expect(findAll(parseXml(await res.text()), 'guid').map(textOf)).toContain(CAROUSEL);
    const hidden = await inst().get(`${FEED}?ai=hide`);
    expect(findAll(parseXml(await hidden.text()), 'guid').map(textOf)).not.toContain(CAROUSEL);
  });

  it('is hidden from the grid in the default mode and withheld on its own page', async () => {
    expect(pinElements(await html(gridFirst, GRID)).map((p) => p.id)).not.toContain(CAROUSEL);
    const page = cheerio.load(await html(gridFirst, PIN));
    expect(page(`[data-pin-id="${CAROUSEL}"]`).attr('data-ai-verdict')).toBe('ai');
    expect(page('a.show-anyway').length).toBe(1);
  });

  it('its pin page names the third image as the one carrying the evidence, in plain words', async () => {
    const $ = cheerio.load(await html(gridFirst, `${PIN}?ai=label`));
    expect($('.ai-reason__text').text()).toBe('Image 3 of 3: the file says it was made with AUTOMATIC1111.');
    expect($('.ai-box__heading').map((_, h) => $(h).text()).get()).toEqual(['Image 1 of 3', 'Image 2 of 3', 'Image 3 of 3']);
    const groups = $('.ai-box__group').map((_, g) => $(g).text()).get();
    expect(groups[1]).toMatch(/File: no generator metadata\..*Model: 0\.\d\d, below the 0\.50 needed to label it “Maybe AI” at medium sensitivity\./);
    expect(groups[3]).toContain('File: the file says it was made with AUTOMATIC1111.');
    expect($('.ai-check').text()).not.toMatch(/tEXt|parameters"/);
  });
});
