// List files on disk (CORKBOARD_AI_LISTS, and the instance's own list in the data folder), read
// again when they change: each check compares the file's mtime, size and inode, at most once per
// `checkEveryMs`, so a busy instance does not stat on every request and an edit shows within it.
import { stat, readFile } from 'node:fs/promises';
import { parseList, type ListProblem } from './list-format.js';
import type { ListSource } from './list-matcher.js';

export interface ListFileStatus {
  path: string;
  /** Shown in evidence, e.g. the file name. */
  name: string;
  entries: number;
  problems: ListProblem[];
  /** Why the file could not be read (the last good copy stays in use), or null. */
  error: string | null;
  loadedAt: number | null;
}

interface FileState {
  status: ListFileStatus;
  stamp: string | null;
  source: ListSource;
}

/** Largest list file read; bigger files are refused with an error (the last good copy stays). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface ListFiles {
  /** Re-reads the files that changed, if a check is due; true when anything changed. */
  refresh(force?: boolean): Promise<boolean>;
  sources(): ListSource[];
  statuses(): ListFileStatus[];
}

export function createListFiles(files: { path: string; name: string }[], opts: { checkEveryMs: number; now: () => number }): ListFiles {
  const states: FileState[] = files.map((f) => ({
    status: { path: f.path, name: f.name, entries: 0, problems: [], error: null, loadedAt: null },
    stamp: null,
    source: { name: f.name, trust: 'local', entries: [] },
  }));
  let lastCheck = -Infinity;
  let running: Promise<boolean> | null = null;

  async function check(state: FileState): Promise<boolean> {
    try {
      const st = await stat(state.status.path);
      const stamp = `${st.mtimeMs}|${st.size}|${st.ino}`;
      if (stamp === state.stamp) return false;
      if (st.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
      const parsed = parseList(await readFile(state.status.path, 'utf8'));
      state.stamp = stamp;
      state.source = { name: state.status.name, trust: 'local', entries: parsed.entries };
      state.status = { ...state.status, entries: parsed.entries.length, problems: parsed.problems.slice(0, 50), error: null, loadedAt: opts.now() };
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const error = code === 'ENOENT' ? 'file not found' : e instanceof Error ? e.message : String(e);
      const changed = state.status.error !== error;
      // A missing own list just means nothing was accepted yet; a vanished file keeps its last copy.
      state.status = { ...state.status, error };
      if (code === 'ENOENT' && state.stamp !== null) {
        state.stamp = null;
      }
      return changed && state.status.loadedAt !== null;
    }
  }

  return {
    refresh(force = false) {
      if (running) return running;
      if (!force && opts.now() - lastCheck < opts.checkEveryMs) return Promise.resolve(false);
      lastCheck = opts.now();
      running = Promise.all(states.map(check))
        .then((r) => r.some(Boolean))
        .finally(() => {
          running = null;
        });
      return running;
    },
    sources: () => states.map((s) => s.source),
    statuses: () => states.map((s) => s.status),
  };
}
