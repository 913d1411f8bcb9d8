// Reputation from what this instance has seen: for each pinner, board and outbound link domain,
// the pins seen from it and the class of evidence each carried. Records sit behind the same async
// cache interface as every other cache (a shared Valkey/Redis can hold them), each one bounded
// (MAX_PINS_PER_SUBJECT) and with a time to live. A pin counts once however often it is shown:
// records keep pin ids, not counters, so a popular page cannot inflate them.
//
// An in-process index (bounded) remembers which subjects this process touched, for the /admin
// table, /ai-list.txt and the snapshot in the data folder that carries the records over a restart.
import { LRUCache } from 'lru-cache';
import type { AsyncCache } from '../domain/cache.js';
import type { DataDir } from './data-dir.js';
import type { PinSubjects } from './pin-subjects.js';

/** One pin's evidence, as recorded: decisive (Pinterest's label, provenance) or the model's verdict. */
export type EvidenceClass = 'label' | 'provenance' | 'ai' | 'unsure' | 'not-ai';

export type SubjectKind = 'pinner' | 'board' | 'domain';

export interface ReputationRecord {
  schema: 1;
  /** pin id -> class, oldest first; at most MAX_PINS_PER_SUBJECT. */
  pins: Record<string, EvidenceClass>;
  updatedAt: number;
}

export interface Tally {
  seen: number;
  label: number;
  provenance: number;
  ai: number;
  unsure: number;
  notAi: number;
}

export interface SubjectTally {
  kind: SubjectKind;
  value: string;
  tally: Tally;
  updatedAt: number;
}

interface DecisiveImage {
  signature: string;
  cls: 'label' | 'provenance';
  pinId: string;
  at: number;
}

/** Pins remembered per subject: enough for a share to mean something, small enough for Redis. */
export const MAX_PINS_PER_SUBJECT = 50;

export function tallyOf(record: ReputationRecord | null | undefined, exceptPin?: string): Tally {
  const t: Tally = { seen: 0, label: 0, provenance: 0, ai: 0, unsure: 0, notAi: 0 };
  if (!record) return t;
  for (const [id, cls] of Object.entries(record.pins)) {
    if (id === exceptPin) continue;
    t.seen++;
    if (cls === 'not-ai') t.notAi++;
    else t[cls]++;
  }
  return t;
}

export const subjectKey = (kind: SubjectKind, value: string) => `reputation:v1:${kind}:${value}`;

export interface ReputationOptions {
  cache: AsyncCache<ReputationRecord>;
  ttlMs: number;
  /** Subjects kept in the in-process index (and the snapshot). */
  indexEntries: number;
  dataDir: DataDir | null;
  now: () => number;
  log?: (message: string) => void;
}

export interface Reputation {
  /** Records one page's pins (base verdicts, before any context), one read and write per subject. */
  recordPins(items: { subjects: PinSubjects; cls: EvidenceClass }[]): Promise<void>;
  /** Tallies for several subjects at once (missing ones are empty). */
  records(keys: { kind: SubjectKind; value: string }[]): Promise<Map<string, ReputationRecord | null>>;
  /** Subjects touched by this process, most pins with AI evidence first. */
  top(kind: SubjectKind, n: number): SubjectTally[];
  decisiveImages(n: number): DecisiveImage[];
  load(): Promise<void>;
  save(): Promise<void>;
}

interface Snapshot {
  schema: 1;
  subjects: [string, ReputationRecord][];
  images: DecisiveImage[];
}

const SNAPSHOT_FILE = 'reputation.json';

