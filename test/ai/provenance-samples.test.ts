// Conformance on the shared metadata samples: provenance alone catches every AI file and none of
// the camera JPEGs. Reads ../shared (never copied into the repo); skipped when it is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanProvenance } from '../../src/ai/provenance.js';

const dir = path.resolve(process.cwd(), '../shared/datasets/metadata-samples');
const present = existsSync(path.join(dir, 'ai')) && existsSync(path.join(dir, 'real'));
if (!present) console.warn(`skipping provenance sample conformance: ${dir} not present (../shared missing)`);

const files = (label: string): string[] => (present ? readdirSync(path.join(dir, label)).filter((f) => /\.(png|jpe?g|webp)$/i.test(f)).sort() : []);

describe.skipIf(!present)('provenance on ../shared metadata samples', () => {
  const ai = files('ai');
  const real = files('real');

  it('has samples on both sides', () => {
    expect(ai.length).toBeGreaterThan(0);
    expect(real.length).toBeGreaterThan(0);
  });

  it.each(ai)('ai/%s is caught by a decisive provenance signal', (f) => {
    const signals = scanProvenance(readFileSync(path.join(dir, 'ai', f)));
    const decisive = signals.filter((s) => s.decisive);
    expect(decisive.length).toBeGreaterThan(0);
    // The generator family in the file name is the one named in the detail.
    if (f.startsWith('a1111')) expect(decisive.some((s) => s.detail.includes('(AUTOMATIC1111)'))).toBe(true);
    if (f.startsWith('comfyui')) expect(decisive.some((s) => s.detail.includes('(ComfyUI)'))).toBe(true);
  });

  it.each(real)('real/%s raises no decisive signal', (f) => {
    const signals = scanProvenance(readFileSync(path.join(dir, 'real', f)));
    expect(signals.filter((s) => s.decisive)).toEqual([]);
  });
});
