// Collects provenance signals for one image: de-duplicated, capped, so a file stuffed with a
// thousand text chunks yields a short list and a bounded amount of work. It also holds the image's
// scan budget: bytes that may be decompressed in all, and time. The scan runs on the event loop,
// so one hostile file must not hold it for long: past either budget the scan stops with what it has.
import type { Signal } from '../../domain/types.js';

const MAX_SIGNALS = 24;
/** Decompressed bytes per image, all chunks together (generator text is tens of KB). */
export const MAX_INFLATED_PER_IMAGE = 4 << 20;
/**
 * Scan time per image, a backstop behind the byte budget: a normal file takes well under a
 * millisecond; generous so a busy machine's scheduling never cuts an honest scan short.
 */
const MAX_SCAN_MS = 250;

export interface ScanBudget {
  inflatedBytes?: number;
  ms?: number;
  now?: () => number;
}

export class SignalSink {
  readonly signals: Signal[] = [];
  private readonly seen = new Set<string>();
  /** Bytes that may still be decompressed for this image. */
  inflateLeft: number;
  private readonly deadline: number;
  private readonly now: () => number;

  constructor(budget: ScanBudget = {}) {
    this.now = budget.now ?? (() => performance.now());
    this.inflateLeft = budget.inflatedBytes ?? MAX_INFLATED_PER_IMAGE;
    this.deadline = this.now() + (budget.ms ?? MAX_SCAN_MS);
  }

  /** Records decompression work (the bytes produced, or the cap reached when it failed). */
  spendInflate(bytes: number): void {
    this.inflateLeft = Math.max(0, this.inflateLeft - bytes);
  }

  add(detail: string, decisive: boolean): void {
    if (this.signals.length >= MAX_SIGNALS || this.seen.has(detail)) return;
    this.seen.add(detail);
    this.signals.push({ source: 'provenance', detail, decisive });
  }

  /** Nothing more to gain (enough signals) or no budget left (time): the walkers stop. */
  get full(): boolean {
    return this.signals.length >= MAX_SIGNALS || this.now() > this.deadline;
  }
}
