// Issue 18 row 7: feeds were `Cache-Control: public` with no Vary, yet followed the visitor's cookies
// (`Cookie: ai=off` showed the AI pins), and every link came from the Host header
// (`Host: evil.example` pointed the whole feed at evil.example). Feeds now take settings from the
// query only; absolute links come from CORKBOARD_PUBLIC_URL or the CORKBOARD_PUBLIC_HOSTS allow-list,
// and a feed whose links follow an unconfigured Host is `private`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';

const AI_PINS = [FAKE_KNOWN.pins.pinterestAiLabel, FAKE_KNOWN.pins.aiProvenance];
const FEED = `/search/pins/feed.rss?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`;
// A top-up time limit no busy machine reaches: whether the second search page is fetched must not
// depend on timing, since the cookie test compares two feeds item by item.
const ENV = { CORKBOARD_SCORE_BUDGET_MS: '15000', CORKBOARD_TOPUP_MS: '60000' };

let plain: TestInstance;
let published: TestInstance;
let listed: TestInstance;
beforeAll(async () => {
  [plain, published, listed] = await Promise.all([
    startTestInstance({ model: null, env: ENV }),
    startTestInstance({ model: null, env: { ...ENV, CORKBOARD_PUBLIC_URL: 'https://cork.example' } }),
    startTestInstance({ model: null, env: { ...ENV, CORKBOARD_PUBLIC_HOSTS: 'cork.example,cork.lan:8080' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.close(), published?.close(), listed?.close()]);
});

function guids(xml: string): string[] {
  return [...xml.matchAll(/<guid isPermaLink="false">(\d+)<\/guid>/g)].map((m) => m[1]!);
}

/** Origins of the feed's links to the instance itself (pins, media, the channel and self links). */
function origins(xml: string): string[] {
  const own = [...xml.matchAll(/https?:\/\/[^/"<\s&]+(?=\/(?:pin|img|vid|search|static)\/)/g)].map((m) => m[0]);
  expect(own.length).toBeGreaterThan(3);
  return [...new Set(own)];
}

async function feed(i: TestInstance, headers: Record<string, string> = {}, path = FEED) {
  const res = await i.get(path, headers);
  expect(res.status).toBe(200);
  return { res, xml: await res.text() };
}

describe('feeds: settings from the query only (issue 18 row 7)', () => {
  it('a cookie does not change a feed; the same setting in the query does', async () => {
    await feed(plain); // warm the caches: both feeds below are then built from the same answers
    const bare = await feed(plain);
    const cookie = await feed(plain, { cookie: 'ai=off' });
    expect(guids(bare.xml).filter((g) => AI_PINS.includes(g))).toEqual([]);
    expect(guids(cookie.xml)).toEqual(guids(bare.xml));
    expect(cookie.res.headers.get('etag')).toBe(bare.res.headers.get('etag'));
    const query = await feed(plain, {}, `${FEED}&ai=off`);
    expect(guids(query.xml)).toEqual(expect.arrayContaining(AI_PINS));
  });
});

describe('feeds: absolute links never blindly from Host (issue 18 row 7)', () => {
  it('CORKBOARD_PUBLIC_URL: links use it whatever the Host; shared caches may keep the feed', async () => {
    const { res, xml } = await feed(published, { host: 'evil.example' });
    expect(origins(xml)).toEqual(['https://cork.example']);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('CORKBOARD_PUBLIC_HOSTS: a listed Host is used, any other gets the first listed host', async () => {
    expect(origins((await feed(listed, { host: 'cork.lan:8080' })).xml)).toEqual(['http://cork.lan:8080']);
    const evil = await feed(listed, { host: 'evil.example' });
    expect(origins(evil.xml)).toEqual(['http://cork.example']);
    expect(evil.res.headers.get('cache-control')).toMatch(/^public/);
    const settings = await (await listed.get('/settings', { host: 'evil.example' })).text();
    expect(settings).not.toContain('evil.example');
  });

  it('neither configured (the contract default): Host is followed, but the feed is private', async () => {
    const { res, xml } = await feed(plain, { host: 'evil.example' });
    expect(origins(xml)).toEqual(['http://evil.example']);
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
  });
});
