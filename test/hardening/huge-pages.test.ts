// Issue 18 row 5: one huge upstream page. A resource answer with 60,000 results (about 7 MB, under
// the 8 MiB body cap) used to render a 32 MB page and a 16.7 MB feed. Upstream pages are now capped
// in items and pin text in length, so one visitor page (HTML or feed) stays bounded in bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './helpers/fault-upstream.js';
import { startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';
import { MAX_PAGE_ITEMS } from '../../src/parse/page.js';
import { MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS } from '../../src/parse/pin.js';

const SEARCH_API = '/resource/BaseSearchResource/';
const BODY_CAP = 8 * 1024 * 1024;

/** A minimal REST search result (the recorded search fixture's fields), unique per `n`. */
function pin(n: number, text: { title?: string; description?: string } = {}) {
  const sig = n.toString(16).padStart(32, '0');
  const url = (size: string) => `https://i.pinimg.com/${size}/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.jpg`;
  return {
    id: String(9007199254740993n + BigInt(n)),
    type: 'pin',
    title: text.title ?? `p${n}`,
    ...(text.description ? { description: text.description } : {}),
    images: { '236x': { width: 236, height: 354, url: url('236x') } },
  };
}

function searchAnswer(results: unknown[]): string {
  return JSON.stringify({ resource_response: { status: 'success', code: 0, data: { results }, bookmark: 'Y29ya2JvYXJkfG5leHQ=' } });
}

// As many small pins as fit in 7.5 MB (about 38,000; the review's 60,000 had shorter image maps).
const ONE_PIN_BYTES = JSON.stringify(pin(1_000_000)).length + 1;
const manyPins = searchAnswer(Array.from({ length: Math.floor((7.5 * 1024 * 1024) / ONE_PIN_BYTES) }, (_, i) => pin(i)));
// 100 pins whose title and description are each about 35 KB (hostile text, not count).
const longText = searchAnswer(Array.from({ length: 100 }, (_, i) => pin(i, { title: 'T'.repeat(35_000), description: 'D '.repeat(17_500) })));

/**
 * The most a page may weigh: every pin at its longest title and description, each written at most
 * a few times (title, alt text, feed description) with markup, plus the page frame.
 */
const PAGE_BYTES_BOUND = MAX_PAGE_ITEMS * (MAX_TITLE_CHARS * 3 + MAX_DESCRIPTION_CHARS + 2000) + 64 * 1024;

describe('huge upstream pages (issue 18 row 5)', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    // A generous upstream time limit: reading and parsing 7.5 MB takes a while on busy shared cores.
    inst = await startFaultyInstance({ env: { CORKBOARD_UPSTREAM_TIMEOUT_MS: '30000', CORKBOARD_CACHE_PAGES_MB: '0' } });
  });
  afterAll(async () => inst?.close());

  it('the hostile answers are real: under the body cap, far over the bound', () => {
    expect(manyPins.length).toBeLessThan(BODY_CAP);
    expect(manyPins.length).toBeGreaterThan(6_000_000);
    expect(longText.length).toBeLessThan(BODY_CAP);
    expect(PAGE_BYTES_BOUND).toBeLessThan(1.5 * 1024 * 1024);
  });

  for (const [name, body] of [['tens of thousands of results', manyPins], ['100 pins with 35 KB texts', longText]] as const) {
    it(`${name}: the page and the feed are capped in pins and bounded in bytes`, async () => {
      inst.upstream.clear();
      inst.upstream.on(SEARCH_API, faults.body('application/json', body), 10);
      const page = await inst.timed(`/search/pins/?q=${encodeURIComponent(name)}`);
      expect(page.status, /<title>([^<]*)/.exec(page.text)?.[1]).toBe(200);
      const pins = page.text.match(/data-pin-id="/g)?.length ?? 0;
      expect(pins).toBeGreaterThan(0);
      expect(pins).toBeLessThanOrEqual(MAX_PAGE_ITEMS);
      expect(Buffer.byteLength(page.text)).toBeLessThan(PAGE_BYTES_BOUND);

      const feed = await inst.timed(`/search/pins/feed.rss?q=${encodeURIComponent(name)}`);
      expect(feed.status, /<title>([^<]*)/.exec(feed.text)?.[1]).toBe(200);
      const items = feed.text.match(/<item>/g)?.length ?? 0;
      expect(items).toBeGreaterThan(0);
      expect(items).toBeLessThanOrEqual(MAX_PAGE_ITEMS);
      expect(Buffer.byteLength(feed.text)).toBeLessThan(PAGE_BYTES_BOUND);
    }, 120_000);
  }
});
