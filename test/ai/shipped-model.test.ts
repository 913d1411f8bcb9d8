// The shipped default model as an artefact: its manifest loads (sha256 checked), its sensitivities are
// ordered, and the operating points recorded beside the thresholds agree with how they were chosen
// (by false-positive rate on held-out real photos and human art, the stricter group deciding).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/ai/manifest.js';
import type { Sensitivity } from '../../src/ai/types.js';

const manifestPath = path.resolve(process.cwd(), 'models/default/manifest.json');

interface Count { threshold: number; fp: number; n_real: number; fpr: number | null }
interface SensitivityPoints {
  target_fpr: { hide: number; label: number };
  out_of_fold: Record<'photo' | 'art', Record<'label' | 'hide', Count>>;
}

describe('shipped default model', () => {
  it('loads, with its sha256 checked', async () => {
    const { manifest, onnxPath } = await loadManifest(manifestPath);
    expect(path.basename(onnxPath)).toBe(manifest.file);
    expect(manifest.output.kind).toBe('logit');
  });

  it('a stricter sensitivity never has a lower threshold', async () => {
    const { manifest } = await loadManifest(manifestPath);
    const order: Sensitivity[] = ['high', 'medium', 'low'];
    for (const kind of ['label', 'hide'] as const) {
      const values = order.map((s) => manifest.thresholds[s][kind]);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
    }
  });

  it('records, per group, held-out false-positive rates at or under each target', () => {
    const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      thresholds: Record<Sensitivity, { label: number; hide: number }>;
      operating_points: { per_sensitivity: Record<Sensitivity, SensitivityPoints> };
    };
    for (const s of ['low', 'medium', 'high'] as const) {
      const points = raw.operating_points.per_sensitivity[s];
      for (const group of ['photo', 'art'] as const) {
        for (const kind of ['label', 'hide'] as const) {
          const c = points.out_of_fold[group][kind];
          expect(c.threshold).toBe(raw.thresholds[s][kind]);
          expect(c.n_real).toBeGreaterThan(100); // so that a 1 % target can show at least one false positive
          expect(c.fp / c.n_real).toBeLessThanOrEqual(points.target_fpr[kind] + 1e-12);
        }
      }
    }
  });
});
