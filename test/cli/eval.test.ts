// `npm run eval`: CSV reading, protocol-fed scoring, figures per kind group, baseline, last-line JSON.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageModel, ModelManifest, ModelScore } from '../../src/ai/types.js';
import { EvalCsvError, parseArgs, parseCsv, readEvalRows, runEvalCli, type EvalCliDeps } from '../../src/cli/eval.js';

let dir: string;

/** A 300x200 JPEG of one grey level with a little texture, so files differ. */
async function greyImage(level: number, seed: number): Promise<Buffer> {
  const w = 300;
  const h = 200;
  const px = Buffer.alloc(w * h * 3);
  for (let i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, level + (((i + seed * 7919) * 2654435761) >>> 28) - 8));
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

// ai images are bright (level 150..205), real ones dark (40..95); the fake model scores brightness.
const ROWS: { file: string; label: 'ai' | 'real'; kind: string; level: number }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'corkboard-eval-'));
  const kinds = ['photo', 'illustration', 'anime', 'photo', 'other', 'photo'];
  for (let i = 0; i < 12; i++) {
    const ai = i < 6;
    const level = ai ? 150 + i * 11 : 40 + (i - 6) * 11;
    const file = `img/${ai ? 'ai' : 'real'}_${i}.jpg`;
    ROWS.push({ file, label: ai ? 'ai' : 'real', kind: kinds[i % 6]!, level });
  }
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.join(dir, 'img'));
  for (const [i, r] of ROWS.entries()) writeFileSync(path.join(dir, r.file), await greyImage(r.level, i));
  const csv = ['file,label,kind,note', ...ROWS.map((r) => `${r.file},${r.label},${r.kind},"a, quoted ""note"""`), 'img/missing.jpg,real,photo,gone'].join('\r\n');
  writeFileSync(path.join(dir, 'eval.csv'), csv);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Probability = mean luma / 255 of the image it receives; records the sizes it was fed. */
function fakeModel(seen: { width: number; height: number; format: string }[]): ImageModel {
  const manifest = {
    thresholds: { low: { label: 0.7, hide: 0.9 }, medium: { label: 0.5, hide: 0.7 }, high: { label: 0.3, hide: 0.5 } },
    runtime: { max_batch: 5 },
  } as unknown as ModelManifest;
  return {
    info: { id: 'fake', name: 'fake', version: '1', sha256: 'ab'.repeat(32), license: 'MIT', source: 'test' },
    manifest,
    async scoreBatch(images: Buffer[]): Promise<ModelScore[]> {
      return Promise.all(
        images.map(async (b) => {
          const meta = await sharp(b).metadata();
          seen.push({ width: meta.width!, height: meta.height!, format: meta.format! });
          const stats = await sharp(b).stats();
          return { probability: stats.channels[0]!.mean / 255 };
        }),
      );
    },
    async close() {},
  };
}

function run(argv: string[], over: Partial<EvalCliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const seen: { width: number; height: number; format: string }[] = [];
  const deps: EvalCliDeps = {
    configuredModelPath: '/nonexistent/manifest.json',
    defaultSensitivity: 'medium',
    loadModel: async () => fakeModel(seen),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    ...over,
  };
  return runEvalCli(argv, deps).then((code) => ({ code, out, err: err.join('\n'), seen, json: out.length ? JSON.parse(out[out.length - 1]!) : null }));
}

describe('parseCsv / readEvalRows', () => {
  it('reads quoted fields with commas, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
    expect(parseCsv('a,b\n"multi\nline",2')).toEqual([
      ['a', 'b'],
      ['multi\nline', '2'],
    ]);
  });

  it('resolves paths against the CSV folder and reads the optional kind', () => {
    const rows = readEvalRows('file,label,kind\nsub/a.jpg,AI,Photo\nb.png,real,\n', '/data/set/eval.csv');
    expect(rows).toEqual([
      { file: 'sub/a.jpg', absPath: '/data/set/sub/a.jpg', ai: true, kind: 'photo', source: null },
      { file: 'b.png', absPath: '/data/set/b.png', ai: false, kind: null, source: null },
    ]);
    expect(readEvalRows('file,label,source_repo\na.jpg,ai,owner/repo\nb.jpg,real,\n', '/d/e.csv').map((r) => r.source)).toEqual(['owner/repo', null]);
  });

  it('refuses missing columns and unknown labels with a typed error naming the line', () => {
    expect(() => readEvalRows('path,label\na.jpg,ai\n', 'x.csv')).toThrow(EvalCsvError);
    expect(() => readEvalRows('file,label\na.jpg,ai\nb.jpg,fake\n', 'x.csv')).toThrow(/line 3: label must be ai or real/);
    expect(() => parseCsv('a,"open')).toThrow(EvalCsvError);
  });

  it('parses options and refuses unknown ones', () => {
    expect(parseArgs(['--model', 'm.json', '--sensitivity=low', 'e.csv'])).toEqual({ csv: 'e.csv', modelPath: 'm.json', sensitivity: 'low', help: false });
    expect(parseArgs(['--bogus'])).toMatch(/unknown option/);
    expect(parseArgs(['--sensitivity', 'max', 'e.csv'])).toMatch(/sensitivity/);
  });
});

