import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImageModel, ModelManifest, ModelScore } from '../../src/ai/types.js';
import { parseArgs, runScoreCli, type ScoreCliDeps } from '../../src/cli/score.js';
import sharp from 'sharp';
import { IPTC, app1Xmp, jpeg, png, tEXt } from '../ai/provenance-builders.js';
import { writeTinyModel } from '../ai/helpers/tiny-model.js';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'corkboard-score-'));
  writeFileSync(file('a1111.png'), png(tEXt('parameters', 'cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1')));
  writeFileSync(file('plain.png'), png(tEXt('Software', 'GIMP 2.10')));
  writeFileSync(file('camera.jpg'), jpeg(app1Xmp(`<x Iptc4xmpExt:DigitalSourceType="${IPTC}digitalCapture"/>`)));
  writeFileSync(file('notes.txt'), 'not an image');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Probability by file kind: plain.png 0.95, camera.jpg 0.97, a1111.png 0.2, anything else unscorable. */
function fakeModel(): ImageModel & { closed: boolean } {
  const manifest = {
    thresholds: { low: { label: 0.9, hide: 0.99 }, medium: { label: 0.6, hide: 0.9 }, high: { label: 0.3, hide: 0.5 } },
    runtime: { max_batch: 2 },
  } as unknown as ModelManifest;
  return {
    closed: false,
    info: { id: 'fake', name: 'fake', version: '1', sha256: '0', license: 'MIT', source: 'test' },
    manifest,
    async scoreBatch(images: Buffer[]): Promise<ModelScore[]> {
      return images.map((b) => {
        const s = b.toString('latin1');
        if (s.includes('GIMP')) return { probability: 0.95 };
        if (s.includes('digitalCapture')) return { probability: 0.97 };
        if (s.includes('Steps:')) return { probability: 0.2 };
        return { probability: null, reason: 'cannot decode' };
      });
    },
    async close() {
      this.closed = true;
    },
  };
}

function run(argv: string[], over: Partial<ScoreCliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: ScoreCliDeps = {
    configuredModelPath: path.join(dir, 'no-such-model', 'manifest.json'),
    configuredIsDefault: true,
    defaultSensitivity: 'medium',
    loadModel: async () => fakeModel(),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    ...over,
  };
  return runScoreCli(argv, deps).then((code) => ({ code, lines: out.map((l) => JSON.parse(l)), err: err.join('\n') }));
}

describe('runScoreCli with a model', () => {
  it('one JSON line per file with score, verdict and every signal', async () => {
    const model = fakeModel();
    const loadModel = vi.fn(async () => model);
    const r = await run(['--model', 'm.json', file('a1111.png'), file('plain.png'), file('camera.jpg')], { loadModel });
    expect(loadModel).toHaveBeenCalledWith(path.resolve('m.json'));
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      {
        file: file('a1111.png'),
        score: 0.2,
        verdict: 'ai',
        signals: [
          { source: 'provenance', detail: 'PNG tEXt "parameters" (AUTOMATIC1111)' },
          { source: 'model', detail: 'model 0.20' },
        ],
      },
      { file: file('plain.png'), score: 0.95, verdict: 'ai', signals: [{ source: 'model', detail: 'model 0.95' }] },
      {
        file: file('camera.jpg'),
        score: 0.97,
        verdict: 'unsure', // a camera declaration keeps a model-only detection at unsure
        signals: [
          { source: 'provenance', detail: 'JPEG APP1 XMP DigitalSourceType "digitalCapture" (camera capture: a human signal)' },
          { source: 'model', detail: 'model 0.97' },
        ],
      },
    ]);
    expect(model.closed).toBe(true);
  });

  it('--sensitivity picks the thresholds', async () => {
    const low = await run(['--model', 'm.json', '--sensitivity', 'low', file('plain.png')]);
    expect(low.lines[0].verdict).toBe('unsure');
    const high = await run(['--model=m.json', '--sensitivity=high', file('plain.png')]);
    expect(high.lines[0].verdict).toBe('ai');
  });

  it('unreadable and non-image files: a line with verdict unsure and an error, stderr, exit 1', async () => {
    const r = await run(['--model', 'm.json', file('missing.png'), file('notes.txt'), file('plain.png')]);
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => [path.basename(l.file), l.verdict, l.score])).toEqual([
      ['missing.png', 'unsure', null],
      ['notes.txt', 'unsure', null],
      ['plain.png', 'ai', 0.95],
    ]);
    expect(r.lines[0].error).toMatch(/ENOENT/);
    expect(r.lines[1].error).toMatch(/not a JPEG/);
    expect(r.err).toContain('missing.png');
    expect(r.err).toContain('notes.txt');
  });

  it('a model that cannot load is an error (exit 2) when asked for explicitly', async () => {
    const failing = async () => {
      throw new Error('sha256 mismatch');
    };
    const viaFlag = await run(['--model', 'm.json', file('plain.png')], { loadModel: failing });
    expect(viaFlag.code).toBe(2);
    expect(viaFlag.err).toContain('sha256 mismatch');
    expect(viaFlag.lines).toEqual([]);
    const viaEnv = await run([file('plain.png')], { loadModel: failing, configuredIsDefault: false });
    expect(viaEnv.code).toBe(2);
  });
});

