// Feature extraction for tools/train/view_features.py with onnxruntime-node, about 8x less CPU than the
// PyTorch path of onnx_torch.py on this machine (the same graph; parity 4e-6). Reads a raw float32
// [N, 3, 224, 224] file, runs the `block_stats` output of MODEL (a graph written by view_features.py:
// the backbone and its 17 block means) and writes a raw float32 [N, D] file.
// usage: node tools/train/ort_block_means.mjs MODEL.onnx IN.f32 OUT.f32 [threads]
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const [model, input, output, threads = '2'] = process.argv.slice(2);
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: Number(threads), interOpNumThreads: 1 });
const buf = readFileSync(input);
const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const per = 3 * 224 * 224;
const n = data.length / per;
const parts = [];
for (let s = 0; s < n; s += 16) {
  const k = Math.min(16, n - s);
  const out = await session.run({ input: new ort.Tensor('float32', data.subarray(s * per, (s + k) * per), [k, 3, 224, 224]) }, ['block_stats']);
  const d = out.block_stats.data;
  parts.push(Buffer.from(d.buffer, d.byteOffset, d.byteLength));
}
writeFileSync(output, Buffer.concat(parts));
