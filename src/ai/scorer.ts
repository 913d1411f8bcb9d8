// The pin scorer the routes call: Pinterest label first, then cached evidence per image, else fetch
// the bytes once, scan provenance, and queue the model; whatever misses the time budget comes back
// 'unscored' and finishes in the background into the cache for the next visit.
import { createCoalescer } from '../concurrency/coalesce.js';
import { createSemaphore } from '../concurrency/semaphore.js';
import type { AsyncCache } from '../domain/cache.js';
import type { AiChecks, AiVerdict, Pin, Signal } from '../domain/types.js';
import { pinterestLabelSignal, type UnknownLabelHandler } from './pinterest-label.js';
import { scanProvenance } from './provenance.js';
import { createBatchQueue, EXPIRED_REASON, type BatchQueue } from './score-queue.js';
import { textCueSignals } from './text-cues.js';
import type { ImageModel, ModelScore, PinScorer, Sensitivity } from './types.js';
import { combineSignals, type VerdictThresholds } from './verdict.js';

/** What is cached per image (and model): independent of sensitivity and of the pin's text. */
export interface CachedEvidence {
  schema: 1;
  provenance: Signal[];
  /** Calibrated model probability, or null (not scored: see reason). */
  probability: number | null;
  reason?: string;
}

export interface PinScorerDeps {
  /** The loaded model, or null to score with the label and provenance only. */
  model: ImageModel | null;
  /** Bytes of a local image path (/img/...); the app backs it with the image proxy's cache. */
  fetchImage: (localPath: string) => Promise<Buffer>;
  cache: AsyncCache<CachedEvidence>;
  /** Defaults to model.manifest.thresholds. */
  thresholds?: Record<Sensitivity, VerdictThresholds>;
  onUnknownLabel?: UnknownLabelHandler;
  log?: (message: string) => void;
  /** Images waiting for the model before new ones come back 'unscored'. Default 256. */
  maxQueue?: number;
  /** Images per model call. Default manifest runtime.max_batch, else 8. */
  batchSize?: number;
  /** How long a lone image waits for others to share its batch. Default 5 ms. */
  batchWindowMs?: number;
  /** Longest an image waits for the model before it is left unscored (not cached). Default 30 s. */
  maxQueueWaitMs?: number;
  /** Image fetches in flight at once. Default 8. */
  maxConcurrentFetches?: number;
  /** Time to live of evidence without a probability (fetch failed, undecodable). Default 10 min. */
  failureTtlMs?: number;
  now?: () => number;
}

export interface ScorerStats {
  /** Images the model gave a probability. */
  scored: number;
  /** Evidence found in the cache. */
  cached: number;
  /** Images waiting for the model now. */
  queued: number;
  /** Images that could not be fetched, decoded or scored. */
  failed: number;
  /** Images turned away because the queue (or the fetch backlog) was full. */
  dropped: number;
  /** Pins decided by a decisive signal without running the model. */
  decisive: number;
  /** Pins returned 'unscored' because their work missed the time budget. */
  overBudget: number;
  batches: number;
  /** Total milliseconds spent in model batches. */
  modelMs: number;
}

export interface PinScorerWithStats extends PinScorer {
  stats(): ScorerStats;
  /** Resolves when no background work is left (tests, graceful shutdown). */
  idle(): Promise<void>;
}

const DEFAULT_MAX_QUEUE = 256;
const DEFAULT_BATCH = 8;
const DEFAULT_FAILURE_TTL_MS = 10 * 60_000;

