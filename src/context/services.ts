// Everything src/context/ offers the app, assembled from config: the data folder, lists (files,
// own list, subscriptions), the reputation store, reports, signed tokens, and the scorer layer.
import type { Config } from '../config.js';
import type { AsyncCache } from '../domain/cache.js';
import type { PinScorerWithStats } from '../ai/scorer.js';
import type { Sensitivity } from '../ai/types.js';
import type { VerdictThresholds } from '../ai/verdict.js';
import { createMemoryCache } from '../upstream/memory-cache.js';
import { withContext } from './context-scorer.js';
import { meetsContextRule, type ContextRule } from './context-rule.js';
import { openDataDir, type DataDir } from './data-dir.js';
import { createInstanceLists, type InstanceLists } from './instance-lists.js';
import { formatEntry } from './list-format.js';
import { createReports, type Reports } from './reports.js';
import { createReputation, MAX_PINS_PER_SUBJECT, type Reputation, type ReputationRecord } from './reputation.js';
import { createSubscriptions, type Subscriptions } from './subscriptions.js';
import { createTokens, type Tokens } from './tokens.js';
import { contextSentence } from './evidence-words.js';

export interface ContextBuildOptions {
  now?: () => number;
  /** Extra CA certificate (PEM) trusted for subscriptions: tests with a self-signed loopback server only. */
  subscriptionCa?: string;
  /** How often list files are checked for changes (default 2000 ms). */
  listCheckMs?: number;
  /** The store for reputation records; default an in-memory cache sized from config. */
  reputationCache?: AsyncCache<ReputationRecord>;
  /** Puts the default in-memory cache in front of a shared store (CORKBOARD_REDIS_URL), so every instance reads every record. */
  shareReputation?: (local: AsyncCache<ReputationRecord>) => AsyncCache<ReputationRecord>;
  /** Start the subscription and snapshot timers (default true; tests drive them by hand). */
  timers?: boolean;
  /** Warnings (an unwritable data folder, failed snapshot writes). */
  log?: (message: string) => void;
  /** false: the scorer is left unwrapped (no lists, no reputation). Only the benchmark's baseline uses it. */
  judge?: boolean;
}

