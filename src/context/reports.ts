// Visitors' reports ("this is AI" / "this is not AI"): one queue entry per pin with counts, no
// visitor identity. Bounded three ways: reports per pin, reports per hour across the instance,
// and open entries. Kept in the data folder and written after every change (reports are rare
// and capped, so the writes are too).
import type { Signal } from '../domain/types.js';
import type { DataDir } from './data-dir.js';

export type ReportSaid = 'ai' | 'not-ai';

export interface ReportSnapshot {
  title: string;
  /** Local /img/ path of a small thumbnail, or null. */
  thumb: string | null;
  pinner: string | null;
  board: string | null;
  domain: string | null;
  signature: string | null;
  verdict: string;
  signals: Signal[];
}

export interface ReportEntry {
  pinId: string;
  ai: number;
  notAi: number;
  firstAt: number;
  lastAt: number;
  snapshot: ReportSnapshot;
}

type AddResult = { ok: true } | { ok: false; status: 429 | 503; message: string };

export interface Reports {
  load(): Promise<void>;
  add(pinId: string, said: ReportSaid, snapshot: ReportSnapshot): Promise<AddResult>;
  open(): ReportEntry[];
  get(pinId: string): ReportEntry | null;
  remove(pinId: string): Promise<ReportEntry | null>;
}

const FILE = 'reports.json';
const HOUR_MS = 3_600_000;

export function createReports(opts: { dataDir: DataDir; perPin: number; perHour: number; maxOpen: number; now: () => number; log?: (m: string) => void }): Reports {
  const entries = new Map<string, ReportEntry>();
  let recent: number[] = [];
  let writing: Promise<void> = Promise.resolve();

  function persist(): Promise<void> {
    const snapshot = { schema: 1, entries: [...entries.values()], recent };
    // Writes run one after another, each with the state at its turn.
    writing = writing.then(() => opts.dataDir.writeJson(FILE, snapshot)).catch((e) => {
      opts.log?.(`reports: write failed: ${String(e).slice(0, 200)}`);
    });
    return writing;
  }

  return {
    async load() {
      const saved = await opts.dataDir.readJson<{ schema?: number; entries?: ReportEntry[]; recent?: number[] }>(FILE);
      if (!saved || saved.schema !== 1) return;
      for (const e of saved.entries ?? []) if (e && typeof e.pinId === 'string') entries.set(e.pinId, e);
      recent = (saved.recent ?? []).filter((t) => typeof t === 'number');
    },

    async add(pinId, said, snapshot) {
      const now = opts.now();
      recent = recent.filter((t) => now - t < HOUR_MS);
      if (recent.length >= opts.perHour) {
        return { ok: false, status: 429, message: 'This instance has taken as many reports as it accepts in an hour. Please try again later.' };
      }
      const existing = entries.get(pinId);
      if (existing && existing.ai + existing.notAi >= opts.perPin) {
        return { ok: false, status: 429, message: 'This pin has been reported often enough already; an admin will look at it.' };
      }
      if (!existing && entries.size >= opts.maxOpen) {
        return { ok: false, status: 503, message: 'The report queue is full until an admin works through it. Please try again later.' };
      }
      const entry: ReportEntry = existing ?? { pinId, ai: 0, notAi: 0, firstAt: now, lastAt: now, snapshot };
      if (said === 'ai') entry.ai++;
      else entry.notAi++;
      entry.lastAt = now;
      entry.snapshot = snapshot;
      entries.set(pinId, entry);
      recent.push(now);
      await persist();
      return { ok: true };
    },

    open: () => [...entries.values()].sort((a, b) => b.lastAt - a.lastAt),
    get: (pinId) => entries.get(pinId) ?? null,

    async remove(pinId) {
      const e = entries.get(pinId) ?? null;
      if (e) {
        entries.delete(pinId);
        await persist();
      }
      return e;
    },
  };
}
