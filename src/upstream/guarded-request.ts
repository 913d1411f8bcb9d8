// The guarded request path every upstream call takes: circuit breaker -> bounded retries (Retry-After
// included) -> one timed attempt (shared rate limiter, metrics event) -> an upstream slot -> one HTTP
// request. Slots come in two pools, pages (www, short links) and media (images, videos), so a page
// full of images or a crowd of video viewers never starves page requests.

import type { Dispatcher } from 'undici';
import type { UpstreamErrorKind } from '../domain/errors.js';
import type { Semaphore } from '../concurrency/semaphore.js';
import type { UpstreamRateLimiter } from '../store/upstream-rate-limit.js';
import { createCircuitBreaker, type BreakerState, type CircuitBreaker } from './circuit-breaker.js';
import { errorForNetworkFailure } from './classify.js';
import { requestBuffered, type BufferedResponse, type Timeouts, type UpstreamRequest } from './http-request.js';
import { currentScope, LocalGiveUpError } from './request-scope.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { createUpstreamSlots } from './upstream-slots.js';

export type UpstreamHost = 'www' | 'images' | 'videos' | 'shortlinks';

export const HOSTS: UpstreamHost[] = ['www', 'images', 'videos', 'shortlinks'];

/** One upstream HTTP attempt, for metrics. */
export interface UpstreamEvent {
  host: UpstreamHost;
  kind: 'ok' | UpstreamErrorKind;
  ms: number;
  /** Upstream HTTP status when there was one. */
  status?: number;
}

/** One slot pool, for /healthz and /metrics. */
export interface SlotState {
  limit: number;
  active: number;
  waiting: number;
  /** Slots held past the time their request should have ended by (a stuck request). */
  overdue: number;
}

/** What one request needs besides its host: the rest comes from the client's configuration. */
interface RequestSpec {
  path: string;
  headers: Record<string, string>;
  maxBytes: number;
  /** Another connection pool than the client's default (streamed video bodies). */
  dispatcher?: Dispatcher;
}

export interface GuardedRequests {
  /** Breaker around bounded retries around single timed attempts of fetchOnce. */
  guarded<T>(host: UpstreamHost, fetchOnce: () => Promise<T>): Promise<T>;
  /** One request by `send`, holding the host's slot until it resolves (a stream: until its headers). */
  send<R>(host: UpstreamHost, send: (req: UpstreamRequest) => Promise<R>, spec: RequestSpec): Promise<R>;
  /** One buffered GET on the default pool, holding the host's slot. */
  get(host: UpstreamHost, path: string, headers: Record<string, string>, maxBytes: number): Promise<BufferedResponse>;
  slotStates(): { pages: SlotState; media: SlotState };
  breakerStates(): Record<UpstreamHost, BreakerState>;
}

interface GuardedRequestOptions {
  /** Normalized origins (scheme://host[:port]). */
  origins: Record<UpstreamHost, string>;
  dispatcher: Dispatcher;
  timeouts: Timeouts;
  retryPolicy: RetryPolicy;
  breaker: { failureThreshold: number; coolDownMs: number };
  maxConcurrent: number;
  maxConcurrentMedia: number;
  rateLimiter?: UpstreamRateLimiter;
  onUpstream?: (event: UpstreamEvent) => void;
  now: () => number;
}

/** Hold-back after a 429 that named no Retry-After. */
const DEFAULT_429_HOLD_S = 10;
/** Longest wait for an upstream slot outside any visitor request (e.g. background scoring). */
const OUTSIDE_WAIT_MS = 30_000;

const safely = (f: () => void) => {
  try {
    f();
  } catch {
    /* a metrics hook must never break a request */
  }
};

export function createGuardedRequests(opts: GuardedRequestOptions): GuardedRequests {
  const { now, retryPolicy } = opts;
  const breakers = Object.fromEntries(
    HOSTS.map((h) => [h, createCircuitBreaker({ name: h, ...opts.breaker, now })]),
  ) as Record<UpstreamHost, CircuitBreaker>;
  const pageSlots = createUpstreamSlots(opts.maxConcurrent, now);
  const mediaSlots = createUpstreamSlots(opts.maxConcurrentMedia, now);
  const slotsFor = (host: UpstreamHost): Semaphore => (host === 'images' || host === 'videos' ? mediaSlots : pageSlots);
  // Longest a single request may hold its slot: connect + headers + body, and a second's grace.
  const holdMs = opts.timeouts.connectMs + opts.timeouts.headersMs + opts.timeouts.bodyMs + 1000;

  /**
   * A slot for one upstream request. The wait ends at the visitor's deadline or when the visitor
   * leaves; outside any request (shared background work) after OUTSIDE_WAIT_MS or the client's
   * budget, whichever is longer. Not the budget alone: with short timeouts it would turn a brief
   * queue into failures.
   */
  function acquireSlot(host: UpstreamHost): Promise<() => void> {
    const scope = currentScope();
    const waitUntil = scope ? scope.deadline : now() + Math.max(OUTSIDE_WAIT_MS, retryPolicy.budgetMs);
    return slotsFor(host).acquire({ waitUntil, holdMs, ...(scope?.signal ? { signal: scope.signal } : {}) });
  }

  /** One HTTP attempt, timed and reported; every failure leaves as an UpstreamError. */
  async function attempt<T>(host: UpstreamHost, fn: () => Promise<T>): Promise<T> {
    // Not an upstream call yet: a refusal here is reported by the caller, not as an upstream event.
    await opts.rateLimiter?.acquire(host);
    const t0 = performance.now();
    try {
      const r = await fn();
      safely(() => opts.onUpstream?.({ host, kind: 'ok', ms: performance.now() - t0 }));
      return r;
    } catch (err) {
      if (err instanceof LocalGiveUpError) throw err; // not an upstream call: nothing to report
      const e = errorForNetworkFailure(host, err);
      const event: UpstreamEvent = { host, kind: e.kind, ms: performance.now() - t0 };
      if (e.detail.status !== undefined) event.status = e.detail.status;
      safely(() => opts.onUpstream?.(event));
      // Pinterest said slow down: every instance sharing the limiter holds this host back.
      if (e.kind === 'rate-limited' && e.detail.status === 429) {
        safely(() => opts.rateLimiter?.backOff(host, (e.detail.retryAfterSeconds ?? DEFAULT_429_HOLD_S) * 1000));
      }
      throw e;
    }
  }

  async function send<R>(host: UpstreamHost, sendOnce: (req: UpstreamRequest) => Promise<R>, spec: RequestSpec): Promise<R> {
    const release = await acquireSlot(host);
    try {
      const signal = currentScope()?.signal;
      return await sendOnce({
        ...(signal ? { signal } : {}),
        dispatcher: spec.dispatcher ?? opts.dispatcher,
        host,
        origin: opts.origins[host],
        path: spec.path,
        headers: spec.headers,
        timeouts: opts.timeouts,
        maxBytes: spec.maxBytes,
      });
    } finally {
      release();
    }
  }

  const slotState = (s: Semaphore): SlotState => ({ limit: s.limit, ...s.load(), overdue: s.overdue() });

  return {
    guarded: (host, fetchOnce) => breakers[host].run(() => withRetries(() => attempt(host, fetchOnce), retryPolicy)),
    send,
    get: (host, path, headers, maxBytes) => send(host, requestBuffered, { path, headers, maxBytes }),
    slotStates: () => ({ pages: slotState(pageSlots), media: slotState(mediaSlots) }),
    breakerStates: () => Object.fromEntries(HOSTS.map((h) => [h, breakers[h].state()])) as Record<UpstreamHost, BreakerState>,
  };
}
