// A circuit breaker for one upstream host: after N consecutive failures it fails fast with
// 'unavailable' for a cool-down, then lets a single probe through (half-open) to decide whether
// to close again. Keeps a struggling or rate-limiting Pinterest from being hammered.

import { LocalGiveUpError } from './request-scope.js';
import { UpstreamError, isUpstreamError } from '../domain/errors.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Shown in errors and /healthz, e.g. "www". */
  name: string;
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a probe is allowed. */
  coolDownMs: number;
  /** Which errors count as the host failing (default: isBreakerFailure). */
  isFailure?: (err: unknown) => boolean;
  now?: () => number;
}

export interface CircuitBreaker {
  state(): BreakerState;
  /** Runs fn unless the circuit is open (then rejects at once with 'unavailable'). */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The host is in trouble: 5xx/connection errors, timeouts, a block or a rate limit. A 404, an odd
 * shape or a refused medium mean the host answered, so they count as success.
 */
function isBreakerFailure(err: unknown): boolean {
  if (!isUpstreamError(err)) return true;
  return err.kind === 'unavailable' || err.kind === 'timeout' || err.kind === 'blocked' || err.kind === 'rate-limited';
}

export function createCircuitBreaker(opts: CircuitBreakerOptions): CircuitBreaker {
  const now = opts.now ?? Date.now;
  const threshold = Math.max(1, Math.floor(opts.failureThreshold));
  const isFailure = opts.isFailure ?? isBreakerFailure;
  let failures = 0;
  let openedAt: number | null = null; // null: closed
  let probeInFlight = false;

  const state = (): BreakerState => {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= opts.coolDownMs ? 'half-open' : 'open';
  };

  const open = () => {
    openedAt = now();
  };

  return {
    state,
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const s = state();
      if (s === 'open' || (s === 'half-open' && probeInFlight)) {
        throw new UpstreamError('unavailable', `upstream ${opts.name} is failing; circuit open`);
      }
      const isProbe = s === 'half-open';
      if (isProbe) probeInFlight = true;
      try {
        const result = await fn();
        failures = 0;
        openedAt = null;
        return result;
      } catch (err) {
        // We gave up before upstream could answer (visitor gone, no slot): says nothing of the host.
        if (err instanceof LocalGiveUpError) throw err;
        if (isFailure(err)) {
          failures++;
          if (isProbe || failures >= threshold) open();
        } else {
          failures = 0;
          openedAt = null;
        }
        throw err;
      } finally {
        if (isProbe) probeInFlight = false;
      }
    },
  };
}