export function createPinScorer(deps: PinScorerDeps): PinScorerWithStats {
  const model = deps.model;
  const thresholds = deps.thresholds ?? model?.manifest.thresholds ?? null;
  const maxQueue = deps.maxQueue ?? DEFAULT_MAX_QUEUE;
  const failureTtlMs = deps.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS;
  const modelKey = model ? `${model.info.id}@${model.info.version}#${model.info.sha256.slice(0, 12)}` : 'none';
  const counts = { scored: 0, cached: 0, failed: 0, dropped: 0, decisive: 0, overBudget: 0, batches: 0, modelMs: 0 };
  const evidenceLoads = createCoalescer<CachedEvidence>();
  const fetchSlots = createSemaphore(deps.maxConcurrentFetches ?? 8);

  const queue: BatchQueue | null = model
    ? createBatchQueue({
        run: (images) => model.scoreBatch(images),
        batchSize: deps.batchSize ?? model.manifest.runtime?.max_batch ?? DEFAULT_BATCH,
        maxQueue,
        batchWindowMs: deps.batchWindowMs ?? 5,
        maxWaitMs: deps.maxQueueWaitMs ?? 30_000,
        now: deps.now,
        onBatch: (_size, ms) => {
          counts.batches++;
          counts.modelMs += ms;
        },
      })
    : null;

  function log(message: string): void {
    try {
      deps.log?.(message);
    } catch {
      // logging must not break scoring
    }
  }

  /** Evidence for one image, shared by every concurrent caller; never rejects. */
  function evidenceFor(key: string, path: string): Promise<CachedEvidence> {
    return evidenceLoads.run(key, () =>
      gatherEvidence(key, path).catch((err): CachedEvidence => {
        counts.failed++;
        log(`ai scorer: internal error on ${path}: ${String(err).slice(0, 200)}`);
        return { schema: 1, provenance: [], probability: null, reason: 'internal error' };
      }),
    );
  }

  async function gatherEvidence(key: string, path: string): Promise<CachedEvidence> {
    const hit = await cacheGet(key);
    if (hit) {
      counts.cached++;
      return hit;
    }
    // A shared cache: one instance of the cluster scores this image, the others wait for it.
    const lease = deps.cache.lease ? await deps.cache.lease(key).catch(() => null) : null;
    if (lease) {
      // Waited for the holder, or acquired just after another instance stored it: read again.
      if (!lease.acquired) await lease.waitReleased();
      const shared = await cacheGet(key);
      if (shared) {
        await lease.release();
        counts.cached++;
        return shared;
      }
    }
    try {
      return await scoreImage(key, path);
    } finally {
      await lease?.release();
    }
  }

  async function scoreImage(key: string, path: string): Promise<CachedEvidence> {
    const backlog = fetchSlots.load(); // fetching, and waiting to
    if (backlog.active + backlog.waiting >= maxQueue) {
      counts.dropped++;
      return { schema: 1, provenance: [], probability: null, reason: 'busy' }; // not cached: retry next visit
    }
    let bytes: Buffer;
    try {
      bytes = await fetchSlots.run(() => deps.fetchImage(path));
    } catch (err) {
      counts.failed++;
      const evidence: CachedEvidence = { schema: 1, provenance: [], probability: null, reason: `fetch failed: ${errorText(err)}` };
      await cacheSet(key, evidence, failureTtlMs);
      return evidence;
    }
    const provenance = scanProvenance(bytes);
    if (provenance.some((s) => s.decisive) || !queue) {
      // Decisive provenance settles it: the model's time goes to images that need it.
      const evidence: CachedEvidence = { schema: 1, provenance, probability: null, reason: queue ? 'provenance decisive' : 'no model' };
      await cacheSet(key, evidence);
      return evidence;
    }
    const pending = queue.submit(bytes);
    if (!pending) {
      counts.dropped++;
      return { schema: 1, provenance, probability: null, reason: 'queue full' }; // not cached
    }
    const score = sanitize(await pending);
    if (score.reason === EXPIRED_REASON) {
      counts.dropped++;
      return { schema: 1, provenance, probability: null, reason: 'queue full' }; // not cached: next visit
    }
    const evidence: CachedEvidence = { schema: 1, provenance, probability: score.probability };
    if (score.probability === null) {
      counts.failed++;
      evidence.reason = score.reason ?? 'not scored';
      await cacheSet(key, evidence, failureTtlMs);
    } else {
      counts.scored++;
      await cacheSet(key, evidence);
    }
    return evidence;
  }

  async function cacheGet(key: string): Promise<CachedEvidence | null> {
    try {
      const v = await deps.cache.get(key);
      return isEvidence(v) ? v : null;
    } catch (err) {
      log(`ai scorer: cache read failed: ${errorText(err)}`);
      return null;
    }
  }

  async function cacheSet(key: string, value: CachedEvidence, ttlMs?: number): Promise<void> {
    try {
      await deps.cache.set(key, value, ttlMs);
    } catch (err) {
      log(`ai scorer: cache write failed: ${errorText(err)}`);
    }
  }

  return {
    async scorePins(pins, opts) {
      const out = new Map<string, AiVerdict>();
      let closed = false;
      const limits = thresholds?.[opts.sensitivity] ?? null;
      const waiting: { pin: Pin; label: Signal | null; text: Signal[]; job: Promise<void> }[] = [];

      for (const pin of pins) {
        const label = pinterestLabelSignal(pin, deps.onUnknownLabel);
        const text = textCueSignals(pin);
        const pinOnly = { label, provenance: [], text, model: null };
        if (label?.decisive) {
          counts.decisive++;
          out.set(pin.id, withChecks(combineSignals(pinOnly, limits), { file: false, modelNote: NOTE_LABEL_DECISIVE }));
          continue;
        }
        let path: string | null = null;
        try {
          path = opts.variantPath(pin);
        } catch {
          path = null;
        }
        if (!path) {
          out.set(pin.id, withChecks(combineSignals(pinOnly, limits), { file: false, modelNote: NOTE_NO_IMAGE }));
          continue;
        }
        const key = evidenceKey(modelKey, imageKeyFor(pin, path));
        const job = evidenceFor(key, path).then((ev) => {
          if (closed) return; // finished after the budget: it only lands in the cache
          if (ev.provenance.some((s) => s.decisive)) counts.decisive++;
          const modelResult: ModelScore | null = ev.probability === null ? null : { probability: ev.probability };
          const verdict = combineSignals({ label, provenance: ev.provenance, text, model: modelResult }, limits);
          out.set(pin.id, withChecks(verdict, checksOf(ev)));
        });
        waiting.push({ pin, label, text, job });
      }

      if (waiting.length > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, opts.budgetMs));
        });
        await Promise.race([Promise.all(waiting.map((w) => w.job)), deadline]);
        clearTimeout(timer);
      }
      closed = true;
      for (const w of waiting) {
        if (out.has(w.pin.id)) continue;
        counts.overBudget++;
        const verdict = combineSignals({ label: w.label, provenance: [], text: w.text, model: null }, limits);
        out.set(w.pin.id, withChecks(verdict, { file: false, modelNote: NOTE_OVER_BUDGET }));
      }
      return out;
    },

    stats() {
      return { ...counts, queued: queue?.waiting ?? 0 };
    },

    async idle() {
      await evidenceLoads.idle();
      await queue?.idle();
    },
  };
}

