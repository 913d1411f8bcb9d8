// The client's slot pools: the shared semaphore (src/concurrency) failing the way upstream waits
// fail. A wait that outlasts its deadline, or whose visitor left, is a LocalGiveUpError: a 504, but
// not upstream's fault, so the breaker and the upstream metrics leave it out.
import { createSemaphore, type Semaphore } from '../concurrency/semaphore.js';
import { LocalGiveUpError, VisitorGoneError } from './request-scope.js';

export function createUpstreamSlots(max: number, now: () => number = Date.now): Semaphore {
  return createSemaphore(max, {
    now,
    timedOut: () => new LocalGiveUpError('no upstream slot came free in time'),
    // The signal is the visitor's: an abort means they left, whatever reason the server gave.
    aborted: (signal) => (signal.reason instanceof LocalGiveUpError ? signal.reason : new VisitorGoneError()),
  });
}
