// The text-chunk bomb (issue 18 row 3): the provenance scan stays within its per-image budget, the
// decoder never sees the text chunks, and what the model sees is unchanged by the stripping.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { stripPngForDecode } from '../../src/ai/png-strip.js';
import { scanPng } from '../../src/ai/provenance/png.js';
import { MAX_INFLATED_PER_IMAGE, SignalSink } from '../../src/ai/provenance/sink.js';
import { scanProvenance } from '../../src/ai/provenance.js';
import { pngTextBomb } from '../hardening/helpers/hostile-images.js';

/** The chunk types of a PNG, in order. */
function chunkTypes(b: Buffer): string[] {
  const out: string[] = [];
  for (let o = 8; o + 12 <= b.length; ) {
    const len = b.readUInt32BE(o);
    out.push(b.toString('latin1', o + 4, o + 8));
    o += 12 + len;
  }
  return out;
}

describe('PNG text-chunk bomb', () => {
  it('the scan decompresses at most the per-image budget, whatever the chunk count', async () => {
    // 64 chunks x 2 MiB = 128 MiB of text if every chunk were inflated.
    const bomb = await pngTextBomb({ count: 64 });
    // Only the byte budget is under test: a time budget out of reach, so a busy machine cannot end
    // the walk first (it did, beside another suite).
    const sink = new SignalSink({ ms: 1e9 });
    scanPng(bomb, sink);
    expect(sink.inflateLeft).toBe(0); // spent, and never below zero
    // With a budget 256 times larger the same walk inflates far more: the budget is what held it.
    const loose = new SignalSink({ inflatedBytes: 256 * MAX_INFLATED_PER_IMAGE, ms: 1e9 });
    scanPng(bomb, loose);
    expect(256 * MAX_INFLATED_PER_IMAGE - loose.inflateLeft).toBeGreaterThan(4 * MAX_INFLATED_PER_IMAGE);
  });

  it('an injected clock past the time budget stops the walk', async () => {
    const bomb = await pngTextBomb({ count: 8, inflatedEach: 1024, keyword: 'parameters' });
    let t = 0;
    expect(scanProvenance(bomb, { now: () => t })).not.toEqual([]); // in time: the generator chunk is found
    const signals = scanProvenance(bomb, { ms: 10, now: () => (t += 100) });
    expect(signals).toEqual([]);
  });

  it('a generator chunk is still found within the budget', async () => {
    const bomb = await pngTextBomb({ count: 4, inflatedEach: 4096, keyword: 'parameters' });
    expect(scanProvenance(bomb).some((s) => s.decisive)).toBe(true);
  });

  it('stripping keeps IHDR/IDAT/IEND and small colour chunks, drops text and oversized chunks', async () => {
    const bomb = await pngTextBomb({ count: 16, side: 64 });
    const stripped = stripPngForDecode(bomb);
    expect(chunkTypes(bomb).filter((t) => t === 'zTXt')).toHaveLength(16);
    expect(chunkTypes(stripped)).not.toContain('zTXt');
    expect(chunkTypes(stripped)[0]).toBe('IHDR');
    expect(chunkTypes(stripped).at(-1)).toBe('IEND');
    expect(stripped.length).toBeLessThan(bomb.length);
    // Same pixels either way.
    const a = await sharp(bomb).raw().toBuffer();
    const b = await sharp(stripped).raw().toBuffer();
    expect(a.equals(b)).toBe(true);
  });

  it('a PNG without droppable chunks, a broken one and a non-PNG come back as they were', async () => {
    const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
    expect(stripPngForDecode(plain)).toBe(plain);
    const broken = Buffer.concat([plain.subarray(0, 20), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
    expect(stripPngForDecode(broken)).toBe(broken);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(stripPngForDecode(jpeg)).toBe(jpeg);
  });
});
