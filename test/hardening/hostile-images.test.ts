// Hostile and unusual images served by upstream, through the image proxy and the AI scorer (a real
// ONNX session: the tiny test model, with the shipped preprocessing): decompression bombs and
// over-large bodies never crash or balloon memory, the pin ends 'unscored' or the proxy refuses,
// and animated GIFs and CMYK JPEGs are scored like any picture.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { createOnnxModel } from '../../src/ai/onnx-model.js';
import { syntheticPins } from '../../demo/fake-synthetic.js';
import { FAKE_SIGNATURES } from '../../demo/fake-pinterest.js';
import { writeTinyModel } from '../ai/helpers/tiny-model.js';
import { faults } from './helpers/fault-upstream.js';
import { everySize, imagePath, startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';
import * as img from './helpers/hostile-images.js';

const MAX_IMAGE_MB = 2;

interface ImageCase {
  name: string;
  bytes: () => Buffer | Promise<Buffer>;
  contentType: string;
  /** What the scorer must make of it. */
  scored: boolean;
  /** What the proxy must answer: 200 (passed through unchanged) or 502 (refused). */
  proxy: 200 | 502 | 'either';
}

const CASES: ImageCase[] = [
  // Header-only bombs: small bodies, so the proxy may pass them (a browser applies its own limits);
  // the scorer must refuse them from the header, before decoding anything.
  { name: 'PNG declaring 100000x100000', bytes: img.pngBomb, contentType: 'image/png', scored: false, proxy: 'either' },
  { name: 'GIF declaring 65535x65535', bytes: img.gifBomb, contentType: 'image/gif', scored: false, proxy: 'either' },
  { name: 'JPEG declaring 65500x65500', bytes: img.jpegDimensionBomb, contentType: 'image/jpeg', scored: false, proxy: 'either' },
  { name: 'zlib-heavy PNG within the pixel limit (3000x3000 from a few KB)', bytes: () => img.zlibHeavyPng(3000), contentType: 'image/png', scored: true, proxy: 200 },
  { name: 'animated GIF', bytes: img.animatedGif, contentType: 'image/gif', scored: true, proxy: 200 },
  { name: 'CMYK JPEG', bytes: img.cmykJpeg, contentType: 'image/jpeg', scored: true, proxy: 200 },
  { name: 'truncated PNG', bytes: img.truncatedPng, contentType: 'image/png', scored: false, proxy: 502 },
  { name: 'random bytes behind JPEG markers', bytes: img.corruptJpeg, contentType: 'image/jpeg', scored: false, proxy: 'either' },
  {
    name: `a body over CORKBOARD_MAX_IMAGE_MB (${MAX_IMAGE_MB + 1} MiB)`,
    bytes: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc((MAX_IMAGE_MB + 1) * 1024 * 1024, 0x20), Buffer.from([0xff, 0xd9])]),
    contentType: 'image/jpeg',
    scored: false,
    proxy: 502,
  },
];

const SPECIAL = new Set<string>([...FAKE_SIGNATURES.aiProvenance, ...FAKE_SIGNATURES.aiDataset, ...FAKE_SIGNATURES.realDataset]);

