// The bounded, batching queue in front of the image model: collects concurrent requests into
// batches (up to batchSize, or whatever arrived within batchWindowMs), runs one batch at a time
// (onnxruntime already spreads one batch over its own thread pool), and refuses new work when full.
import type { ModelScore } from './types.js';

export interface BatchQueueOptions {
  /** Scores a batch; one result per image, in order. May throw. */
  run: (images: Buffer[]) => Promise<ModelScore[]>;
  batchSize: number;
  /** Most images waiting (not counting the batch running); submit() refuses beyond it. */
  maxQueue: number;
  /** How long the first waiting image waits for company before a partial batch runs. */
  batchWindowMs: number;
  /**
   * Longest an image may wait for its batch; older ones leave unscored when their turn comes
   * (default: no limit). Keeps a backlog from being worked off long after anyone waits for it.
   */
  maxWaitMs?: number;
  /** Called after each batch, for figures. */
  onBatch?: (size: number, ms: number) => void;
  now?: () => number;
}

export interface BatchQueue {
  /** The image's score, or null at once when the queue is full (the caller reports 'unscored'). */
  submit(image: Buffer): Promise<ModelScore> | null;
  /** Images waiting for a batch. */
  readonly waiting: number;
  /** Resolves when nothing waits or runs (tests, shutdown). */
  idle(): Promise<void>;
}

/** The reason an image that waited past maxWaitMs comes back with. */
export const EXPIRED_REASON = 'waited too long for the model';

interface Item {
  image: Buffer;
  queuedAt: number;
  resolve: (score: ModelScore) => void;
}

export function createBatchQueue(opts: BatchQueueOptions): BatchQueue {
  const batchSize = Math.max(1, Math.floor(opts.batchSize));
  const maxQueue = Math.max(0, Math.floor(opts.maxQueue));
  const now = opts.now ?? (() => performance.now());
  const items: Item[] = [];
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let idleWaiters: (() => void)[] = [];

  function schedule(): void {
    if (running || items.length === 0) return;
    if (items.length >= batchSize) {
      if (timer) clearTimeout(timer);
      timer = null;
      void runNext();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        void runNext();
      }, opts.batchWindowMs);
      timer.unref?.();
    }
  }

  async function runNext(): Promise<void> {
    if (running || items.length === 0) return;
    running = true;
    if (opts.maxWaitMs !== undefined) {
      const t = now();
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i]!;
        if (t - item.queuedAt > opts.maxWaitMs) {
          items.splice(i, 1);
          item.resolve({ probability: null, reason: EXPIRED_REASON });
        }
      }
    }
    const batch = items.splice(0, batchSize);
    const started = now();
    const scores = await scoreSafely(batch.map((i) => i.image));
    opts.onBatch?.(batch.length, now() - started);
    batch.forEach((item, k) => item.resolve(scores[k] ?? { probability: null, reason: 'model returned too few scores' }));
    running = false;
    if (items.length > 0) {
      // Whatever queued during the run has already waited a batch's time: run it now.
      void runNext();
    } else {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  /** A batch that throws is retried one image at a time, so one bad image cannot fail the rest. */
  async function scoreSafely(images: Buffer[]): Promise<ModelScore[]> {
    try {
      return await opts.run(images);
    } catch (err) {
      if (images.length === 1) return [{ probability: null, reason: `model error: ${message(err)}` }];
      const out: ModelScore[] = [];
      for (const image of images) out.push(...(await scoreSafely([image])));
      return out;
    }
  }

  return {
    submit(image) {
      if (items.length >= maxQueue) return null;
      const promise = new Promise<ModelScore>((resolve) => items.push({ image, resolve, queuedAt: now() }));
      schedule();
      return promise;
    },
    get waiting() {
      return items.length;
    },
    idle() {
      if (!running && items.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
