// Notices a stalled instance for /healthz: an event loop that did not get to run for a while (a
// synchronous hog: a huge regex, a decompression, a parse), and upstream slots held past the time
// their request should have ended by (a request stuck where no timeout reaches it). Either makes
// the instance 'degraded'; every page slot stuck makes it unable to serve anything new, which
// /healthz answers with 503 so the container health check can restart it. All of it clears by
// itself once the cause is gone.
import type { SlotState } from '../upstream/pinterest-client.js';

export interface HealthMonitorOptions {
  /** The upstream slot pools, read at each check. */
  slots: () => { pages: SlotState; media: SlotState };
  /** How often the loop is sampled (default 500 ms). */
  intervalMs?: number;
  /** A sample this much later than due counts as a stall (default 1000 ms). */
  lagThresholdMs?: number;
  /** How long after the last stall the instance still reads as degraded (default 10 s). */
  recoverMs?: number;
  now?: () => number;
}

interface HealthVerdict {
  status: 'ok' | 'degraded';
  /** False when nothing new can be served (every page slot stuck): /healthz answers 503. */
  serving: boolean;
  reasons: string[];
  /** The worst event-loop lag seen within the recovery window, in ms. */
  loopLagMs: number;
}

export interface HealthMonitor {
  /** One loop sample; the interval calls it, tests may call it with an injected clock. */
  tick(): void;
  verdict(): HealthVerdict;
  start(): void;
  stop(): void;
}

export function createHealthMonitor(opts: HealthMonitorOptions): HealthMonitor {
  const now = opts.now ?? (() => performance.now());
  const intervalMs = opts.intervalMs ?? 500;
  const threshold = opts.lagThresholdMs ?? 1000;
  const recoverMs = opts.recoverMs ?? 10_000;
  let lastTick = now();
  let lastStallAt: number | null = null;
  let worstLag = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  const noteLag = (t: number, lag: number) => {
    if (lag < threshold) return;
    if (lastStallAt === null || t - lastStallAt >= recoverMs) worstLag = 0;
    lastStallAt = t;
    worstLag = Math.max(worstLag, lag);
  };

  return {
    tick() {
      const t = now();
      noteLag(t, t - lastTick - intervalMs);
      lastTick = t;
    },
    verdict() {
      const t = now();
      const reasons: string[] = [];
      // A stall still going on (the sampler itself has not run): counted without waiting for it.
      if (timer) noteLag(t, t - lastTick - intervalMs);
      const stalledRecently = lastStallAt !== null && t - lastStallAt < recoverMs;
      if (stalledRecently) reasons.push(`event loop blocked for up to ${Math.round(worstLag)} ms`);
      const slots = opts.slots();
      for (const [name, s] of Object.entries(slots)) {
        if (s.overdue > 0) reasons.push(`${s.overdue} of ${s.limit} ${name} upstream slots held past their deadline`);
      }
      const serving = slots.pages.overdue < slots.pages.limit;
      return { status: reasons.length ? 'degraded' : 'ok', serving, reasons, loopLagMs: stalledRecently ? Math.round(worstLag) : 0 };
    },
    start() {
      if (timer) return;
      lastTick = now();
      timer = setInterval(() => this.tick(), intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