describe('hostile images through the proxy and the scorer', () => {
  let inst: FaultyInstance;
  let bodies: Buffer[];
  let tiny: ReturnType<typeof writeTinyModel>;
  beforeAll(async () => {
    tiny = writeTinyModel();
    const model = await createOnnxModel(tiny.manifestPath, { intraOpThreads: 1 });
    inst = await startFaultyInstance({
      model,
      env: {
        CORKBOARD_SCORE_QUEUE: '400',
        // Long enough that every image is decided within the request on a slow machine.
        CORKBOARD_SCORE_BUDGET_MS: '30000',
        CORKBOARD_UPSTREAM_TIMEOUT_MS: '10000',
        CORKBOARD_MAX_IMAGE_MB: String(MAX_IMAGE_MB),
      },
    });
    bodies = await Promise.all(CASES.map((c) => c.bytes()));
  }, 60_000);
  afterAll(async () => {
    await inst?.close();
    if (tiny) rmSync(tiny.dir, { recursive: true, force: true });
  });

  it('scorer: every hostile image leaves its pin unscored, the usual ones are scored, memory stays bounded', async () => {
    // The fake answers a search with 12 synthetic pins (some showing its special pictures): pick a
    // query leaving room for every case plus ordinary images, and give each case a pin.
    const ordinary = (q: string) => syntheticPins(`search:${q}`, 0, 12).filter((p) => !SPECIAL.has(String(p['image_signature'])));
    const QUERY = Array.from({ length: 50 }, (_, n) => `hostile images ${n}`).find((q) => ordinary(q).length >= CASES.length + 2)!;
    const pins = ordinary(QUERY);
    const expected = new Map<string, boolean>();
    pins.forEach((p, i) => {
      const sig = String(p['image_signature']);
      const c = CASES[i];
      if (c) inst.upstream.on(new RegExp(`/${sig}\\.`), faults.body(c.contentType, bodies[i]!));
      expected.set(String(p['id']), c ? c.scored : true);
    });

    const rssBefore = process.memoryUsage().rss;
    const r = await inst.get(`/search/pins/?q=${encodeURIComponent(QUERY)}&ai=off`);
    expect(r.status).toBe(200);
    const $ = cheerio.load(await r.text());
    await inst.deps.scorer.idle();
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    const seen = new Map($('[data-pin-id]').toArray().map((el) => [el.attribs['data-pin-id']!, el.attribs]));
    const wrong: string[] = [];
    for (const [id, shouldScore] of expected) {
      const attrs = seen.get(id);
      if (!attrs) {
        wrong.push(`${id}: not on the page`);
        continue;
      }
      const scored = attrs['data-ai-score'] !== undefined && attrs['data-ai-verdict'] !== 'unscored';
      const label = CASES[[...expected.keys()].indexOf(id)]?.name ?? 'ordinary image';
      if (scored !== shouldScore) wrong.push(`${label}: verdict ${attrs['data-ai-verdict']}, score ${attrs['data-ai-score']}`);
    }
    expect(wrong).toEqual([]);
    // The tiny model scores redness (logit 8(R-B)-1): the CMYK red must read as red after the colour
    // conversion, and the animated GIF is scored on its first (red) frame.
    const scoreOf = (name: string) => Number(seen.get([...expected.keys()][CASES.findIndex((c) => c.name === name)]!)?.['data-ai-score']);
    expect(scoreOf('CMYK JPEG')).toBeGreaterThan(0.9);
    expect(scoreOf('animated GIF')).toBeGreaterThan(0.9);
    // A decoded 100000x100000 PNG would need 30 GB; the largest legal decode here is 27 MB.
    expect(rssGrowth).toBeLessThan(600 * 1024 * 1024);
    expect(inst.deps.scorer.stats().failed).toBeGreaterThanOrEqual(CASES.filter((c) => !c.scored).length);
    expect((await inst.healthz()).status).toBe(200);
  }, 60_000);

  CASES.forEach((c, i) => {
    it(`proxy: ${c.name} -> ${c.proxy === 'either' ? '200 unchanged or 502' : c.proxy}`, async () => {
      const path = imagePath(5000 + i);
      inst.upstream.on(everySize(path), faults.body(c.contentType, bodies[i]!));
      const r = await inst.get(`/img${path}`);
      const body = Buffer.from(await r.arrayBuffer());
      if (c.proxy !== 'either') expect(r.status).toBe(c.proxy);
      expect([200, 502]).toContain(r.status);
      if (r.status === 200) {
        // Passed through byte for byte, typed from the magic bytes, never larger than the cap.
        expect(body.equals(bodies[i]!)).toBe(true);
        expect(r.headers.get('content-type')).toBe(c.contentType);
        expect(body.length).toBeLessThanOrEqual(MAX_IMAGE_MB * 1024 * 1024);
      } else {
        expect(r.headers.get('content-type') ?? '').not.toMatch(/^image\//);
      }
    });
  });

  it('an over-cap body without Content-Length (chunked) is cut off too', async () => {
    const path = imagePath(6000);
    inst.upstream.on(everySize(path), (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' }); // no length: chunked
      res.write(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
      const block = Buffer.alloc(256 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < (MAX_IMAGE_MB + 2) * 1024 * 1024) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', more);
        }
        res.end(Buffer.from([0xff, 0xd9]));
      };
      more();
    });
    const r = await inst.get(`/img${path}`);
    expect(r.status).toBe(502);
    expect((await inst.get(`/img${imagePath(6001)}`)).status).toBe(200);
  });
});
