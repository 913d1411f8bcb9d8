// Issue 18 row 6: an "AI-free" instance (CORKBOARD_MIN_AI_MODE=hide) must not offer show-hidden.
// `?show=hidden` on a grid, a pin page and a feed used to show the AI pins (data-ai-verdict="ai").
// Mutes remain the visitor's own rules and stay revealable; with a forced `blur`, revealed AI pins
// stay blurred.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { pinElements } from '../routes/helpers/checks.js';
import { createFakeModel } from '../routes/helpers/fake-model.js';

const AI_PINS = [FAKE_KNOWN.pins.pinterestAiLabel, FAKE_KNOWN.pins.aiProvenance];
const SEARCH = `/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`;
const FEED = `/search/pins/feed.rss?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`;
// The two AI pins are AI by Pinterest's own label and by file provenance; the fake model scores
// every other image below 0.3 (not AI), so an AI-free instance still has pins to show.
// The AI pins sit on both search pages: a top-up time limit no busy machine reaches keeps the
// second page from depending on timing.
const ENV = { CORKBOARD_SCORE_BUDGET_MS: '15000', CORKBOARD_TOPUP_MS: '60000' };

let open: TestInstance;
let aiFree: TestInstance;
let blurMin: TestInstance;
beforeAll(async () => {
  [open, aiFree, blurMin] = await Promise.all([
    startTestInstance({ model: createFakeModel(), env: ENV }),
    startTestInstance({ model: createFakeModel(), env: { ...ENV, CORKBOARD_MIN_AI_MODE: 'hide' } }),
    startTestInstance({ model: createFakeModel(), env: { ...ENV, CORKBOARD_MIN_AI_MODE: 'blur', CORKBOARD_DEFAULT_AI_MODE: 'hide' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.close(), aiFree?.close(), blurMin?.close()]);
});

async function body(i: TestInstance, path: string): Promise<string> {
  const res = await i.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** Pin IDs of the RSS items in a feed body. */
function feedGuids(xml: string): string[] {
  return [...xml.matchAll(/<guid isPermaLink="false">(\d+)<\/guid>/g)].map((m) => m[1]!);
}

describe('forced minimum mode vs show=hidden (issue 18 row 6)', () => {
  it('control: without a forced minimum, show=hidden reveals the AI pins', async () => {
    const shown = pinElements(await body(open, `${SEARCH}&show=hidden`));
    expect(shown.filter((p) => AI_PINS.includes(p.id)).map((p) => p.verdict)).toEqual(['ai', 'ai']);
    expect(feedGuids(await body(open, `${FEED}&show=hidden`))).toEqual(expect.arrayContaining(AI_PINS));
  });

  it('grid: no AI pin, no "show them" link, even with show=hidden and ai=off', async () => {
    for (const q of ['', '&show=hidden', '&show=hidden&ai=off', '&ai=label&show=hidden']) {
      const html = await body(aiFree, SEARCH + q);
      const pins = pinElements(html);
      expect(pins.length, q).toBeGreaterThan(0);
      expect(pins.filter((p) => p.verdict === 'ai' || AI_PINS.includes(p.id)), q).toEqual([]);
      expect(html, q).not.toContain('show=hidden');
    }
  });

  it('feed: no AI pin with show=hidden', async () => {
    const guids = feedGuids(await body(aiFree, `${FEED}&show=hidden&ai=off`));
    expect(guids.length).toBeGreaterThan(0);
    expect(guids.filter((g) => AI_PINS.includes(g))).toEqual([]);
  });

  it('pin page: the AI image stays withheld, without a "show anyway" link', async () => {
    for (const id of AI_PINS) {
      const html = await body(aiFree, `/pin/${id}/?show=hidden`);
      expect(html).toContain(`data-pin-id="${id}"`);
      expect(html).not.toContain('class="show-anyway"');
      expect(html).toContain('hidden by your settings');
    }
  });

  it('mutes stay revealable on an AI-free instance', async () => {
    const muted = await body(aiFree, `${SEARCH}&mute_words=cabin`);
    expect(muted).toContain('show=hidden');
    const revealed = pinElements(await body(aiFree, `${SEARCH}&mute_words=cabin&show=hidden`));
    expect(revealed.length).toBeGreaterThan(pinElements(muted).length);
    expect(revealed.filter((p) => AI_PINS.includes(p.id))).toEqual([]);
  });

  it('forced blur: revealed AI pins stay blurred', async () => {
    const html = await body(blurMin, `${SEARCH}&show=hidden`);
    const ai = pinElements(html).filter((p) => AI_PINS.includes(p.id));
    expect(ai.length).toBe(2);
    for (const id of AI_PINS) {
      const card = html.slice(html.indexOf(`data-pin-id="${id}"`) - 400, html.indexOf(`data-pin-id="${id}"`) + 1500);
      expect(card, id).toMatch(/blur/);
    }
  });
});
