// The demo's pictures: shipped photographs and artworks with their credits, cropped to the pin's
// shape, and drawn stand-ins for the AI pins (the provenance one keeps its generator metadata).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGenerated, demoPhoto } from '../../demo/demo-pictures.js';
import { FAKE_SIGNATURES, startFakePinterest, type FakePinterest } from '../../demo/fake-pinterest.js';

const DIR = join(import.meta.dirname, '../../demo/pictures');

describe('demo pictures', () => {
  it('every shipped picture is credited, and all of them stay small', () => {
    const credits = readFileSync(join(DIR, 'CREDITS.md'), 'utf8');
    const files = readdirSync(DIR).filter((f) => f.endsWith('.jpg'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) expect(credits, f).toContain(`\`${f}\``);
    const total = files.reduce((n, f) => n + statSync(join(DIR, f)).size, 0);
    expect(total).toBeLessThan(600 * 1024);
  });

  it('crops a photograph to the asked size, the same one for every size of a signature', async () => {
    const a = await sharp(await demoPhoto('f4af05d20223b279c1f87e0655e2b073', 236, 354, 'jpeg')).metadata();
    expect([a.format, a.width, a.height]).toEqual(['jpeg', 236, 354]);
    const small = await sharp(await demoPhoto('f4af05d20223b279c1f87e0655e2b073', 50, 50, 'png')).raw().toBuffer();
    const again = await sharp(await demoPhoto('f4af05d20223b279c1f87e0655e2b073', 50, 50, 'png')).raw().toBuffer();
    expect(small.equals(again)).toBe(true);
    // Not a flat colour: a photograph has many distinct values.
    expect(new Set(small).size).toBeGreaterThan(100);
    const g = await sharp(await demoGenerated('b71ff3de72d48aadb6f1effb3f656223', 300, 400, 'webp')).metadata();
    expect([g.format, g.width, g.height]).toEqual(['webp', 300, 400]);
  });
});

describe('fake Pinterest with demo pictures', () => {
  let fake: FakePinterest;
  beforeAll(async () => {
    fake = await startFakePinterest({ sharedDir: null, pictures: 'demo' });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('serves photographs for ordinary pins and keeps the AUTOMATIC1111 metadata on the provenance pin', async () => {
    const photo = await fetch(`${fake.url}/236x/f4/af/05/f4af05d20223b279c1f87e0655e2b073.jpg`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const raw = await sharp(Buffer.from(await photo.arrayBuffer())).resize(40, 40).raw().toBuffer();
    expect(new Set(raw).size).toBeGreaterThan(60);
    const sig = FAKE_SIGNATURES.aiProvenance[0];
    const png = Buffer.from(await (await fetch(`${fake.url}/236x/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.png`)).arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.includes(Buffer.from('parameters\0', 'latin1'))).toBe(true);
  });
});
