import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../src/concurrency/coalesce.js';

describe('coalescer', () => {
  it('concurrent callers of one key share one load; the key is free again once it settles', async () => {
    const c = createCoalescer<number>();
    let calls = 0;
    let finish!: (v: number) => void;
    const load = () => {
      calls++;
      return new Promise<number>((r) => (finish = r));
    };
    const a = c.run('k', load);
    const b = c.run('k', load);
    expect(a).toBe(b);
    expect(c.running('k')).toBe(a);
    expect(c.running('other')).toBeUndefined();
    finish(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(c.running('k')).toBeUndefined();
    const again = c.run('k', load);
    finish(8);
    expect(await again).toBe(8);
    expect(calls).toBe(2);
  });

  it('a failed load (even one that throws before its first await) frees its key', async () => {
    const c = createCoalescer<number>();
    await expect(
      c.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(c.run('k', async () => Promise.reject(new Error('async')))).rejects.toThrow('async');
    expect(c.running('k')).toBeUndefined();
    await expect(c.run('k', async () => 1)).resolves.toBe(1);
  });

  it('idle() waits for every load, including ones started while waiting', async () => {
    const c = createCoalescer<string>();
    const done: string[] = [];
    void c.run('a', async () => {
      await new Promise((r) => setTimeout(r, 10));
      void c.run('b', async () => {
        await new Promise((r) => setTimeout(r, 10));
        done.push('b');
        return 'b';
      });
      done.push('a');
      return 'a';
    });
    void c.run('x', async () => Promise.reject(new Error('ignored'))).catch(() => undefined);
    await c.idle();
    expect(done).toEqual(['a', 'b']);
  });
});
