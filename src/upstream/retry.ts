// Bounded retries with jittered exponential backoff for transient upstream failures (5xx,
// connection errors, 429), honouring Retry-After but never sleeping past a budget or a cap.

import { isUpstreamError } from '../domain/errors.js';

export interface RetryPolicy {
  /** Extra attempts after the first (0 = no retry). */
  retries: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included; a longer Retry-After gives up at once. */
  maxDelayMs: number;
  /** Total time the whole call may take including waits; no wait may cross it. */
  budgetMs: number;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Worth another try: a 5xx or a broken connection, or a rate limit. Not a timeout (it would
 * multiply the visitor's wait), not a 403 block (retrying is what gets an IP blocked), not a 404.
 */
export function isRetryable(err: unknown): boolean {
  if (!isUpstreamError(err)) return false;
  return err.kind === 'unavailable' || err.kind === 'rate-limited';
}

/** The wait before retry number `attempt` (0-based), or null to give up now. */
export function retryDelayMs(err: unknown, attempt: number, policy: RetryPolicy, elapsedMs: number): number | null {
  if (attempt >= policy.retries || !isRetryable(err)) return null;
  const random = policy.random ?? Math.random;
  const backoff = policy.baseDelayMs * 2 ** attempt;
  // "Equal jitter": half fixed, half random, so retries from many requests spread out.
  let delay = backoff / 2 + random() * (backoff / 2);
  const retryAfter = isUpstreamError(err) ? err.detail.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) delay = Math.max(delay, retryAfter * 1000);
  if (delay > policy.maxDelayMs) return null;
  if (elapsedMs + delay > policy.budgetMs) return null;
  return Math.max(0, Math.round(delay));
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs attempt(n) until it succeeds or retryDelayMs says stop; the last error is thrown. */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? defaultSleep;
  const start = now();
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const delay = retryDelayMs(err, n, policy, now() - start);
      if (delay === null) throw err;
      await sleep(delay);
    }
  }
}
