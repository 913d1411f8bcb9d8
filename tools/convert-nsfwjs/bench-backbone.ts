// One-off timing of a converted backbone: inference ms/image at batch 1 and 8, and preprocessing of a 736 px JPEG.
// Usage: npx tsx tools/convert-nsfwjs/bench-backbone.ts FILE.onnx [threads]
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { toInputTensor } from '../../src/ai/preprocess.js';
import type { ModelManifest } from '../../src/ai/types.js';

const [file, threadsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: bench-backbone.ts FILE.onnx [threads]');
  process.exit(2);
}
const threads = Number(threadsArg ?? 2);
const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });

async function msPerImage(batch: number, runs: number): Promise<number> {
  const data = new Float32Array(batch * 3 * 224 * 224).map((_, i) => (i % 251) / 251);
  const feeds = { input: new ort.Tensor('float32', data, [batch, 3, 224, 224]) };
  await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push((performance.now() - t) / batch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!; // median
}

const b1 = await msPerImage(1, 20);
const b8 = await msPerImage(8, 6);

// Preprocessing: a 736x1104 photo-like JPEG (noise), as Pinterest's 736x variant.
const noise = await sharp({ create: { width: 736, height: 1104, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
  .jpeg({ quality: 85 })
  .toBuffer();
const input: ModelManifest['input'] = {
  name: 'input', layout: 'NCHW', size: [224, 224], resize: 'shorter_side', crop: 'center', interpolation: 'bilinear',
  alpha: 'white', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], min_source_px: 224,
};
await toInputTensor([noise], input);
const t = performance.now();
const n = 16;
for (let i = 0; i < n; i++) await toInputTensor([noise], input);
const pre = (performance.now() - t) / n;

console.log(JSON.stringify({ file, threads, ms_per_image_batch1: +b1.toFixed(1), ms_per_image_batch8: +b8.toFixed(1), preprocess_ms_736x1104_jpeg: +pre.toFixed(1) }));
await session.release();
