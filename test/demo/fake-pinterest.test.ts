import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { FAKE_KNOWN, FAKE_SIGNATURES, startFakePinterest, type FakePinterest } from '../../demo/fake-pinterest.js';
import { A1111_PARAMETERS } from '../../demo/fake-images.js';
import {
  parseBoardResource,
  parseBoardsFeed,
  parsePinFeed,
  parsePinPage,
  parsePinResource,
  parseRelated,
  parseSearch,
  parseSections,
  parseUserPage,
  parseUserResource,
} from '../../src/parse/index.js';

const sharedDir = resolve(process.cwd(), '../shared');
const hasShared = existsSync(resolve(sharedDir, 'fixtures/pinterest'));
const hasDataset = existsSync(resolve(sharedDir, 'datasets/ai-vs-real/manifest.csv'));
if (!hasShared) console.warn('skipping fake-Pinterest checks of real recordings: ../shared not present');

/** tEXt chunks of a PNG, keyword -> text. */
function pngText(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 8;
  while (at + 8 <= buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt') {
      const data = buf.subarray(at + 8, at + 8 + len);
      const nul = data.indexOf(0);
      out[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    }
    at += 12 + len;
  }
  return out;
}

describe('fake Pinterest (own fixtures only)', () => {
  let fake: FakePinterest;
  const handler = { 'x-pinterest-pws-handler': 'www/[username].js' };
  const resource = (name: string, options: object, headers: Record<string, string> = handler) =>
    fetch(`${fake.url}/resource/${name}/get/?source_url=%2F&data=${encodeURIComponent(JSON.stringify({ options, context: {} }))}`, { headers });

  beforeAll(async () => {
    fake = await startFakePinterest({ sharedDir: null });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('refuses resource calls without the PWS handler header, as Pinterest does', async () => {
    const r = await resource('BaseSearchResource', { query: 'forest cabin' }, {});
    expect(r.status).toBe(403);
    expect(await r.text()).toBe('Invalid Resource Request');
  });

  it('pages through the fixture search with the bookmark', async () => {
    const p1 = parseSearch(await (await resource('BaseSearchResource', { query: 'forest cabin', scope: 'pins' })).json());
    expect(p1.items[0]!.id).toBe(FAKE_KNOWN.pins.image);
    const p2 = parseSearch(await (await resource('BaseSearchResource', { query: 'forest cabin', bookmarks: [p1.next] })).json());
    expect(p2.items.map((p) => p.id)).toContain(FAKE_KNOWN.pins.pinterestAiLabel);
    expect(p2.next).toBeNull();
  });

  it('also answers a POST with a form body', async () => {
    const body = new URLSearchParams({ source_url: '/search/pins/?q=forest', data: JSON.stringify({ options: { query: 'forest cabin' }, context: {} }) });
    const r = await fetch(`${fake.url}/resource/BaseSearchResource/get/`, { method: 'POST', headers: { ...handler, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(parseSearch(await r.json()).items).toHaveLength(7);
  });

  it('invents deterministic results for other queries, three pages, and none for "no results"', async () => {
    const a = parseSearch(await (await resource('BaseSearchResource', { query: 'kittens' })).json());
    const b = parseSearch(await (await resource('BaseSearchResource', { query: 'kittens' })).json());
    expect(a.items.map((p) => p.id)).toEqual(b.items.map((p) => p.id));
    expect(a.items.length).toBeGreaterThan(0);
    const p2 = parseSearch(await (await resource('BaseSearchResource', { query: 'kittens', bookmarks: [a.next] })).json());
    const p3 = parseSearch(await (await resource('BaseSearchResource', { query: 'kittens', bookmarks: [p2.next] })).json());
    expect(new Set([...a.items, ...p2.items, ...p3.items].map((p) => p.id)).size).toBe(a.items.length * 3);
    expect(p3.next).toBeNull();
    // A synthetic pin is also served on its own.
    expect(parsePinResource(await (await resource('PinResource', { id: a.items[0]!.id })).json()).title).toBe(a.items[0]!.title);
    expect(parseSearch(await (await resource('BaseSearchResource', { query: FAKE_KNOWN.emptySearchQuery })).json()).items).toEqual([]);
  });

  it('serves every fixture pin kind by id, and a 404 envelope for unknown ids', async () => {
    const get = async (id: string) => parsePinResource(await (await resource('PinResource', { id, field_set_key: 'detailed' })).json());
    expect((await get(FAKE_KNOWN.pins.carousel)).images).toHaveLength(3);
    expect((await get(FAKE_KNOWN.pins.videoHlsOnly)).video?.hls).toMatch(/\.m3u8$/);
    expect((await get(FAKE_KNOWN.pins.ideaPin)).images).toHaveLength(3);
    expect((await get(FAKE_KNOWN.pins.pinterestAiLabel)).digitalMediaSourceType).toBe(11);
    expect((await get(FAKE_KNOWN.pins.genAiTopics)).genAiTopics).not.toBeNull();
    const r = await resource('PinResource', { id: FAKE_KNOWN.missingPin });
    expect(r.status).toBe(404);
    await expect(r.json().then(parsePinResource)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('serves related pins, user, boards, board feed and sections', async () => {
    expect(parseRelated(await (await resource('RelatedModulesResource', { pin_id: FAKE_KNOWN.pins.image })).json()).items).toHaveLength(3);
    expect(parseUserResource(await (await resource('UserResource', { username: 'corkboard_demo' })).json()).fullName).toBe('Corkboard Demo');
    const boards = parseBoardsFeed(await (await resource('BoardsFeedResource', { username: 'corkboard_demo' })).json());
    expect(boards.items.map((b) => b.id)).toEqual(FAKE_KNOWN.boards.map((b) => b.id));
    const board = parseBoardResource(await (await resource('BoardResource', { username: 'corkboard_demo', slug: 'forest-cabins' })).json());
    const feed = parsePinFeed(await (await resource('BoardFeedResource', { board_id: board.id })).json());
    expect(feed.next).not.toBeNull();
    const feed2 = parsePinFeed(await (await resource('BoardFeedResource', { board_id: board.id, bookmarks: [feed.next] })).json());
    expect(feed2.next).toBeNull();
    expect(parseSections(await (await resource('BoardSectionsResource', { board_id: board.id })).json()).items[0]!.slug).toBe('interiors');
    expect(parsePinFeed(await (await resource('BoardSectionPinsResource', { section_id: FAKE_KNOWN.sections[0]!.id })).json()).items).toHaveLength(1);
    const aiBoard = parsePinFeed(await (await resource('BoardFeedResource', { board_id: FAKE_KNOWN.boards[1]!.id })).json());
    expect(aiBoard.items.length).toBeGreaterThan(0);
    expect((await resource('UserResource', { username: 'missing_person' })).status).toBe(404);
    expect(parseUserResource(await (await resource('UserResource', { username: 'someone_else' })).json()).username).toBe('someone_else');
  });

  it('serves pin, profile and board pages with the JSON after </html>', async () => {
    const pinPage = await fetch(`${fake.url}/pin/${FAKE_KNOWN.pins.image}/`);
    expect(pinPage.status).toBe(200);
    expect(parsePinPage(await pinPage.text()).id).toBe(FAKE_KNOWN.pins.image);
    const other = await (await fetch(`${fake.url}/pin/${FAKE_KNOWN.pins.carousel}/`)).text();
    expect(other.indexOf('__PWS_INITIAL_PROPS__')).toBeGreaterThan(other.indexOf('</html>'));
    expect(parsePinPage(other, FAKE_KNOWN.pins.carousel).images).toHaveLength(3);
    const profile = parseUserPage(await (await fetch(`${fake.url}/corkboard_demo/_created/`)).text());
    expect(profile.user.username).toBe('corkboard_demo');
    expect(profile.pins!.items.length).toBeGreaterThan(0);
    expect((await fetch(`${fake.url}/pin/1/`)).status).toBe(404);
    expect((await fetch(`${fake.url}/missing_person/`)).status).toBe(404);
    const home = await fetch(`${fake.url}/`);
    expect(home.headers.get('set-cookie')).toMatch(/^csrftoken=/);
  });

  it('resolves short links to the sent page of a pin, or to a board', async () => {
    const pin = await fetch(`${fake.url}/url_shortener/cork1/redirect/`, { redirect: 'manual' });
    expect(pin.status).toBe(302);
    expect(pin.headers.get('location')).toBe(`https://www.pinterest.com/pin/${FAKE_KNOWN.pins.image}/sent/?invite_code=0123456789abcdef0123456789abcdef&sender=9007199254741100&sfo=1`);
    const board = await fetch(`${fake.url}/url_shortener/cork2/redirect/`, { redirect: 'manual' });
    expect(board.headers.get('location')).toBe('https://www.pinterest.com/corkboard_demo/forest-cabins/');
    expect((await fetch(`${fake.url}/url_shortener/nope/redirect/`, { redirect: 'manual' })).status).toBe(404);
  });

  it('generates images sized by their folder, deterministic per signature', async () => {
    const path = '/236x/12/34/56/123456aaaaaaaaaaaaaaaaaaaaaaaaaa.jpg';
    const a = Buffer.from(await (await fetch(fake.url + path)).arrayBuffer());
    const b = Buffer.from(await (await fetch(fake.url + path)).arrayBuffer());
    expect(a.equals(b)).toBe(true);
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width]).toEqual(['jpeg', 236]);
    const avatar = await sharp(Buffer.from(await (await fetch(`${fake.url}/75x75_RS/12/34/56/123456aaaaaaaaaaaaaaaaaaaaaaaaaa.jpg`)).arrayBuffer())).metadata();
    expect([avatar.width, avatar.height]).toEqual([75, 75]);
    const cover = await sharp(Buffer.from(await (await fetch(`${fake.url}/custom_covers/200x150/9007199254741201_1357917917.jpg`)).arrayBuffer())).metadata();
    expect([cover.width, cover.height]).toEqual([200, 150]);
    expect((await fetch(`${fake.url}/236x/zz/zz/zz/nothex.jpg`)).status).toBe(404);
  });

  it('serves the provenance PNG with an AUTOMATIC1111 parameters chunk', async () => {
    const sig = FAKE_SIGNATURES.aiProvenance[0];
    const r = await fetch(`${fake.url}/736x/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.png`);
    expect(r.headers.get('content-type')).toBe('image/png');
    const buf = Buffer.from(await r.arrayBuffer());
    expect(pngText(buf)['parameters']).toBe(A1111_PARAMETERS);
    expect((await sharp(buf).metadata()).format).toBe('png');
  });

  it('serves MP4 with Range support and HLS playlists with relative segments', async () => {
    const mp4 = `${fake.url}/videos/mc/720p/ab/cd/ef/abcdefabcdefabcdefabcdefabcdefab.mp4`;
    const full = Buffer.from(await (await fetch(mp4)).arrayBuffer());
    expect(full.toString('latin1', 4, 8)).toBe('ftyp');
    const part = await fetch(mp4, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${full.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(full.subarray(100, 200))).toBe(true);
    expect((await fetch(mp4, { headers: { range: `bytes=${full.length + 5}-` } })).status).toBe(416);
    const master = await (await fetch(`${fake.url}/videos/mc/hls/ab/cd/ef/abcdefabcdefabcdefabcdefabcdefab.m3u8`)).text();
    const variantName = master.split('\n').find((l) => l.endsWith('.m3u8'))!;
    expect(variantName).not.toContain('/');
    const variant = await (await fetch(`${fake.url}/videos/mc/hls/ab/cd/ef/${variantName}`)).text();
    const segment = variant.split('\n').find((l) => l.endsWith('.ts'))!;
    const ts = Buffer.from(await (await fetch(`${fake.url}/videos/mc/hls/ab/cd/ef/${segment}`)).arrayBuffer());
    expect(ts[0]).toBe(0x47);
  });

  it('logs requests and injects faults', async () => {
    fake.requests.length = 0;
    await resource('UserResource', { username: 'corkboard_demo' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toMatch(/^\/resource\/UserResource\/get\//);
    expect(fake.requests[0]!.headers['x-pinterest-pws-handler']).toBe('www/[username].js');

    fake.setFault('/resource/UserResource', 'status:429', 1);
    const limited = await resource('UserResource', { username: 'corkboard_demo' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    expect((await resource('UserResource', { username: 'corkboard_demo' })).status).toBe(200);

    fake.setFault('/resource/', 'garbage');
    await expect((await resource('UserResource', { username: 'corkboard_demo' })).json()).rejects.toThrow();
    fake.setFault('/resource/', 'reset');
    await expect(resource('UserResource', { username: 'corkboard_demo' })).rejects.toThrow();
    fake.setFault('/resource/', 'hang');
    await expect(fetch(`${fake.url}/resource/UserResource/get/`, { headers: handler, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    fake.clearFaults();
    expect((await resource('UserResource', { username: 'corkboard_demo' })).status).toBe(200);
  });
});

describe('fake Pinterest latency', () => {
  it('adds the configured latency to every response', async () => {
    const fake = await startFakePinterest({ sharedDir: null, latencyMs: 120 });
    try {
      const t = performance.now();
      await fetch(`${fake.url}/`);
      expect(performance.now() - t).toBeGreaterThanOrEqual(115);
    } finally {
      await fake.close();
    }
  });
});

describe.skipIf(!hasShared)('fake Pinterest with ../shared', () => {
  let fake: FakePinterest;
  const handler = { 'x-pinterest-pws-handler': 'www/search/[scope].js' };
  const resource = (name: string, options: object) =>
    fetch(`${fake.url}/resource/${name}/get/?data=${encodeURIComponent(JSON.stringify({ options, context: {} }))}`, { headers: handler });

  beforeAll(async () => {
    fake = await startFakePinterest({ sharedDir });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('answers "nature aesthetic" with the real recording', async () => {
    const page = parseSearch(await (await resource('BaseSearchResource', { query: 'nature aesthetic' })).json());
    expect(page.items.length).toBeGreaterThanOrEqual(20);
  });

  it('serves the real pin pages and their pins through PinResource', async () => {
    for (const id of FAKE_KNOWN.realPins) {
      const html = await (await fetch(`${fake.url}/pin/${id}/`)).text();
      const fromPage = parsePinPage(html, id);
      const fromResource = parsePinResource(await (await resource('PinResource', { id })).json());
      expect(fromResource.id).toBe(id);
      expect(fromResource.title).toBe(fromPage.title);
      expect(fromResource.images[0]!.signature).toBe(fromPage.images[0]!.signature);
      expect(fromResource.video?.mp4 ?? null).toBe(fromPage.video?.mp4 ?? null);
    }
  });

  it('serves the real profiles as pages and as resources', async () => {
    const page = parseUserPage(await (await fetch(`${fake.url}/idenconvey/`)).text());
    expect(page.boards!.items.length).toBeGreaterThan(0);
    const user = parseUserResource(await (await resource('UserResource', { username: 'idenconvey' })).json());
    expect(user.fullName).toBe(page.user.fullName);
    const board = page.boards!.items[0]!;
    const slug = board.path.split('/')[2]!;
    expect(parseBoardResource(await (await resource('BoardResource', { username: 'idenconvey', slug })).json()).id).toBe(board.id);
    expect(parseUserPage(await (await fetch(`${fake.url}/abracodabra357/_created/`)).text()).user.username).toBe('abracodabra357');
  });

  it.skipIf(!hasDataset)('serves dataset pictures for the dataset signatures', async () => {
    expect(fake.datasetImages.filter((d) => d.label === 'ai')).toHaveLength(FAKE_SIGNATURES.aiDataset.length);
    expect(fake.datasetImages.filter((d) => d.label === 'real')).toHaveLength(FAKE_SIGNATURES.realDataset.length);
    const pick = fake.datasetImages[0]!;
    const sig = pick.signature;
    const served = Buffer.from(await (await fetch(`${fake.url}/736x/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.jpg`)).arrayBuffer());
    const { readFileSync } = await import('node:fs');
    expect(served.equals(readFileSync(pick.file))).toBe(true);
  });
});
