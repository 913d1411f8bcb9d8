// The parsers against the real recorded Pinterest responses in ../shared (never copied here).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extractEmbedded,
  extractEmbeddedWithCheerio,
  parsePinPage,
  parseSearch,
  parseUserPage,
} from '../../src/parse/index.js';
import type { Pin } from '../../src/domain/types.js';

const dir = resolve(process.cwd(), '../shared/fixtures/pinterest');
const present = existsSync(dir);
if (!present) console.warn(`skipping real-fixture conformance tests: ${dir} not present (../shared not present)`);
const files = present ? readdirSync(dir).filter((f) => /\.(json|html)$/.test(f)) : [];
const read = (f: string) => readFileSync(resolve(dir, f), 'utf8');

function expectLocalOnly(value: unknown): void {
  const text = JSON.stringify(value);
  expect(text).not.toMatch(/pinimg\.com/i);
  expect(text).not.toMatch(/pinterest\.[a-z]/i);
}

function expectUsablePin(pin: Pin): void {
  expect(pin.id).toMatch(/^\d+$/);
  expect(pin.images.length + (pin.video ? 1 : 0)).toBeGreaterThan(0);
  for (const set of pin.images) {
    expect(set.variants.length).toBeGreaterThan(0);
    for (const v of set.variants) expect(v.path).toMatch(/^\/img\//);
    const widths = set.variants.map((v) => v.width).filter((w): w is number => w !== null);
    expect([...widths].sort((a, b) => a - b)).toEqual(widths);
  }
}

describe.skipIf(!present)('real recordings in ../shared/fixtures/pinterest', () => {
  it('there is something to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const f of files.filter((f) => f.startsWith('api-BaseSearchResource'))) {
    it(`${f}: a page of typed pins with string ids and a next bookmark`, () => {
      const raw = JSON.parse(read(f));
      const page = parseSearch(raw);
      const results = raw.resource_response.data.results as Array<{ id: string; type: string; is_promoted?: boolean }>;
      const expectedIds = results.filter((r) => r.type === 'pin' && !r.is_promoted).map((r) => r.id);
      expect(page.items.map((p) => p.id)).toEqual(expectedIds);
      expect(page.items.length).toBeGreaterThanOrEqual(20);
      expect(page.next).toBe(raw.resource_response.bookmark);
      page.items.forEach(expectUsablePin);
      const video = page.items.find((p) => p.video);
      if (results.some((r: any) => r.videos)) expect(video?.video?.mp4).toMatch(/^\/vid\/videos\/.*\.mp4$/);
      expectLocalOnly(page);
    });
  }

  for (const f of files.filter((f) => f.startsWith('html-'))) {
    it(`${f}: the scanner finds the same embedded JSON as cheerio`, () => {
      const html = read(f);
      expect(extractEmbedded(html)).toEqual(extractEmbeddedWithCheerio(html));
    });
  }

  for (const f of files.filter((f) => f.startsWith('html-pin-'))) {
    const id = /^html-pin-(\d+)-/.exec(f)![1]!;
    it(`${f}: the pin with id ${id}, its title and pictures`, () => {
      const html = read(f);
      const pin = parsePinPage(html, id);
      expect(pin.id).toBe(id);
      expectUsablePin(pin);
      // The title the page shows: its own title, else the grid or SEO title from the Relay data.
      const relay = extractEmbedded(html).relay.map((r: any) => r?.response?.data?.v3GetPinQuery?.data).filter(Boolean);
      const candidates = relay.flatMap((d: any) => [d.title, d.gridTitle, d.seoTitle]).filter((t: unknown) => typeof t === 'string' && t.trim());
      expect(candidates).toContain(pin.title);
      const signature = relay.find((d: any) => d.imageSignature)?.imageSignature;
      expect(pin.images[0]!.signature).toBe(signature);
      expect(pin.pinner?.username).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(pin.board?.path).toMatch(/^\/[^/]+\/[^/]+\/$/);
      if (f.includes('video')) {
        expect(pin.video?.mp4).toMatch(/^\/vid\/videos\/.*\.mp4$/);
        expect(pin.video?.hls).toMatch(/^\/vid\/videos\/.*\.m3u8$/);
        expect(pin.video?.durationMs).toBeGreaterThan(0);
      }
      expectLocalOnly(pin);
    });
  }

  for (const f of files.filter((f) => f.startsWith('html-user-'))) {
    const username = /^html-user-([A-Za-z0-9_.-]+?)-/.exec(f)![1]!;
    it(`${f}: the profile of ${username}${f.includes('DUPLICATED') ? ' despite the duplicated document' : ''}`, () => {
      const page = parseUserPage(read(f));
      expect(page.user.username).toBe(username);
      expect(page.user.id).toMatch(/^\d+$/);
      expect(page.user.fullName).not.toBe('');
      if (f.includes('profile')) {
        // The full profile page caches boards and saved pins.
        expect(page.user.followerCount).toBeGreaterThan(0);
        expect(page.boards!.items.length).toBeGreaterThan(0);
        expect(page.boards!.items.every((b) => b.path.startsWith(`/${username}/`))).toBe(true);
        expect(page.boards!.next).not.toBeNull();
        expect(page.pins!.items.length).toBeGreaterThan(0);
        expect(page.pins!.next).not.toBeNull();
        page.pins!.items.forEach(expectUsablePin);
      }
      expectLocalOnly(page);
    });
  }
});