export interface ContextServices {
  dataDir: DataDir;
  lists: InstanceLists;
  subscriptions: Subscriptions | null;
  reputation: Reputation;
  reputationCache: AsyncCache<ReputationRecord>;
  reports: Reports;
  tokens: Tokens;
  rule: ContextRule;
  wrapScorer(inner: PinScorerWithStats, thresholds: Record<Sensitivity, VerdictThresholds> | null, log?: (m: string) => void): PinScorerWithStats;
  /** Fetches every subscribed list now (the timer calls this too). */
  fetchSubscriptions(): Promise<void>;
  /** The text of /ai-list.txt. */
  publishedList(instanceName: string): string;
  /** Loads state from the data folder, reads the lists, starts the timers. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Entries published per kind in /ai-list.txt. */
const PUBLISH_MAX = 5000;

export function createContextServices(config: Config, opts: ContextBuildOptions = {}): ContextServices {
  const now = opts.now ?? Date.now;
  const c = config.context;
  const dataDir = openDataDir(config.dataDir, opts.log);
  const subscriptions = c.listUrls.length
    ? createSubscriptions({
        urls: c.listUrls, dataDir, maxBytes: c.listMaxBytes, timeoutMs: c.listTimeoutMs,
        userAgent: 'Corkboard (AI list subscription)', now, ca: opts.subscriptionCa,
      })
    : null;
  const lists = createInstanceLists({ paths: c.listPaths, dataDirRoot: config.dataDir, subscriptions, checkEveryMs: opts.listCheckMs ?? 2000, now });
  // A record holds at most MAX_PINS_PER_SUBJECT pin ids of ~20 characters each.
  const localReputation = () => createMemoryCache<ReputationRecord>({
    name: 'reputation',
    maxBytes: c.reputationEntries * (64 + 32 * MAX_PINS_PER_SUBJECT),
    ttlMs: c.reputationTtlMs,
    sizeOf: (r) => 64 + 32 * Object.keys(r.pins).length,
  });
  const reputationCache = opts.reputationCache ?? (opts.shareReputation ?? ((l) => l))(localReputation());
  const reputation = createReputation({ cache: reputationCache, ttlMs: c.reputationTtlMs, indexEntries: Math.min(c.reputationEntries, 50_000), dataDir, now, log: opts.log });
  const reports = createReports({ dataDir, perPin: c.reportsPerPin, perHour: c.reportsPerHour, maxOpen: 2000, now, log: opts.log });
  const rule: ContextRule = { minDecisive: c.minDecisive, minShare: c.minShare };
  let tokens: Tokens | null = null;
  const timers: ReturnType<typeof setInterval>[] = [];

  async function fetchSubscriptions(): Promise<void> {
    if (subscriptions && (await subscriptions.fetchAll())) lists.changed();
  }

  return {
    dataDir,
    lists,
    subscriptions,
    reputation,
    reputationCache,
    reports,
    get tokens() {
      // The secret is created on first use, so the data folder appears only when needed.
      tokens ??= createTokens(dataDir.secret(), now);
      return tokens;
    },
    rule,
    fetchSubscriptions,
    wrapScorer: (inner, thresholds, log) => (opts.judge === false ? inner : withContext(inner, { lists, reputation, rule, thresholds, log })),

    publishedList(instanceName) {
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      const matcher = lists.matcher();
      const lines = [
        `# AI list of ${instanceName.replace(/[\r\n]+/g, ' ')}, generated ${new Date(now()).toISOString()}`,
        '# Format: one entry a line (pinner:, board:, domain:, pin:, image:), "!" marks an exception, "#" a comment.',
        '# What this instance found with decisive evidence (Pinterest\'s AI label, generator provenance).',
      ];
      for (const kind of ['pinner', 'board'] as const) {
        for (const row of reputation.top(kind, PUBLISH_MAX)) {
          if (!meetsContextRule(row.tally, rule)) continue;
          if (matcher.exception({ pinId: '', pinner: kind === 'pinner' ? row.value : null, board: kind === 'board' ? row.value : null, domain: null, signatures: [] })) continue;
          lines.push(formatEntry(kind, row.value, { comment: `${contextSentence(kind, row.tally)}; last seen ${day(row.updatedAt)}` }));
        }
      }
      for (const img of reputation.decisiveImages(PUBLISH_MAX)) {
        const why = img.cls === 'label' ? 'labelled AI by Pinterest' : 'AI generator mark in the file';
        lines.push(formatEntry('image', img.signature, { comment: `${why} (pin ${img.pinId}); seen ${day(img.at)}` }));
      }
      const own = lists.ownEntries();
      if (own.length > 0) lines.push('# Decided by this instance\'s admin (visitors\' reports):');
      for (const e of own.slice(-PUBLISH_MAX)) {
        lines.push(formatEntry(e.kind, e.value, { exception: e.exception, comment: 'decided by this instance\'s admin after a report' }));
      }
      return `${lines.join('\n')}\n`;
    },

    async start() {
      await Promise.all([reputation.load(), reports.load(), subscriptions?.loadFromDisk()]);
      await lists.refresh(true);
      // A missing or unreadable list is not fatal (it may appear later; it is read when it does),
      // but the admin hears about it at start, by the variable's name.
      for (const f of lists.files()) {
        if (f.error && f.path !== lists.ownListPath) opts.log?.(`CORKBOARD_AI_LISTS: ${f.path}: ${f.error}`);
        if (f.problems.length) opts.log?.(`CORKBOARD_AI_LISTS: ${f.path}: ${f.problems.length} lines not understood, first: line ${f.problems[0]!.line}: ${f.problems[0]!.message}`);
      }
      if (subscriptions) lists.changed();
      if (opts.timers === false) return;
      if (subscriptions) {
        void fetchSubscriptions();
        timers.push(setInterval(() => void fetchSubscriptions(), c.listRefreshMs));
      }
      timers.push(setInterval(() => void reputation.save().catch((e) => opts.log?.(`reputation snapshot failed: ${String(e).slice(0, 200)}`)), 60_000));
      for (const t of timers) t.unref();
    },

    async close() {
      for (const t of timers) clearInterval(t);
      await reputation.save().catch(() => undefined);
      await subscriptions?.close();
    },
  };
}
