// Trivial-statistics baseline beside the model: protocol-JPEG size and luma/saturation moments in a
// logistic regression, cross-validated inside the evaluated set. If it separates AI from real well,
// the set has shortcuts and the model's figures on it mean less. Mirrors tools/train/baseline.py.
import sharp from 'sharp';

function moments(values: Float64Array): [number, number, number] {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= values.length;
  m3 /= values.length;
  const sd = Math.sqrt(m2);
  return [mean, sd, sd > 1e-12 ? m3 / (sd * sd * sd) : 0];
}

/**
 * Features of one protocol JPEG, in the order of FEATURES in tools/train/baseline.py: log of the
 * byte size, then mean, standard deviation and skew of luma, then of HSV saturation (pixels in [0,1]).
 */
export async function baselineFeatures(jpeg: Buffer): Promise<number[]> {
  const { data, info } = await sharp(jpeg).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  const luma = new Float64Array(n);
  const sat = new Float64Array(n);
  for (let i = 0, p = 0; i < n; i++, p += info.channels) {
    const r = data[p]! / 255;
    const g = data[p + 1]! / 255;
    const b = data[p + 2]! / 255;
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    const mx = Math.max(r, g, b);
    sat[i] = mx > 0 ? (mx - Math.min(r, g, b)) / mx : 0; // HSV saturation
  }
  return [Math.log(jpeg.length), ...moments(luma), ...moments(sat)];
}

export interface LogisticModel {
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

/** Solves A x = b (small, symmetric positive definite) by Gaussian elimination with pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      if (f !== 0) for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => (Math.abs(row[i]!) < 1e-300 ? 0 : row[n]! / row[i]!));
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** L2-regularised logistic regression on standardised features (Newton's method). */
export function fitLogistic(X: readonly number[][], y: readonly boolean[], l2 = 1e-2, iters = 50): LogisticModel {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j]!, 0) / Math.max(1, n));
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / Math.max(1, n)) + 1e-9);
  const Z = X.map((r) => [...r.map((v, j) => (v - mean[j]!) / std[j]!), 1]);
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const z = Z[i]!;
      const p = sigmoid(z.reduce((s, v, j) => s + v * w[j]!, 0));
      const e = p - (y[i] ? 1 : 0);
      const h = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        g[a]! += (e * z[a]!) / n;
        for (let b = 0; b <= d; b++) H[a]![b]! += (h * z[a]! * z[b]!) / n;
      }
    }
    for (let a = 0; a <= d; a++) {
      const reg = a < d ? l2 : 0; // the bias is not shrunk
      g[a]! += reg * w[a]!;
      H[a]![a]! += reg + 1e-9;
    }
    const step = solve(H, g);
    let biggest = 0;
    for (let a = 0; a <= d; a++) {
      w[a]! -= step[a]!;
      biggest = Math.max(biggest, Math.abs(step[a]!));
    }
    if (biggest < 1e-10) break;
  }
  return { mean, std, weights: w.slice(0, d), bias: w[d]! };
}

export function scoreLogistic(model: LogisticModel, x: readonly number[]): number {
  return x.reduce((s, v, j) => s + ((v - model.mean[j]!) / model.std[j]!) * model.weights[j]!, model.bias);
}

/** Small seeded PRNG (mulberry32), so fold assignment is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Out-of-fold baseline scores inside one set: stratified k folds (seeded), each scored by a
 * regression fitted on the other folds. Measures how far trivial statistics separate the set.
 */
export function crossValidatedScores(X: readonly number[][], y: readonly boolean[], folds = 5, seed = 1): number[] {
  const rand = mulberry32(seed);
  const fold = new Array<number>(y.length).fill(0);
  for (const cls of [false, true]) {
    const idx = y.flatMap((v, i) => (v === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((row, k) => (fold[row] = k % folds));
  }
  const out = new Array<number>(y.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const trainIdx = fold.flatMap((v, i) => (v !== f ? [i] : []));
    const testIdx = fold.flatMap((v, i) => (v === f ? [i] : []));
    if (testIdx.length === 0) continue;
    const model = fitLogistic(trainIdx.map((i) => X[i]!), trainIdx.map((i) => y[i]!));
    for (const i of testIdx) out[i] = scoreLogistic(model, X[i]!);
  }
  return out;
}
