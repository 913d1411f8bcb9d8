import { describe, expect, it } from 'vitest';
import { createSemaphore } from '../../src/concurrency/semaphore.js';

describe('semaphore', () => {
  it('never lets more than max run at once, and serves waiters in order', async () => {
    const s = createSemaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const release = await s.acquire();
        order.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        release();
        release(); // a double release must not free an extra slot
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('run() holds a slot for fn and gives it back whether fn resolves or throws', async () => {
    const s = createSemaphore(1);
    let release!: () => void;
    const first = s.run(() => new Promise<string>((r) => (release = () => r('a'))));
    const second = s.run(async () => {
      throw new Error('boom');
    });
    const third = s.run(async () => 'c');
    await Promise.resolve();
    expect(s.load()).toEqual({ active: 1, waiting: 2 });
    release();
    await expect(first).resolves.toBe('a');
    await expect(second).rejects.toThrow('boom');
    await expect(third).resolves.toBe('c');
    expect(s.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('a wait ends at its deadline with the owner\'s error, leaves the line, and takes no slot', async () => {
    const timedOut = new Error('too late');
    const s = createSemaphore(1, { timedOut: () => timedOut });
    const held = await s.acquire();
    const t0 = Date.now();
    const err = await s.acquire({ waitUntil: Date.now() + 50 }).catch((e: unknown) => e);
    expect(err).toBe(timedOut);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    expect(s.load()).toEqual({ active: 1, waiting: 0 });
    held();
    expect(s.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('an aborted waiter leaves at once with the signal\'s reason by default; the next waiter still gets the slot', async () => {
    const s = createSemaphore(1);
    const held = await s.acquire();
    const ac = new AbortController();
    const gone = s.acquire({ signal: ac.signal }).catch((e: unknown) => e);
    const next = s.acquire();
    expect(s.load().waiting).toBe(2);
    const reason = new Error('left');
    ac.abort(reason);
    expect(await gone).toBe(reason);
    expect(s.load().waiting).toBe(1);
    held();
    const release = await next;
    expect(s.load()).toEqual({ active: 1, waiting: 0 });
    release();
    // An already aborted signal never queues.
    await expect(s.acquire({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(Error);
    expect(s.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('counts slots held past the holder\'s own deadline, from when each was granted (injected clock)', async () => {
    let now = 1_000;
    const s = createSemaphore(2, { now: () => now });
    const a = await s.acquire({ holdMs: 500 });
    const b = await s.acquire({ holdMs: 2_000 });
    const waiting = s.acquire({ holdMs: 500 }); // queued at 1000
    expect(s.overdue()).toBe(0);
    now = 2_000;
    expect(s.overdue()).toBe(1);
    a(); // the waiter gets the slot at 2000: due at 2500, not 1500
    const c = await waiting;
    expect(s.overdue()).toBe(0);
    now = 4_000;
    expect(s.overdue()).toBe(2);
    b();
    c();
    expect(s.overdue()).toBe(0);
  });
});