/** checks.modelNote when Pinterest's own label settled the pin before any image was read. */
const NOTE_LABEL_DECISIVE = 'not needed: Pinterest labels it';
/** checks.modelNote for a pin with no image to score. */
const NOTE_NO_IMAGE = 'no image';
/** checks.modelNote for an image whose work missed the time budget (it finishes in the background). */
const NOTE_OVER_BUDGET = 'not finished in time';

function withChecks(verdict: AiVerdict, checks: AiChecks): AiVerdict {
  return { ...verdict, checks };
}

/** What the cached evidence says was looked at: the bytes were scanned unless they never arrived. */
function checksOf(ev: CachedEvidence): AiChecks {
  const reason = ev.reason ?? null;
  const unread = reason !== null && (reason.startsWith('fetch failed') || reason === 'busy' || reason === 'internal error');
  return { file: !unread, modelNote: ev.probability === null ? reason ?? 'not scored' : null };
}

/** Cache key: evidence depends on the image and on the exact model (a new model rescores). */
export function evidenceKey(modelKey: string, imageKey: string): string {
  return `ai-evidence:v1:${modelKey}:${imageKey}`;
}

/**
 * The image's identity: Pinterest's image signature of the ImageSet that holds `path` (so every
 * size of one picture, on any page or feed, shares one verdict), else the local path itself.
 */
export function imageKeyFor(pin: Pin, path: string): string {
  for (const set of pin.images ?? []) {
    if (set.signature && set.variants.some((v) => v.path === path)) return `sig:${set.signature}`;
  }
  const poster = pin.video?.poster;
  if (poster?.signature && poster.variants.some((v) => v.path === path)) return `sig:${poster.signature}`;
  return `path:${path}`;
}

function isEvidence(v: unknown): v is CachedEvidence {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<CachedEvidence>;
  return e.schema === 1 && Array.isArray(e.provenance) && (e.probability === null || typeof e.probability === 'number');
}

function sanitize(score: ModelScore | undefined): ModelScore {
  const p = score?.probability;
  if (typeof p === 'number' && Number.isFinite(p)) return { probability: Math.min(1, Math.max(0, p)) };
  return { probability: null, reason: score?.reason ?? 'model gave no probability' };
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
