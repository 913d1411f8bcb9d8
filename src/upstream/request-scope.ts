// The visitor request an upstream call is made for: its deadline and an abort signal that fires
// when the visitor goes away. Carried by AsyncLocalStorage so that every wait deep in the client
// (an upstream slot, a pool connection) is bounded by it without threading a signal through every
// loader and parser. Work shared by many visitors (image scoring) runs outside any scope and is
// bounded by the client's own budget instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import { UpstreamError } from '../domain/errors.js';

export interface RequestScope {
  /** Epoch ms (of the clock the client uses) after which no wait may continue. */
  deadline: number;
  /** Aborts when the visitor disconnects before the answer was sent. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs fn with `scope` as the current request scope. */
export function withRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Runs fn outside any request scope (shared background work that outlives one visitor). */
export function withoutRequestScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * This instance gave up before asking upstream (the visitor left, or no slot came free before the
 * deadline). Kind 'timeout' (504), but not upstream's fault: the circuit breaker and the upstream
 * metrics leave it out.
 */
export class LocalGiveUpError extends UpstreamError {
  constructor(message: string) {
    super('timeout', message);
  }
}

/** The visitor this call was made for has gone: its waits end at once. */
export class VisitorGoneError extends LocalGiveUpError {
  constructor() {
    super('the visitor closed the request');
  }
}

/** True when the current scope's visitor has already gone. */
export function scopeAborted(): boolean {
  return currentScope()?.signal?.aborted === true;
}
