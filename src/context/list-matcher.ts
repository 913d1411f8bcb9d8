// Matches pins against the instance's AI lists. Local lists (CORKBOARD_AI_LISTS files and the
// instance's own list) and subscribed lists are kept apart: a local exception wins over every
// entry; a subscribed exception only over subscribed entries, so another instance's list can add
// protection here but never take away what this instance's admin listed.
import type { ListEntry, ListKind } from './list-format.js';
import { domainAndParents, type PinSubjects } from './pin-subjects.js';

export interface ListSource {
  /** Shown in evidence and on /admin: a file path or a subscription URL. */
  name: string;
  trust: 'local' | 'subscribed';
  entries: readonly ListEntry[];
}

export interface ListMatch {
  source: string;
  trust: 'local' | 'subscribed';
  entry: ListEntry;
}

type Index = Map<string, ListMatch>;

const key = (kind: ListKind, value: string) => `${kind}:${value}`;

export interface ListMatcher {
  /** The entry that lists this pin, or null when nothing does or an exception covers it. */
  match(subjects: PinSubjects): ListMatch | null;
  /** The exception that covers this pin, if any (for evidence and tests). */
  exception(subjects: PinSubjects): ListMatch | null;
  readonly size: number;
}

export function compileLists(sources: readonly ListSource[]): ListMatcher {
  const listed: Record<'local' | 'subscribed', Index> = { local: new Map(), subscribed: new Map() };
  const excepted: Record<'local' | 'subscribed', Index> = { local: new Map(), subscribed: new Map() };
  let size = 0;
  for (const source of sources) {
    for (const entry of source.entries) {
      const index = (entry.exception ? excepted : listed)[source.trust];
      const k = key(entry.kind, entry.value);
      // The first source to name an entry is the one quoted as evidence.
      if (!index.has(k)) index.set(k, { source: source.name, trust: source.trust, entry });
      size++;
    }
  }

  function keysOf(s: PinSubjects): string[] {
    const keys: string[] = [key('pin', s.pinId.replace(/^0+(?=\d)/, ''))];
    for (const sig of s.signatures) keys.push(key('image', sig));
    if (s.pinner) keys.push(key('pinner', s.pinner));
    if (s.board) keys.push(key('board', s.board));
    if (s.domain) for (const d of domainAndParents(s.domain)) keys.push(key('domain', d));
    return keys;
  }

  function first(index: Index, keys: string[]): ListMatch | null {
    for (const k of keys) {
      const m = index.get(k);
      if (m) return m;
    }
    return null;
  }

  return {
    size,
    match(s) {
      const keys = keysOf(s);
      if (first(excepted.local, keys)) return null;
      const local = first(listed.local, keys);
      if (local) return local;
      if (first(excepted.subscribed, keys)) return null;
      return first(listed.subscribed, keys);
    },
    exception(s) {
      const keys = keysOf(s);
      return first(excepted.local, keys) ?? first(excepted.subscribed, keys);
    },
  };
}
