// Subscriptions to other instances' /ai-list.txt (CORKBOARD_AI_LIST_URLS, https only): fetched on
// an interval with a time and size cap, kept on disk, and the last good copy used when a fetch
// fails (or before the first fetch after a restart). Redirects are not followed: a list moves
// only when the admin changes the URL.
import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import type { DataDir } from './data-dir.js';
import { parseList, type ListEntry } from './list-format.js';
import type { ListSource } from './list-matcher.js';

export interface SubscriptionStatus {
  url: string;
  entries: number;
  /** When the copy in use was fetched (ms since epoch), or null when there is none. */
  fetchedAt: number | null;
  lastAttemptAt: number | null;
  /** Why the last fetch failed (the last good copy stays in use), or null. */
  error: string | null;
}

export interface SubscriptionOptions {
  urls: readonly string[];
  dataDir: DataDir;
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
  now: () => number;
  /** Extra trusted CA certificates (PEM). Only tests pass one, for their self-signed loopback server. */
  ca?: string;
}

export interface Subscriptions {
  /** Loads the copies kept on disk (start-up). */
  loadFromDisk(): Promise<void>;
  /** Fetches every list now; resolves when all are done. True when any list changed. */
  fetchAll(): Promise<boolean>;
  sources(): ListSource[];
  statuses(): SubscriptionStatus[];
  close(): Promise<void>;
}

interface State {
  status: SubscriptionStatus;
  entries: ListEntry[];
  body: string | null;
}

const fileFor = (url: string) => `subscriptions/${createHash('sha256').update(url).digest('hex').slice(0, 24)}.json`;

export function createSubscriptions(opts: SubscriptionOptions): Subscriptions {
  const agent = new Agent({
    connect: { timeout: opts.timeoutMs, ...(opts.ca ? { ca: opts.ca } : {}) },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  const states: State[] = opts.urls.map((url) => ({
    status: { url, entries: 0, fetchedAt: null, lastAttemptAt: null, error: null },
    entries: [],
    body: null,
  }));

  function adopt(state: State, body: string, fetchedAt: number): boolean {
    const changed = body !== state.body;
    state.body = body;
    state.entries = parseList(body).entries;
    state.status = { ...state.status, entries: state.entries.length, fetchedAt, error: null };
    return changed;
  }

  async function fetchOne(state: State): Promise<boolean> {
    state.status.lastAttemptAt = opts.now();
    const abort = AbortSignal.timeout(opts.timeoutMs);
    try {
      const res = await agent.request({
        origin: new URL(state.status.url).origin,
        path: new URL(state.status.url).pathname + new URL(state.status.url).search,
        method: 'GET',
        headers: { 'user-agent': opts.userAgent, accept: 'text/plain' },
        signal: abort,
      });
      if (res.statusCode !== 200) {
        await res.body.dump().catch(() => undefined);
        throw new Error(`HTTP ${res.statusCode}`);
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.body.destroy();
        throw new Error(`larger than ${opts.maxBytes} bytes`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > opts.maxBytes) {
          res.body.destroy();
          throw new Error(`larger than ${opts.maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const fetchedAt = opts.now();
      const changed = adopt(state, body, fetchedAt);
      if (changed) await opts.dataDir.writeJson(fileFor(state.status.url), { url: state.status.url, fetchedAt, body });
      return changed;
    } catch (e) {
      const msg = abort.aborted ? `no answer within ${opts.timeoutMs} ms` : e instanceof Error ? e.message : String(e);
      state.status.error = msg.slice(0, 200);
      return false;
    }
  }

  return {
    async loadFromDisk() {
      for (const state of states) {
        const saved = await opts.dataDir.readJson<{ url?: string; fetchedAt?: number; body?: string }>(fileFor(state.status.url));
        if (saved && saved.url === state.status.url && typeof saved.body === 'string' && typeof saved.fetchedAt === 'number') {
          adopt(state, saved.body, saved.fetchedAt);
        }
      }
    },
    async fetchAll() {
      const changed = await Promise.all(states.map(fetchOne));
      return changed.some(Boolean);
    },
    sources: () => states.map((s) => ({ name: s.status.url, trust: 'subscribed' as const, entries: s.entries })),
    statuses: () => states.map((s) => ({ ...s.status })),
    close: () => agent.close(),
  };
}
