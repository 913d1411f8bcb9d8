// A FIFO counting semaphore: caps how many upstream requests are in flight at once across all
// hosts, so a page full of images cannot turn into a burst that Pinterest's CDN refuses.

export interface Semaphore {
  /** Waits for a slot; call the returned function exactly once to give it back. */
  acquire(): Promise<() => void>;
  /** Requests holding a slot, and waiting for one. */
  load(): { active: number; waiting: number };
}

export function createSemaphore(max: number): Semaphore {
  const limit = Math.max(1, Math.floor(max));
  let active = 0;
  const queue: Array<() => void> = [];

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return; // double release must not free someone else's slot
      released = true;
      const next = queue.shift();
      if (next) next(); // hand the slot straight over; active stays the same
      else active--;
    };
  };

  return {
    acquire() {
      if (active < limit) {
        active++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => queue.push(() => resolve(releaser())));
    },
    load: () => ({ active, waiting: queue.length }),
  };
}
