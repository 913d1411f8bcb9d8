// A FIFO counting semaphore: caps how many upstream requests are in flight at once, so a page full
// of images cannot turn into a burst that Pinterest's CDN refuses. Every wait is bounded: by a
// deadline (the request's, or the caller's own) and by an abort signal (the visitor left); a waiter
// that gives up leaves the line without taking a slot. Holders carry the deadline by which they
// promised to be done, so a health check can see slots held past it (a stuck instance).
import { LocalGiveUpError, VisitorGoneError } from './request-scope.js';

interface AcquireOptions {
  /** Epoch ms (semaphore clock) after which waiting fails with UpstreamError 'timeout'. */
  waitUntil?: number;
  /** Aborting it ends the wait with the signal's reason (or a 'timeout' UpstreamError). */
  signal?: AbortSignal;
  /** How long the holder expects to keep the slot once it has it (for overdue()). */
  holdMs?: number;
}

export interface Semaphore {
  /** Waits for a slot; call the returned function exactly once to give it back. */
  acquire(opts?: AcquireOptions): Promise<() => void>;
  /** Requests holding a slot, and waiting for one. */
  load(): { active: number; waiting: number };
  /** Slots held longer than the holdMs their holder gave. */
  overdue(): number;
  readonly limit: number;
}

interface Waiter {
  grant: () => void;
  fail: (err: unknown) => void;
}

export function createSemaphore(max: number, now: () => number = Date.now): Semaphore {
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

  return {
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
          timer = setTimeout(() => leave(new LocalGiveUpError('no upstream slot came free in time')), Math.max(0, opts.waitUntil - now()));
          timer.unref?.();
        }
      });
    },
    load: () => ({ active, waiting: queue.length }),
    overdue() {
      const t = now();
      let n = 0;
      for (const h of holders) if (h.holdUntil < t) n++;
      return n;
    },
  };
}

/** The signal is the visitor's: an abort means they left, whatever reason the server gave. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof LocalGiveUpError ? signal.reason : new VisitorGoneError();
}
