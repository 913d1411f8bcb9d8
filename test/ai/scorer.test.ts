import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOnnxModel } from '../../src/ai/onnx-model.js';
import { createBatchQueue } from '../../src/ai/score-queue.js';
import { createPinScorer, evidenceKey, imageKeyFor, type CachedEvidence, type PinScorerDeps } from '../../src/ai/scorer.js';
import type { ImageModel, ModelManifest, ModelScore, Sensitivity } from '../../src/ai/types.js';
import type { AsyncCache, CacheStats } from '../../src/domain/cache.js';
import type { Pin } from '../../src/domain/types.js';
import { writeTinyModel } from './helpers/tiny-model.js';
import { png, tEXt } from './provenance-builders.js';

// ---- fakes ----

const THRESHOLDS: Record<Sensitivity, { label: number; hide: number }> = {
  low: { label: 0.8, hide: 0.97 },
  medium: { label: 0.6, hide: 0.9 },
  high: { label: 0.4, hide: 0.7 },
};

/** Map-backed cache that records TTLs and can be made to fail. */
class TestCache<V> implements AsyncCache<V> {
  readonly map = new Map<string, V>();
  readonly ttls = new Map<string, number | undefined>();
  failGet = false;
  failSet = false;
  async get(key: string) {
    if (this.failGet) throw new Error('cache down');
    return this.map.get(key);
  }
  async set(key: string, value: V, ttlMs?: number) {
    if (this.failSet) throw new Error('cache down');
    this.map.set(key, value);
    this.ttls.set(key, ttlMs);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
  stats(): CacheStats {
    return { name: 'test', entries: this.map.size, bytes: 0, maxBytes: 0, hits: 0, misses: 0 };
  }
}

/**
 * A fake model: the probability of an image is the number written in its bytes (`img:0.93`);
 * "poison" makes the whole batch throw; "small" is unscorable. `gate` holds batches until opened.
 */
function fakeModel(opts: { gated?: boolean } = {}) {
  const batches: number[] = [];
  let open!: () => void;
  let gate = opts.gated ? new Promise<void>((r) => (open = r)) : Promise.resolve();
  const manifest = { id: 'fake', version: '1', thresholds: THRESHOLDS, runtime: { max_batch: 4 } } as unknown as ModelManifest;
  const model: ImageModel = {
    info: { id: 'fake', name: 'Fake', version: '1', sha256: 'ab'.repeat(32), license: 'MIT', source: 'test' },
    manifest,
    async scoreBatch(images: Buffer[]): Promise<ModelScore[]> {
      batches.push(images.length);
      await gate;
      const texts = images.map((b) => b.toString('latin1'));
      if (texts.some((t) => t === 'poison') && images.length > 1) throw new Error('batch failed');
      if (texts.some((t) => t === 'poison')) throw new Error('cannot decode');
      return texts.map((t) => (t === 'small' ? { probability: null, reason: 'too small' } : { probability: Number(t.replace('img:', '')) }));
    },
    async close() {},
  };
  return {
    model,
    batches,
    release: () => open?.(),
    regate: () => {
      gate = new Promise<void>((r) => (open = r));
    },
  };
}

let seq = 0;
function pin(opts: { sig?: string | null; path?: string; label?: number | null; title?: string } = {}): Pin {
  const id = String(++seq);
  const path = opts.path ?? `/img/736x/aa/bb/cc/${id.padStart(32, '0')}.jpg`;
  return {
    id,
    title: opts.title ?? '',
    description: '',
    altText: '',
    images: [{ signature: opts.sig === undefined ? `sig${id}` : opts.sig, variants: [{ size: '736x', path, width: 736, height: 900 }], dominantColor: null }],
    video: null,
    link: null,
    domain: null,
    createdAt: null,
    pinner: null,
    board: null,
    saves: null,
    commentCount: null,
    isPromoted: false,
    digitalMediaSourceType: opts.label ?? null,
    genAiTopics: null,
    hashtags: [],
  };
}

const firstVariant = (p: Pin) => p.images[0]?.variants[0]?.path ?? null;
const opts = (over: Partial<{ budgetMs: number; sensitivity: Sensitivity }> = {}) => ({
  variantPath: firstVariant,
  budgetMs: 2000,
  sensitivity: 'medium' as Sensitivity,
  ...over,
});

/** fetchImage over a path -> bytes table; unknown paths fail like a 404. */
function images(table: Record<string, Buffer | string>) {
  const fetchImage = vi.fn(async (path: string) => {
    const v = table[path];
    if (v === undefined) throw new Error('404');
    return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
  });
  return fetchImage;
}

function scorer(over: Partial<PinScorerDeps> & Pick<PinScorerDeps, 'fetchImage'>) {
  const cache = (over.cache as TestCache<CachedEvidence>) ?? new TestCache<CachedEvidence>();
  const s = createPinScorer({ model: null, cache, batchWindowMs: 1, ...over });
  return { s, cache };
}

afterEach(() => {
  vi.useRealTimers();
});

// ---- tests ----

describe('createPinScorer', () => {
  it('a decisive Pinterest label decides without fetching or scoring', async () => {
    const { model, batches } = fakeModel();
    const fetchImage = images({});
    const onUnknownLabel = vi.fn();
    const { s } = scorer({ model, fetchImage, onUnknownLabel });
    const p = pin({ label: 11 });
    const out = await s.scorePins([p], opts());
    expect(out.get(p.id)).toMatchObject({ verdict: 'ai', score: null });
    expect(out.get(p.id)!.signals[0]!.source).toBe('pinterest-label');
    expect(fetchImage).not.toHaveBeenCalled();
    expect(batches).toEqual([]);
    expect(s.stats().decisive).toBe(1);
    const unknown = pin({ label: 42 });
    await s.scorePins([unknown], opts());
    expect(onUnknownLabel).toHaveBeenCalledWith(42);
  });

  it('scores an image once, caches the evidence by signature and model, and reuses it on any variant', async () => {
    const { model, batches } = fakeModel();
    const a = pin({ sig: 'cafe' });
    const fetchImage = images({ [firstVariant(a)!]: 'img:0.95' });
    const { s, cache } = scorer({ model, fetchImage });

    const first = await s.scorePins([a], opts());
    expect(first.get(a.id)).toEqual({
      verdict: 'ai', score: 0.95, signals: [{ source: 'model', detail: 'model 0.95', decisive: false }], checks: { file: true, modelNote: null },
    });
    expect([...cache.map.keys()]).toEqual([evidenceKey(`fake@1#${'ab'.repeat(6)}`, 'sig:cafe')]);

    // Another pin, another page, a smaller variant of the same picture: cache hit, no fetch, no model.
    const b = pin({ sig: 'cafe', path: '/img/236x/aa/bb/cc/other.jpg' });
    const second = await s.scorePins([b], opts({ sensitivity: 'low' }));
    expect(second.get(b.id)).toMatchObject({ verdict: 'unsure', score: 0.95 }); // 0.8 <= p < 0.97
    expect(fetchImage).toHaveBeenCalledTimes(1);
    expect(batches).toEqual([1]);
    expect(s.stats()).toMatchObject({ scored: 1, cached: 1, failed: 0 });
  });

  it('derives the verdict per sensitivity from the same cached evidence', async () => {
    const { model } = fakeModel();
    const a = pin();
    const { s } = scorer({ model, fetchImage: images({ [firstVariant(a)!]: 'img:0.75' }) });
    const verdicts = [];
    for (const sensitivity of ['low', 'medium', 'high'] as const) verdicts.push((await s.scorePins([a], opts({ sensitivity }))).get(a.id)!.verdict);
    expect(verdicts).toEqual(['not-ai', 'unsure', 'ai']);
  });

  it('decisive provenance skips the model', async () => {
    const { model, batches } = fakeModel();
    const a = pin();
    const { s } = scorer({ model, fetchImage: images({ [firstVariant(a)!]: png(tEXt('parameters', 'Steps: 20, Sampler: Euler a, Seed: 1')) }) });
    const v = (await s.scorePins([a], opts())).get(a.id)!;
    expect(v).toEqual({
      verdict: 'ai', score: null, signals: [{ source: 'provenance', detail: 'PNG tEXt "parameters" (AUTOMATIC1111)', decisive: true }],
      checks: { file: true, modelNote: 'provenance decisive' },
    });
    expect(batches).toEqual([]);
  });

  it('batches concurrent images up to batchSize and fetches a shared image once', async () => {
    const { model, batches } = fakeModel();
    const pins = Array.from({ length: 6 }, () => pin());
    const twin = pin({ sig: pins[0]!.images[0]!.signature, path: firstVariant(pins[0]!)! });
    const table = Object.fromEntries(pins.map((p, i) => [firstVariant(p)!, `img:0.${i}`]));
    const fetchImage = images(table);
    const { s } = scorer({ model, fetchImage, batchWindowMs: 20 });
    const out = await s.scorePins([...pins, twin], opts());
    expect(out.size).toBe(7);
    expect(out.get(twin.id)).toEqual(out.get(pins[0]!.id));
    expect(fetchImage).toHaveBeenCalledTimes(6);
    expect(batches).toEqual([4, 2]); // manifest runtime.max_batch = 4
    expect(s.stats()).toMatchObject({ scored: 6, batches: 2 });
  });

  it('what misses the budget is unscored now and cached for the next visit', async () => {
    const { model, release } = fakeModel({ gated: true });
    const a = pin({ title: 'midjourney castle' });
    const { s, cache } = scorer({ model, fetchImage: images({ [firstVariant(a)!]: 'img:0.93' }) });
    const started = performance.now();
    const now = await s.scorePins([a], opts({ budgetMs: 30 }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(now.get(a.id)).toMatchObject({ verdict: 'unscored', score: null });
    expect(now.get(a.id)!.signals).toEqual([{ source: 'text', detail: 'text "Midjourney" in title', decisive: false }]);
    expect(s.stats()).toMatchObject({ overBudget: 1 });
    release();
    await s.idle();
    expect(now.get(a.id)!.verdict).toBe('unscored'); // the returned map is not changed behind the caller's back
    expect(cache.map.size).toBe(1);
    const later = await s.scorePins([a], opts({ budgetMs: 30 }));
    expect(later.get(a.id)).toMatchObject({ verdict: 'ai', score: 0.93 });
  });

  it('a full queue turns new images away as unscored, uncached, and counts them', async () => {
    const { model, release } = fakeModel({ gated: true });
    const pins = Array.from({ length: 5 }, () => pin());
    const table = Object.fromEntries(pins.map((p) => [firstVariant(p)!, 'img:0.1']));
    const { s, cache } = scorer({ model, fetchImage: images(table), maxQueue: 2, batchSize: 8, batchWindowMs: 100 });
    const out = await s.scorePins(pins, opts({ budgetMs: 50 }));
    expect([...out.values()].every((v) => v.verdict === 'unscored')).toBe(true);
    expect(s.stats().dropped).toBe(3);
    expect(s.stats().queued).toBeLessThanOrEqual(2);
    release();
    await s.idle();
    expect(cache.map.size).toBe(s.stats().scored);
    // The dropped ones are tried again on the next visit: two hits, two fit the queue, one is dropped again.
    const again = await s.scorePins(pins, opts());
    expect([...again.values()].map((v) => v.verdict).sort()).toEqual(['not-ai', 'not-ai', 'not-ai', 'not-ai', 'unscored']);
    expect(s.stats()).toMatchObject({ cached: 2, scored: 4, dropped: 4 });
  });

  it('broken images: fetch failures and unscorable bytes give unscored, never throw, cached briefly', async () => {
    const { model } = fakeModel();
    const gone = pin();
    const small = pin();
    const { s, cache } = scorer({ model, fetchImage: images({ [firstVariant(small)!]: 'small' }), failureTtlMs: 1234 });
    const out = await s.scorePins([gone, small], opts());
    expect(out.get(gone.id)!.verdict).toBe('unscored');
    expect(out.get(small.id)!.verdict).toBe('unscored');
    expect(s.stats().failed).toBe(2);
    expect([...cache.ttls.values()]).toEqual([1234, 1234]);
    expect([...cache.map.values()].map((e) => e.reason).sort()).toEqual(['fetch failed: 404', 'too small']);
  });

  it('one poison image does not fail its batch', async () => {
    const { model, batches } = fakeModel();
    const good = pin();
    const bad = pin();
    const { s } = scorer({ model, fetchImage: images({ [firstVariant(good)!]: 'img:0.2', [firstVariant(bad)!]: 'poison' }), batchWindowMs: 20 });
    const out = await s.scorePins([good, bad], opts());
    expect(out.get(good.id)).toMatchObject({ verdict: 'not-ai', score: 0.2 });
    expect(out.get(bad.id)!.verdict).toBe('unscored');
    expect(batches).toEqual([2, 1, 1]);
  });

  it('without a model: provenance decides or the pin is unscored', async () => {
    const a = pin();
    const b = pin();
    const fetchImage = images({ [firstVariant(a)!]: png(tEXt('workflow', '{}')), [firstVariant(b)!]: 'img:0.99' });
    const { s, cache } = scorer({ model: null, fetchImage });
    const out = await s.scorePins([a, b], opts());
    expect(out.get(a.id)!.verdict).toBe('ai');
    expect(out.get(b.id)).toEqual({ verdict: 'unscored', score: null, signals: [], checks: { file: true, modelNote: 'no model' } });
    expect([...cache.map.keys()].every((k) => k.includes(':none:'))).toBe(true);
  });

  it('a failing cache, a null or throwing variantPath, and garbage in the cache are survived', async () => {
    const { model } = fakeModel();
    const a = pin();
    const cache = new TestCache<CachedEvidence>();
    cache.failGet = true;
    cache.failSet = true;
    const log = vi.fn();
    const { s } = scorer({ model, cache, log, fetchImage: images({ [firstVariant(a)!]: 'img:0.5' }) });
    expect((await s.scorePins([a], opts())).get(a.id)!.verdict).toBe('not-ai');
    expect(log).toHaveBeenCalled();

    const noImage = pin();
    const out = await s.scorePins([noImage], { ...opts(), variantPath: () => null });
    expect(out.get(noImage.id)!.verdict).toBe('unscored');
    const throws = await s.scorePins([noImage], { ...opts(), variantPath: () => { throw new Error('x'); } });
    expect(throws.get(noImage.id)!.verdict).toBe('unscored');

    cache.failGet = false;
    cache.failSet = false;
    const key = evidenceKey(`fake@1#${'ab'.repeat(6)}`, imageKeyFor(a, firstVariant(a)!));
    await cache.set(key, { nonsense: true } as unknown as CachedEvidence);
    expect((await s.scorePins([a], opts())).get(a.id)).toMatchObject({ verdict: 'not-ai', score: 0.5 });
  });

  it('keys by signature, else by path', () => {
    const withSig = pin({ sig: 'abc' });
    expect(imageKeyFor(withSig, firstVariant(withSig)!)).toBe('sig:abc');
    expect(imageKeyFor(withSig, '/img/other.jpg')).toBe('path:/img/other.jpg');
    const noSig = pin({ sig: null });
    expect(imageKeyFor(noSig, firstVariant(noSig)!)).toBe(`path:${firstVariant(noSig)}`);
  });

  it('an empty page returns at once', async () => {
    const { s } = scorer({ fetchImage: images({}) });
    expect((await s.scorePins([], opts())).size).toBe(0);
  });
});

describe('createPinScorer with a real ONNX model (tiny "redness" model)', () => {
  it('scores, batches and caches through onnxruntime', async () => {
    const tiny = writeTinyModel();
    const model = await createOnnxModel(tiny.manifestPath);
    try {
      const solid = (r: number, b: number) => sharp({ create: { width: 300, height: 300, channels: 3, background: { r, g: 0, b } } }).jpeg().toBuffer();
      const red = pin();
      const blue = pin();
      const purple = pin();
      const table = { [firstVariant(red)!]: await solid(255, 0), [firstVariant(blue)!]: await solid(0, 255), [firstVariant(purple)!]: await solid(150, 110) };
      const fetchImage = images(table);
      const { s, cache } = scorer({ model, fetchImage, batchWindowMs: 10 });
      const out = await s.scorePins([red, blue, purple], opts());
      expect(out.get(red.id)).toMatchObject({ verdict: 'ai' });
      expect(out.get(blue.id)).toMatchObject({ verdict: 'not-ai' });
      // mean R - B ~ 0.16 -> logit ~ 0.25 -> p ~ 0.56: a middling score, passed through calibrated.
      expect(out.get(purple.id)!.score).toBeGreaterThan(0.4);
      expect(out.get(purple.id)!.score).toBeLessThan(0.7);
      expect(s.stats()).toMatchObject({ scored: 3, batches: 2 }); // manifest max_batch 2
      expect(cache.map.size).toBe(3);
    } finally {
      await model.close();
      rmSync(tiny.dir, { recursive: true, force: true });
    }
  });
});

describe('createBatchQueue', () => {
  it('runs one batch at a time and flushes a partial batch after the window', async () => {
    let running = 0;
    let maxRunning = 0;
    const sizes: number[] = [];
    const q = createBatchQueue({
      batchSize: 3,
      maxQueue: 100,
      batchWindowMs: 5,
      run: async (imgs) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        sizes.push(imgs.length);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return imgs.map((b) => ({ probability: b.length / 10 }));
      },
    });
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => q.submit(Buffer.alloc(i))!));
    expect(results.map((r) => r.probability)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(sizes).toEqual([3, 3, 1]);
    expect(maxRunning).toBe(1);
    await q.idle();
    expect(q.waiting).toBe(0);
  });

  it('refuses beyond maxQueue and pads short results', async () => {
    const q = createBatchQueue({ batchSize: 10, maxQueue: 2, batchWindowMs: 5, run: async () => [{ probability: 0.5 }] });
    const a = q.submit(Buffer.alloc(1));
    const b = q.submit(Buffer.alloc(1));
    expect(q.submit(Buffer.alloc(1))).toBeNull();
    expect(await a).toEqual({ probability: 0.5 });
    expect(await b).toEqual({ probability: null, reason: 'model returned too few scores' });
  });
});
