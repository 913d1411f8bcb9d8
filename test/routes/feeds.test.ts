// RSS 2.0 feeds at /USER/feed.rss, /USER/BOARD.rss and /search/pins/feed.rss?q=Q: strict XML,
// channel and item structure, guid = pin ID, link = the instance's /pin/ID/, conditional GET, and
// settings carried in the query (feed readers send no cookies).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { findAll, parseXml, textOf, type XmlElement } from '../views/helpers/xml-check.js';
import { ORIGIN } from './helpers/checks.js';

const USER = FAKE_KNOWN.users[0]!;
const BOARD = FAKE_KNOWN.boards[0]!;
const QUERY = FAKE_KNOWN.searchQueries[0]!;
/** Pins of the `forest cabin` search that are AI by Pinterest's label or by their file's provenance. */
const AI_PINS = [FAKE_KNOWN.pins.pinterestAiLabel, FAKE_KNOWN.pins.aiProvenance];

const FEEDS = [`/${USER}/feed.rss`, `/${BOARD.username}/${BOARD.slug}.rss`, `/search/pins/feed.rss?q=${encodeURIComponent(QUERY)}`];

let inst: TestInstance;
let published: TestInstance;
beforeAll(async () => {
  inst = await startTestInstance({ model: null });
  published = await startTestInstance({ model: null, env: { CORKBOARD_PUBLIC_URL: 'https://cork.example' } });
});
afterAll(async () => {
  await Promise.all([inst?.close(), published?.close()]);
});

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

interface Feed {
  channel: XmlElement;
  items: Array<{ guid: string; isPermaLink: string | undefined; link: string; title: string }>;
}

/** Strictly parses an RSS 2.0 body and checks its structure; returns the channel and items. */
function parseRss(xml: string): Feed {
  expect(xml.startsWith('<?xml')).toBe(true);
  const root = parseXml(xml);
  expect(root.name).toBe('rss');
  expect(root.attrs['version']).toBe('2.0');
  const channels = root.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'channel');
  expect(channels.length).toBe(1);
  const channel = channels[0]!;
  for (const name of ['title', 'link', 'description']) expect(child(channel, name), `channel <${name}>`).toBeDefined();
  const items = findAll(channel, 'item').map((item) => {
    const guid = child(item, 'guid');
    const link = child(item, 'link');
    expect(guid, 'item <guid>').toBeDefined();
    expect(link, 'item <link>').toBeDefined();
    return { guid: textOf(guid!), isPermaLink: guid!.attrs['isPermaLink'], link: textOf(link!), title: textOf(child(item, 'title') ?? guid!) };
  });
  return { channel, items };
}

async function fetchFeed(i: TestInstance, path: string, headers: Record<string, string> = {}) {
  const res = await i.get(path, headers);
  return { res, body: await res.text() };
}

describe('feeds', () => {
  it.each(FEEDS)('%s is RSS 2.0 with guid = pin ID and link = the instance /pin/ID/', async (path) => {
    const { res, body } = await fetchFeed(inst, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    const feed = parseRss(body);
    expect(textOf(child(feed.channel, 'link')!).startsWith(`${ORIGIN}/`)).toBe(true);
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items) {
      expect(item.isPermaLink).toBe('false');
      expect(item.guid).toMatch(/^\d{1,25}$/);
      expect(item.link).toBe(`${ORIGIN}/pin/${item.guid}/`);
    }
    expect(new Set(feed.items.map((i) => i.guid)).size).toBe(feed.items.length);
  });

  it('the board feed holds the board\'s pins', async () => {
    const feed = parseRss((await fetchFeed(inst, `/${BOARD.username}/${BOARD.slug}.rss`)).body);
    expect(feed.items.map((i) => i.guid)).toContain(FAKE_KNOWN.pins.image);
  });

  it('links use CORKBOARD_PUBLIC_URL when set, whatever the Host header says', async () => {
    const feed = parseRss((await fetchFeed(published, FEEDS[2]!, { host: 'attacker.example' })).body);
    expect(textOf(child(feed.channel, 'link')!).startsWith('https://cork.example/')).toBe(true);
    for (const item of feed.items) expect(item.link).toBe(`https://cork.example/pin/${item.guid}/`);
  });

  it('conditional GET: the first response\'s ETag in If-None-Match gives 304 without a body', async () => {
    for (const path of FEEDS) {
      const first = await fetchFeed(inst, path);
      const etag = first.res.headers.get('etag');
      expect(etag, path).toBeTruthy();
      const again = await fetchFeed(inst, path, { 'if-none-match': etag! });
      expect(again.res.status, path).toBe(304);
      expect(again.body, path).toBe('');
      const other = await fetchFeed(inst, path, { 'if-none-match': '"not-this-one"' });
      expect(other.res.status, path).toBe(200);
    }
  });

  it('settings in the query change the feed: ?ai=hide leaves out AI pins, ?ai=off keeps them', async () => {
    const base = FEEDS[2]!;
    const hidden = await fetchFeed(inst, `${base}&ai=hide`);
    const shown = await fetchFeed(inst, `${base}&ai=off`);
    const hiddenIds = parseRss(hidden.body).items.map((i) => i.guid);
    const shownIds = parseRss(shown.body).items.map((i) => i.guid);
    for (const id of AI_PINS) {
      expect(hiddenIds, id).not.toContain(id);
      expect(shownIds, id).toContain(id);
    }
    expect(hidden.res.headers.get('etag')).not.toBe(shown.res.headers.get('etag'));
    // A feed reader sends no cookies; a cookie must not be needed, and the default is the instance's (hide).
    const plain = parseRss((await fetchFeed(inst, base)).body).items.map((i) => i.guid);
    for (const id of AI_PINS) expect(plain, id).not.toContain(id);
  });

  it('a search feed without q is a 400, and unknown users or boards are 404', async () => {
    expect((await inst.get('/search/pins/feed.rss')).status).toBe(400);
    expect((await inst.get(`/${FAKE_KNOWN.missingUserPrefix}-nobody/feed.rss`)).status).toBe(404);
    expect((await inst.get(`/${USER}/no-such-board.rss`)).status).toBe(404);
  });
});
