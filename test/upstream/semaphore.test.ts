import { describe, expect, it } from 'vitest';
import { createSemaphore } from '../../src/upstream/semaphore.js';

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
});
