// Collects provenance signals for one image: de-duplicated, capped, so a file stuffed with a
// thousand text chunks yields a short list and a bounded amount of work.
import type { Signal } from '../../domain/types.js';

const MAX_SIGNALS = 24;

export class SignalSink {
  readonly signals: Signal[] = [];
  private readonly seen = new Set<string>();

  add(detail: string, decisive: boolean): void {
    if (this.signals.length >= MAX_SIGNALS || this.seen.has(detail)) return;
    this.seen.add(detail);
    this.signals.push({ source: 'provenance', detail, decisive });
  }

  get full(): boolean {
    return this.signals.length >= MAX_SIGNALS;
  }
}
