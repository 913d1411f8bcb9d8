import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/domain/errors.js';
import { isRetryable, retryDelayMs, withRetries, type RetryPolicy } from '../../src/upstream/retry.js';

const policy: RetryPolicy = { retries: 2, baseDelayMs: 100, maxDelayMs: 2_000, budgetMs: 5_000, random: () => 0.5 };

describe('retry policy', () => {
  it('retries 5xx/connection errors and rate limits only', () => {
    expect(isRetryable(new UpstreamError('unavailable', 'x'))).toBe(true);
    expect(isRetryable(new UpstreamError('rate-limited', 'x'))).toBe(true);
    for (const k of ['blocked', 'not-found', 'timeout', 'bad-shape', 'too-large', 'bad-media'] as const) {
      expect(isRetryable(new UpstreamError(k, 'x'))).toBe(false);
    }
    expect(isRetryable(new Error('programming error'))).toBe(false);
  });

  it('backs off exponentially with jitter inside [backoff/2, backoff]', () => {
    const e = new UpstreamError('unavailable', 'x');
    for (const r of [0, 0.5, 0.999]) {
      const p = { ...policy, random: () => r };
      const d0 = retryDelayMs(e, 0, p, 0)!;
      const d1 = retryDelayMs(e, 1, p, 0)!;
      expect(d0).toBeGreaterThanOrEqual(50);
      expect(d0).toBeLessThanOrEqual(100);
      expect(d1).toBeGreaterThanOrEqual(100);
      expect(d1).toBeLessThanOrEqual(200);
    }
    expect(retryDelayMs(e, 2, policy, 0)).toBeNull(); // bounded
  });

  it('honours Retry-After, but never waits past the max or the budget', () => {
    const ra = (s: number) => new UpstreamError('rate-limited', '429', { status: 429, retryAfterSeconds: s });
    expect(retryDelayMs(ra(1), 0, policy, 0)).toBe(1_000);
    expect(retryDelayMs(ra(3), 0, policy, 0)).toBeNull(); // over maxDelayMs
    expect(retryDelayMs(ra(1), 0, policy, 4_500)).toBeNull(); // would cross the budget
  });

  it('withRetries stops at the bound and rethrows the last error', async () => {
    let n = 0;
    const slept: number[] = [];
    await expect(
      withRetries(
        async () => {
          n++;
          throw new UpstreamError('unavailable', `try ${n}`);
        },
        { ...policy, sleep: async (ms) => void slept.push(ms) },
      ),
    ).rejects.toThrow('try 3');
    expect(n).toBe(3);
    expect(slept).toHaveLength(2);
  });

  it('withRetries does not retry a block', async () => {
    let n = 0;
    await expect(
      withRetries(async () => {
        n++;
        throw new UpstreamError('blocked', '403');
      }, policy),
    ).rejects.toMatchObject({ kind: 'blocked' });
    expect(n).toBe(1);
  });
});
