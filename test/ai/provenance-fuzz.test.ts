// Property tests: the container scanners themselves (not only scanProvenance's guard) never throw
// and stay fast on random bytes and on random corruptions of valid files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJpeg } from '../../src/ai/provenance/jpeg.js';
import { scanPng } from '../../src/ai/provenance/png.js';
import { SignalSink } from '../../src/ai/provenance/sink.js';
import { scanWebp } from '../../src/ai/provenance/webp.js';
import { scanJumbf } from '../../src/ai/provenance/jumbf.js';
import { scanExif } from '../../src/ai/provenance/exif.js';
import { IPTC, app11, app1Exif, app1Xmp, asciiz, c2paStore, iTXt, jpeg, png, pngChunk, tEXt, tiff, webp, webpChunk, zTXt } from './provenance-builders.js';

const seeds = {
  png: png(tEXt('parameters', 'Steps: 20, Sampler: Euler'), zTXt('prompt', '{"class_type": "KSampler"}'), iTXt('XML:com.adobe.xmp', `${IPTC}trainedAlgorithmicMedia`, true), pngChunk('caBX', c2paStore(`${IPTC}digitalCapture`)), pngChunk('eXIf', tiff([{ tag: 0x131, value: asciiz('Midjourney') }]))),
  jpeg: jpeg(app1Exif(tiff([{ tag: 0x131, value: asciiz('NovelAI') }], [{ tag: 0x9286, type: 7, value: Buffer.from('ASCII\0\0\0Steps: 1, Seed: 2') }])), app1Xmp('<x CreatorTool="Midjourney">'), ...app11(c2paStore(`${IPTC}trainedAlgorithmicMedia`), 40)),
  webp: webp(webpChunk('EXIF', tiff([{ tag: 0x131, value: asciiz('ComfyUI') }], null, false)), webpChunk('XMP ', Buffer.from('<x CreatorTool="DALL-E">')), webpChunk('C2PA', c2paStore('x'))),
};

const scanners = {
  png: (b: Uint8Array) => scanPng(b, new SignalSink()),
  jpeg: (b: Uint8Array) => scanJpeg(b, new SignalSink()),
  webp: (b: Uint8Array) => scanWebp(b, new SignalSink()),
};

/** A valid file with random bytes overwritten, random cuts and random insertions. */
const corrupted = (seed: Buffer) =>
  fc
    .record({
      writes: fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      cut: fc.nat(seed.length),
      insertAt: fc.nat(seed.length),
      insert: fc.uint8Array({ maxLength: 16 }),
    })
    .map(({ writes, cut, insertAt, insert }) => {
      const b = Buffer.from(seed);
      for (const [at, v] of writes) b[at] = v;
      const grown = Buffer.concat([b.subarray(0, insertAt), insert, b.subarray(insertAt)]);
      return grown.subarray(0, Math.max(cut, 8));
    });

describe('container scanners under random corruption', () => {
  for (const kind of ['png', 'jpeg', 'webp'] as const) {
    it(`${kind}: never throws, returns quickly`, () => {
      fc.assert(
        fc.property(corrupted(seeds[kind]), (bytes) => {
          const started = performance.now();
          expect(() => scanners[kind](bytes)).not.toThrow();
          expect(performance.now() - started).toBeLessThan(500);
        }),
        { numRuns: 400, seed: 42 },
      );
    });
  }

  it('JUMBF and TIFF readers on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(() => scanJumbf(bytes, 'x', new SignalSink())).not.toThrow();
        expect(() => scanExif(bytes, 'x', new SignalSink())).not.toThrow();
        // With valid headers in front, so the walkers get past the magic checks.
        expect(() => scanJumbf(Buffer.concat([Buffer.from([0, 0, 2, 0]), Buffer.from('jumb'), bytes]), 'x', new SignalSink())).not.toThrow();
        expect(() => scanExif(Buffer.concat([Buffer.from('II*\0\x08\0\0\0'), bytes]), 'x', new SignalSink())).not.toThrow();
        expect(() => scanExif(Buffer.concat([Buffer.from('MM\0*\0\0\0\x08'), bytes]), 'x', new SignalSink())).not.toThrow();
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('the seeds themselves are detected (so the fuzzing starts from meaningful files)', () => {
    for (const kind of ['png', 'jpeg', 'webp'] as const) {
      const sink = new SignalSink();
      ({ png: scanPng, jpeg: scanJpeg, webp: scanWebp })[kind](seeds[kind], sink);
      expect(sink.signals.filter((s) => s.decisive).length).toBeGreaterThan(0);
    }
  });
});
