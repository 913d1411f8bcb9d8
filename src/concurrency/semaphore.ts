// A FIFO counting semaphore, the one concurrency limit of the app: the upstream client's slot pools
// (a page full of images must not turn into a burst Pinterest's CDN refuses) and the AI scorer's
// image fetches. A wait may be bounded by a deadline and by an abort signal (the visitor left); a
// waiter that gives up leaves the line without taking a slot. Holders may say by when they will be
// done, so a health check can see slots held past it (a stuck instance). No stage's errors here:
// the owner says what a timed-out or aborted wait fails with.

interface AcquireOptions {
  /** Epoch ms (semaphore clock) after which waiting fails with SemaphoreOptions.timedOut(). */
  waitUntil?: number;
  /** Aborting it ends the wait with SemaphoreOptions.aborted(signal). */
  signal?: AbortSignal;
  /** How long the holder expects to keep the slot once it has it (for overdue()). */
  holdMs?: number;
}

export interface Semaphore {
  /** Waits for a slot; call the returned function exactly once to give it back. */
  acquire(opts?: AcquireOptions): Promise<() => void>;
  /** Runs fn holding a slot, and gives the slot back however fn ends. */
  run<T>(fn: () => Promise<T>, opts?: AcquireOptions): Promise<T>;
  /** Holders of a slot, and waiters for one. */
  load(): { active: number; waiting: number };
  /** Slots held longer than the holdMs their holder gave. */
  overdue(): number;
  readonly limit: number;
}

interface Waiter {
  grant: () => void;
  fail: (err: unknown) => void;
}

interface SemaphoreOptions {
  /** Clock for waitUntil and holdMs (default Date.now). */
  now?: () => number;
  /** What a wait that reached its waitUntil fails with. */
  timedOut?: () => unknown;
  /** What a wait whose signal aborted fails with (default: the signal's reason). */
  aborted?: (signal: AbortSignal) => unknown;
}

export function createSemaphore(max: number, options: SemaphoreOptions = {}): Semaphore {
  const now = options.now ?? Date.now;
  const timedOut = options.timedOut ?? (() => new Error('no slot came free in time'));
  const abortReason = options.aborted ?? ((signal: AbortSignal) => signal.reason);
  const limit = Math.max(1, Math.floor(max));
  let active = 0;
  const queue: Waiter[] = [];
  const holders = new Set<{ holdUntil: number }>();

  // Counted from when the slot is granted, not from when the wait began.
  const releaser = (holdMs: number | undefined) => {
    const holder = { holdUntil: holdMs === undefined ? Infinity : now() + holdMs };
    holders.add(holder);
    let released = false;
    return () => {
      if (released) return; // double release must not free someone else's slot
      released = true;
      holders.delete(holder);
      const next = queue.shift();
      if (next) next.grant(); // hand the slot straight over; active stays the same
      else active--;
    };
  };

  const semaphore: Semaphore = {
    limit,
    acquire(opts = {}) {
      if (opts.signal?.aborted) return Promise.reject(abortReason(opts.signal));
      if (active < limit) {
        active++;
        return Promise.resolve(releaser(opts.holdMs));
      }
      return new Promise((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const cleanup = () => {
          if (timer) clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
        };
        const leave = (err: unknown) => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          cleanup();
          reject(err);
        };
        const onAbort = () => leave(abortReason(opts.signal!));
        const waiter: Waiter = {
          grant: () => {
            cleanup();
            resolve(releaser(opts.holdMs));
          },
          fail: leave,
        };
        queue.push(waiter);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        if (opts.waitUntil !== undefined) {
          timer = setTimeout(() => leave(timedOut()), Math.max(0, opts.waitUntil - now()));
          timer.unref?.();
        }
      });
    },
    async run(fn, opts) {
      const release = await semaphore.acquire(opts);
      try {
        return await fn();
      } finally {
        release();
      }
    },
    load: () => ({ active, waiting: queue.length }),
    overdue() {
      const t = now();
      let n = 0;
      for (const h of holders) if (h.holdUntil < t) n++;
      return n;
    },
  };
  return semaphore;
}
