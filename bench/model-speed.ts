// Images scored per second by the real model, end to end (decode, resize, normalise, inference,
// calibration): one image per call, and batches of 8, on dataset pictures or generated JPEGs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createOnnxModel } from '../src/ai/onnx-model.js';
import { round } from './stats.js';

export interface ModelSpeed {
  threads: number;
  images: number;
  source: string;
  batch1PerSec: number;
  batch8PerSec: number;
  batch1MsPerImage: number;
  batch8MsPerImage: number;
  /** Process CPU time per image (all threads), less swayed by other load than wall time. */
  batch1CpuMsPerImage: number;
  batch8CpuMsPerImage: number;
  unscorable: number;
}

/** Up to `count` pictures from ../shared/datasets/ai-vs-real (half AI, half real), else generated. */
export async function benchImages(sharedDir: string | null, count: number): Promise<{ images: Buffer[]; source: string }> {
  const manifest = sharedDir ? join(sharedDir, 'datasets/ai-vs-real/manifest.csv') : null;
  if (manifest && existsSync(manifest)) {
    const rows = readFileSync(manifest, 'utf8').split('\n').slice(1).map((l) => l.split(',')).filter((c) => c.length > 1);
    const pick = (label: string) => rows.filter((c) => c[1] === label).slice(0, Math.ceil(count / 2));
    const files = [...pick('ai'), ...pick('real')].slice(0, count).map((c) => join(sharedDir!, 'datasets/ai-vs-real', c[0]!));
    return { images: files.map((f) => readFileSync(f)), source: '../shared/datasets/ai-vs-real' };
  }
  const images: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    // 736 px wide photo-like noise, the size Pinterest's grid variants come in.
    images.push(await sharp({ create: { width: 736, height: 920 + (i % 5) * 40, channels: 3, background: { r: 40 * (i % 6), g: 120, b: 200 - 20 * (i % 8) }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
      .jpeg({ quality: 85 })
      .toBuffer());
  }
  return { images, source: 'generated 736 px JPEGs' };
}

export async function measureModelSpeed(manifestPath: string, images: Buffer[], source: string, threads: number): Promise<ModelSpeed> {
  const model = await createOnnxModel(manifestPath, { intraOpThreads: threads, maxBatch: 8 });
  try {
    await model.scoreBatch(images.slice(0, 8)); // warm-up
    let unscorable = 0;
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    let c = cpu();
    let t = performance.now();
    for (const img of images) {
      const [score] = await model.scoreBatch([img]);
      if (score?.probability == null) unscorable++;
    }
    const batch1Ms = performance.now() - t;
    const batch1Cpu = cpu() - c;
    c = cpu();
    t = performance.now();
    for (let i = 0; i < images.length; i += 8) await model.scoreBatch(images.slice(i, i + 8));
    const batch8Ms = performance.now() - t;
    const batch8Cpu = cpu() - c;
    return {
      threads,
      images: images.length,
      source,
      batch1PerSec: round((images.length / batch1Ms) * 1000, 1),
      batch8PerSec: round((images.length / batch8Ms) * 1000, 1),
      batch1MsPerImage: round(batch1Ms / images.length, 1),
      batch8MsPerImage: round(batch8Ms / images.length, 1),
      batch1CpuMsPerImage: round(batch1Cpu / images.length, 1),
      batch8CpuMsPerImage: round(batch8Cpu / images.length, 1),
      unscorable,
    };
  } finally {
    await model.close();
  }
}