describe('runEvalCli', () => {
  it('feeds the model protocol images and reports figures per group, baseline and confusion; last line JSON', async () => {
    const r = await run([path.join(dir, 'eval.csv')]);
    expect(r.code).toBe(0);
    // Every image reached the model as the protocol's 236x236 JPEG.
    expect(r.seen.length).toBe(12);
    for (const s of r.seen) expect(s).toEqual({ width: 236, height: 236, format: 'jpeg' });
    const j = r.json;
    expect(j.rows).toBe(13);
    expect(j.scored).toBe(12);
    expect(j.unscored).toBe(1);
    expect(r.err).toMatch(/img\/missing\.jpg/);
    expect(r.err).toMatch(/13\/13 images/); // progress on stderr
    // Brightness separates ai from real perfectly.
    expect(j.auroc).toBe(1);
    expect(j.tpr_at_fpr_1pct).toBe(1);
    expect(j.groups.photo).toMatchObject({ n_ai: 3, n_real: 3, auroc: 1 });
    expect(j.groups.art).toMatchObject({ n_ai: 2, n_real: 2, auroc: 1 }); // illustration + anime; 'other' only in all
    expect(j.groups.all).toMatchObject({ n_ai: 6, n_real: 6 });
    // Medium thresholds of the fake: label 0.5, hide 0.7. ai levels 150..205 -> p 0.59..0.80.
    const expected = { ai: 0, unsure: 0, notAi: 0 };
    for (const row of ROWS.filter((x) => x.label === 'ai')) {
      const p = row.level / 255;
      if (p >= 0.7) expected.ai++;
      else if (p >= 0.5) expected.unsure++;
      else expected.notAi++;
    }
    // JPEG rounding can move a mean by a fraction of a level; none of the levels sits that close to a threshold.
    expect(j.confusion.ai).toEqual(expected);
    expect(j.confusion.real).toEqual({ ai: 0, unsure: 0, notAi: 6 });
    expect(j.confusion.thresholds).toEqual({ label: 0.5, hide: 0.7 });
    // The baseline (brightness is a trivial statistic here) finds the same shortcut.
    expect(j.baseline.auroc).toBeGreaterThan(0.75); // 12 images in 5 folds: small training folds
    expect(j.protocol).toMatchObject({ size: 236, jpegQuality: 80 });
    expect(r.out.some((l) => l.includes('art (illustration+anime)'))).toBe(true);
  });

  it('uses the thresholds of the requested sensitivity', async () => {
    const r = await run(['--sensitivity', 'high', path.join(dir, 'eval.csv')]);
    expect(r.json.sensitivity).toBe('high');
    expect(r.json.confusion.thresholds).toEqual({ label: 0.3, hide: 0.5 });
    expect(r.json.confusion.ai).toEqual({ ai: 6, unsure: 0, notAi: 0 });
  });

  it('exits 2 with a message for a bad CSV or a model that does not load', async () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'file,label\na.jpg,maybe\n');
    const bad = await run([path.join(dir, 'bad.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/label must be ai or real/);
    const noModel = await run([path.join(dir, 'eval.csv')], { loadModel: async () => Promise.reject(new Error('sha256 mismatch')) });
    expect(noModel.code).toBe(2);
    expect(noModel.err).toMatch(/cannot load model.*sha256 mismatch/);
    expect((await run([])).code).toBe(2);
  });

  it('prints per-source figures, worst first, when the CSV has source_repo', async () => {
    // Three sources: two single-label ones (bright ai, dark real) and one mixed source whose ai image is
    // darker than its real one, so it ranks worst and its AI image is neither labelled nor hidden.
    const lines = ['file,label,kind,source_repo'];
    for (const [i, r] of ROWS.entries()) if (i !== 0 && i !== 11) lines.push(`${r.file},${r.label},${r.kind},${r.label === 'ai' ? 'gen/bright' : 'cam/dark'}`);
    writeFileSync(path.join(dir, 'mixed_ai.jpg'), await greyImage(60, 99));
    writeFileSync(path.join(dir, 'mixed_real.jpg'), await greyImage(190, 98));
    lines.push('mixed_ai.jpg,ai,photo,both/mixed', 'mixed_real.jpg,real,photo,both/mixed');
    writeFileSync(path.join(dir, 'sources.csv'), lines.join('\n'));
    const r = await run([path.join(dir, 'sources.csv')]);
    expect(r.code).toBe(0);
    const s = r.json.sources as { source: string; n_ai: number; n_real: number; auroc_inside: number | null; auroc_vs_other_label: number; labelled: number; hidden: number }[];
    expect(s.map((x) => x.source)).toEqual(['both/mixed', 'cam/dark', 'gen/bright']);
    expect(s[0]).toMatchObject({ n_ai: 1, n_real: 1, auroc_inside: 0, auroc_vs_other_label: 0 });
    // gen/bright (5 ai, levels 161..205) against every real image of the set (5 dark + the mixed one at
    // 190): 25 + 2 of 30 pairs won. cam/dark (5 real, 40..84) against every ai image (5 bright + the
    // mixed one at 60, above two of them): also 27 of 30, so the tie is broken by name.
    expect(s[2]).toMatchObject({ n_ai: 5, n_real: 0, auroc_inside: null, hidden: 3 / 5 });
    expect(s[2]!.auroc_vs_other_label).toBeCloseTo(27 / 30, 10);
    expect(s[1]).toMatchObject({ n_ai: 0, n_real: 5, labelled: 0, hidden: 0 });
    expect(s[1]!.auroc_vs_other_label).toBeCloseTo(27 / 30, 10);
    // The fake's medium label threshold is 0.5 (p = luma/255): every bright ai image is labelled.
    expect(s[2]!.labelled).toBe(1);
    // The overall contract is unchanged: the last line still carries the overall figures.
    expect(r.json).toMatchObject({ scored: 12, auroc: expect.any(Number), tpr_at_fpr_5pct: expect.any(Number) });
    expect(r.out.some((l) => /^per source \(3; worst first/.test(l))).toBe(true);
    expect(r.out.findIndex((l) => l.includes('both/mixed'))).toBeLessThan(r.out.findIndex((l) => l.includes('gen/bright')));
    // Without the column there is no per-source block.
    expect((await run([path.join(dir, 'eval.csv')])).json.sources).toBeUndefined();
  });

  it('exits 1 when a class is missing, so no AUROC exists', async () => {
    writeFileSync(path.join(dir, 'one-class.csv'), `file,label\n${ROWS[0]!.file},ai\n`);
    const r = await run([path.join(dir, 'one-class.csv')]);
    expect(r.code).toBe(1);
    expect(r.json.auroc).toBeNull();
  });
});

// The shipped model on a few images of its own training sources (never the held-out ones): a smoke
// check that model, manifest, runtime preprocessing and protocol fit together.
const shared = path.resolve(process.cwd(), '../shared/datasets/ai-vs-real');
const shippedManifest = path.resolve(process.cwd(), 'models/default/manifest.json');
const haveShared = existsSync(path.join(shared, 'manifest.csv')) && existsSync(shippedManifest);
if (!haveShared) console.warn('skipping shipped-model eval check: ../shared or models/default not present');

describe.skipIf(!haveShared)('shipped model on training-source images', () => {
  it('separates 16 ai from 16 real images of its training sources', async () => {
    const split = JSON.parse(readFileSync(path.resolve(process.cwd(), 'tools/train/split.json'), 'utf8')) as { test: string[]; val: string[] };
    const rows = parseCsv(readFileSync(path.join(shared, 'manifest.csv'), 'utf8'));
    const h = rows[0]!;
    const at = (r: string[], c: string) => r[h.indexOf(c)]!;
    const train = rows.slice(1).filter((r) => !split.test.includes(at(r, 'source_repo')) && !split.val.includes(at(r, 'source_repo')));
    const pick = (label: string) => train.filter((r) => at(r, 'label') === label).filter((_, i) => i % 9 === 0).slice(0, 16);
    const chosen = [...pick('ai'), ...pick('real')];
    const csvPath = path.join(dir, 'shipped.csv');
    writeFileSync(csvPath, ['file,label,kind', ...chosen.map((r) => `${path.join(shared, at(r, 'file'))},${at(r, 'label')},${at(r, 'kind')}`)].join('\n'));
    const { createOnnxModel } = await import('../../src/ai/onnx-model.js');
    const r = await run(['--model', shippedManifest, csvPath], { loadModel: (p) => createOnnxModel(p) });
    expect(r.code).toBe(0);
    expect(r.json.scored).toBe(32);
    expect(r.json.auroc).toBeGreaterThan(0.8);
  }, 120_000);
});