describe('runScoreCli without a model', () => {
  it('the default model absent: provenance only, score null, said on stderr', async () => {
    const loadModel = vi.fn();
    const r = await run([file('a1111.png'), file('plain.png')], { loadModel });
    expect(loadModel).not.toHaveBeenCalled();
    expect(r.err).toMatch(/no model at .*provenance only/);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      { file: file('a1111.png'), score: null, verdict: 'ai', signals: [{ source: 'provenance', detail: 'PNG tEXt "parameters" (AUTOMATIC1111)' }] },
      { file: file('plain.png'), score: null, verdict: 'unsure', signals: [] },
    ]);
  });

  it('--no-model skips loading', async () => {
    const loadModel = vi.fn();
    const r = await run(['--no-model', file('a1111.png')], { loadModel, configuredIsDefault: false });
    expect(loadModel).not.toHaveBeenCalled();
    expect(r.lines[0].verdict).toBe('ai');
  });
});

describe('arguments', () => {
  it('usage errors exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--bogus', 'x'])).code).toBe(2);
    expect((await run(['--sensitivity', 'extreme', 'x'])).code).toBe(2);
    expect((await run(['--model'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });

  it('files after -- may start with dashes', () => {
    expect(parseArgs(['--no-model', '--', '--odd.png', 'b.png'])).toMatchObject({ files: ['--odd.png', 'b.png'], noModel: true });
  });
});

describe('npm run score (the real entry point)', () => {
  const exec = promisify(execFile);
  const runReal = (args: string[]) =>
    exec(process.execPath, ['dist/src/cli/score.js', ...args], { cwd: process.cwd() }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('scores with a real ONNX model (the tiny "redness" test model)', async () => {
    const tiny = writeTinyModel();
    try {
      const solid = (r: number, g: number, b: number) => sharp({ create: { width: 256, height: 256, channels: 3, background: { r, g, b } } });
      writeFileSync(file('red.png'), await solid(255, 0, 0).png().toBuffer());
      writeFileSync(file('blue.jpg'), await solid(0, 0, 255).jpeg().toBuffer());
      const result = await runReal(['--model', tiny.manifestPath, file('red.png'), file('blue.jpg'), file('a1111.png')]);
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [path.basename(l.file), l.verdict])).toEqual([
        ['red.png', 'ai'],
        ['blue.jpg', 'not-ai'],
        ['a1111.png', 'ai'],
      ]);
      expect(lines[0].score).toBeGreaterThan(0.99); // sigmoid(8*1 - 8*0 - 1)
      expect(lines[1].score).toBeLessThan(0.01);
      expect(lines[0].signals).toEqual([{ source: 'model', detail: `model ${lines[0].score.toFixed(2)}` }]);
      // a1111.png is a 1x1 PNG: too small for the model, decided by provenance.
      expect(lines[2].score).toBeNull();
      expect(result.stderr).toContain('a1111.png: model did not score it');
    } finally {
      rmSync(tiny.dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('provenance only: prints JSON lines and exits non-zero when a file failed', async () => {
    const result = await runReal(['--no-model', file('a1111.png'), file('missing.png')]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [path.basename(l.file), l.verdict])).toEqual([
      ['a1111.png', 'ai'],
      ['missing.png', 'unsure'],
    ]);
    expect(Object.keys(lines[0]).sort()).toEqual(['file', 'score', 'signals', 'verdict']);
    expect(result.stderr).toContain('missing.png');
  }, 60_000);
});