export function createReputation(opts: ReputationOptions): Reputation {
  const index = new LRUCache<string, SubjectTally>({ max: Math.max(1, opts.indexEntries) });
  const images = new LRUCache<string, DecisiveImage>({ max: Math.max(1, opts.indexEntries) });
  let dirty = false;
  const log = (m: string) => {
    try {
      opts.log?.(m);
    } catch {
      // logging must not break a page
    }
  };

  async function get(key: string): Promise<ReputationRecord | null> {
    try {
      const v = await opts.cache.get(key);
      return isRecord(v) && opts.now() - v.updatedAt < opts.ttlMs ? v : null;
    } catch (e) {
      log(`reputation: read failed: ${String(e).slice(0, 200)}`);
      return null;
    }
  }

  function remember(kind: SubjectKind, value: string, record: ReputationRecord): void {
    dirty = true;
    index.set(subjectKey(kind, value), { kind, value, tally: tallyOf(record), updatedAt: record.updatedAt });
  }

  return {
    async recordPins(items) {
      const bySubject = new Map<string, { kind: SubjectKind; value: string; pins: [string, EvidenceClass][] }>();
      for (const { subjects, cls } of items) {
        const at = opts.now();
        if ((cls === 'label' || cls === 'provenance') && subjects.signatures.length > 0) {
          for (const signature of subjects.signatures) {
            if (!images.has(signature)) dirty = true;
            images.set(signature, { signature, cls, pinId: subjects.pinId, at });
          }
        }
        for (const kind of ['pinner', 'board', 'domain'] as const) {
          const value = subjects[kind];
          if (!value) continue;
          const k = subjectKey(kind, value);
          const entry = bySubject.get(k) ?? { kind, value, pins: [] };
          entry.pins.push([subjects.pinId, cls]);
          bySubject.set(k, entry);
        }
      }
      await Promise.all(
        [...bySubject].map(async ([k, { kind, value, pins }]) => {
          const old = await get(k);
          // Unchanged records are not written again: a cached page costs reads only.
          if (old && pins.every(([id, cls]) => old.pins[id] === cls)) {
            if (!index.has(k)) remember(kind, value, old);
            return;
          }
          const next: Record<string, EvidenceClass> = { ...(old?.pins ?? {}) };
          for (const [id, cls] of pins) {
            delete next[id]; // re-inserted last: the newest pins are the ones kept
            next[id] = cls;
          }
          const ids = Object.keys(next);
          for (const id of ids.slice(0, Math.max(0, ids.length - MAX_PINS_PER_SUBJECT))) delete next[id];
          const record: ReputationRecord = { schema: 1, pins: next, updatedAt: opts.now() };
          try {
            await opts.cache.set(k, record, opts.ttlMs);
          } catch (e) {
            log(`reputation: write failed: ${String(e).slice(0, 200)}`);
          }
          remember(kind, value, record);
        }),
      );
    },

    async records(keys) {
      const out = new Map<string, ReputationRecord | null>();
      await Promise.all(
        keys.map(async ({ kind, value }) => {
          const k = subjectKey(kind, value);
          if (!out.has(k)) out.set(k, null);
          out.set(k, await get(k));
        }),
      );
      return out;
    },

    top(kind, n) {
      const rows = [...index.values()].filter((r) => r.kind === kind && opts.now() - r.updatedAt < opts.ttlMs);
      const aiOf = (t: Tally) => t.label + t.provenance + t.ai;
      rows.sort((a, b) => aiOf(b.tally) - aiOf(a.tally) || b.tally.seen - a.tally.seen || a.value.localeCompare(b.value));
      return rows.slice(0, n);
    },

    decisiveImages(n) {
      return [...images.values()].filter((i) => opts.now() - i.at < opts.ttlMs).slice(0, n);
    },

    async load() {
      if (!opts.dataDir) return;
      const snap = await opts.dataDir.readJson<Snapshot>(SNAPSHOT_FILE);
      if (!snap || snap.schema !== 1 || !Array.isArray(snap.subjects)) return;
      const now = opts.now();
      for (const [k, record] of snap.subjects) {
        const m = /^reputation:v1:(pinner|board|domain):(.+)$/.exec(String(k));
        if (!m || !isRecord(record) || now - record.updatedAt >= opts.ttlMs) continue;
        // The shared store may already hold a newer record (another instance): keep the newer one.
        const current = await get(k);
        const keep = current && current.updatedAt >= record.updatedAt ? current : record;
        if (keep === record) await opts.cache.set(k, record, opts.ttlMs - (now - record.updatedAt)).catch(() => undefined);
        remember(m[1] as SubjectKind, m[2]!, keep);
      }
      dirty = false;
      for (const img of Array.isArray(snap.images) ? snap.images : []) {
        if (img && typeof img.signature === 'string' && now - img.at < opts.ttlMs) images.set(img.signature, img);
      }
    },

    async save() {
      if (!opts.dataDir || !dirty) return;
      dirty = false;
      const subjects: [string, ReputationRecord][] = [];
      for (const k of index.keys()) {
        const record = await get(k);
        if (record) subjects.push([k, record]);
      }
      await opts.dataDir.writeJson(SNAPSHOT_FILE, { schema: 1, subjects, images: [...images.values()] } satisfies Snapshot);
    },
  };
}

/** A well-formed record: what a cache or a shared store (which could hold anything) gives back is checked. */
export function isRecord(v: unknown): v is ReputationRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<ReputationRecord>;
  return r.schema === 1 && typeof r.updatedAt === 'number' && typeof r.pins === 'object' && r.pins !== null;
}
