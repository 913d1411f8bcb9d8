// Every AI list in use, as one matcher: the admin's files (CORKBOARD_AI_LISTS), the instance's own
// list (accepted reports, in the data folder) and the subscriptions. The matcher is rebuilt only
// when a source changed; `generation` counts those changes (the rendered-page cache keys on it,
// so an edit shows at once rather than after the cached copy expires).
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createListFiles, type ListFileStatus, type ListFiles } from './list-files.js';
import type { ListEntry } from './list-format.js';
import { compileLists, type ListMatcher } from './list-matcher.js';
import type { Subscriptions, SubscriptionStatus } from './subscriptions.js';

const OWN_LIST_FILE = 'own-list.txt';

export interface InstanceLists {
  /** Checks the files if a check is due; call before matching. */
  refresh(force?: boolean): Promise<void>;
  matcher(): ListMatcher;
  readonly generation: number;
  /** Appends lines to the instance's own list and reloads it. */
  appendOwn(lines: string[]): Promise<void>;
  ownListPath: string;
  files(): ListFileStatus[];
  /** Entries of the instance's own list (accepted reports). */
  ownEntries(): readonly ListEntry[];
  subscriptions(): SubscriptionStatus[];
  /** Call after a subscription fetch changed something. */
  changed(): void;
}

export function createInstanceLists(opts: {
  paths: readonly string[];
  dataDirRoot: string;
  subscriptions: Subscriptions | null;
  checkEveryMs: number;
  now: () => number;
}): InstanceLists {
  const ownListPath = path.join(opts.dataDirRoot, OWN_LIST_FILE);
  const files: ListFiles = createListFiles(
    [
      ...opts.paths.map((p) => ({ path: p, name: path.basename(p) })),
      { path: ownListPath, name: `this instance’s own list (${OWN_LIST_FILE})` },
    ],
    { checkEveryMs: opts.checkEveryMs, now: opts.now },
  );
  let generation = 0;
  let compiled: ListMatcher | null = null;

  const rebuild = () => {
    compiled = null;
    generation++;
  };

  return {
    async refresh(force = false) {
      if (await files.refresh(force)) rebuild();
    },
    matcher() {
      compiled ??= compileLists([...files.sources(), ...(opts.subscriptions?.sources() ?? [])]);
      return compiled;
    },
    get generation() {
      return generation;
    },
    async appendOwn(lines) {
      await mkdir(path.dirname(ownListPath), { recursive: true });
      await appendFile(ownListPath, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
      await this.refresh(true);
    },
    ownListPath,
    files: () => files.statuses(),
    ownEntries: () => files.sources()[files.sources().length - 1]?.entries ?? [],
    subscriptions: () => opts.subscriptions?.statuses() ?? [],
    changed: rebuild,
  };
}
