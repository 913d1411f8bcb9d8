// Visitor mute lists: parsing and normalising what visitors type, and matching pins against them.
import type { Pin } from '../domain/types.js';
import type { HideReason, Prefs } from './types.js';

export type MuteKind = 'words' | 'pinners' | 'boards' | 'domains';

/** Bounds that keep each list (and so each cookie) small. */
export const MUTE_LIMITS = { maxEntries: 100, maxLength: 64, maxInputChars: 16_384 } as const;

const CONTROL = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/gu;

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Drops scheme and host when the visitor pasted a URL or a host-first path ("pinterest.com/a/b"). */
function stripUrlPrefix(s: string): string {
  const noScheme = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (noScheme !== s) return noScheme.replace(/^[^/]*/, '');
  // A first segment with a dot is a host (usernames and board slugs carry no dots in practice).
  return /^[^/]*\.[^/]*\//.test(s) ? s.replace(/^[^/]*/, '') : s;
}

function normaliseWord(raw: string): string | null {
  const w = raw.normalize('NFC').replace(CONTROL, '').replace(/^#+/, '').replace(/\s+/gu, ' ').trim().toLowerCase();
  return w ? w : null;
}

function normalisePinner(raw: string): string | null {
  const path = stripUrlPrefix(raw.trim()).replace(/^@/, '');
  const first = safeDecode(path.split(/[/?#]/).filter(Boolean)[0] ?? '');
  const name = first.normalize('NFC').toLowerCase();
  return /^[\p{L}\p{N}\p{M}_.-]+$/u.test(name) ? name : null;
}

function normaliseBoard(raw: string): string | null {
  const path = stripUrlPrefix(raw.trim()).split(/[?#]/)[0] ?? '';
  const segs = path.split('/').filter(Boolean).map((s) => safeDecode(s).normalize('NFC').toLowerCase());
  if (segs.length < 2) return null;
  const [user, board] = segs as [string, string];
  const ok = (s: string) => /^[\p{L}\p{N}\p{M}_.~-]+$/u.test(s) && s !== '.' && s !== '..';
  return ok(user) && ok(board) ? `${user}/${board}` : null;
}

/** Lowercase punycode host without `www.`; null if it is not a dotted DNS name. */
export function normaliseDomain(raw: string): string | null {
  let host = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0] ?? '';
  host = host.replace(/^.*@/, '').replace(/:\d*$/, '').replace(/\.$/, '');
  if (!host) return null;
  try {
    host = new URL(`http://${host}`).hostname; // lowercases and converts IDN to punycode
  } catch {
    return null;
  }
  host = host.replace(/^www\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

const NORMALISERS: Record<MuteKind, (raw: string) => string | null> = {
  words: normaliseWord,
  pinners: normalisePinner,
  boards: normaliseBoard,
  domains: normaliseDomain,
};

/**
 * Parses a mute list from text (one entry per line or comma-separated) or from several values.
 * Normalises, drops bad or overlong entries, dedupes, keeps at most MUTE_LIMITS.maxEntries.
 */
export function parseMuteList(kind: MuteKind, input: string | readonly string[]): string[] {
  const text = (typeof input === 'string' ? input : input.join('\n')).slice(0, MUTE_LIMITS.maxInputChars);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(/[\n\r,]+/)) {
    const entry = NORMALISERS[kind](piece);
    if (entry === null || entry.length > MUTE_LIMITS.maxLength || seen.has(entry)) continue;
    seen.add(entry);
    out.push(entry);
    if (out.length >= MUTE_LIMITS.maxEntries) break;
  }
  return out;
}

// ---- matching ----

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex for all muted words: whole words/phrases, case-insensitive (text is lowercased first). */
function wordRegex(words: readonly string[]): RegExp | null {
  const alts = words
    .map((w) => normaliseWord(w))
    .filter((w): w is string => w !== null)
    .map((w) => w.split(' ').map(escapeRegExp).join('\\s+'));
  if (alts.length === 0) return null;
  return new RegExp(`(?<!${WORD_CHAR})(?:${alts.join('|')})(?!${WORD_CHAR})`, 'u');
}

function boardKey(path: string): string | null {
  return normaliseBoard(path);
}

function pinHosts(pin: Pin): string[] {
  const hosts: string[] = [];
  if (pin.domain) {
    const d = normaliseDomain(pin.domain);
    if (d) hosts.push(d);
  }
  if (pin.link) {
    try {
      const d = normaliseDomain(new URL(pin.link).hostname);
      if (d) hosts.push(d);
    } catch {
      // not a URL: nothing to match
    }
  }
  return hosts;
}

export type MuteReason = Extract<HideReason, 'muted-word' | 'muted-pinner' | 'muted-board' | 'muted-domain'>;

/** Compiles the visitor's mute lists once per request; `match` names the first rule a pin hits. */
export function compileMutes(prefs: Pick<Prefs, 'mute_words' | 'mute_pinners' | 'mute_boards' | 'mute_domains'>): {
  readonly empty: boolean;
  match(pin: Pin): MuteReason | null;
} {
  const words = wordRegex(prefs.mute_words);
  const pinners = new Set(prefs.mute_pinners.map(normalisePinner).filter((x): x is string => x !== null));
  const boards = new Set(prefs.mute_boards.map(normaliseBoard).filter((x): x is string => x !== null));
  const domains = prefs.mute_domains.map(normaliseDomain).filter((x): x is string => x !== null);
  const empty = !words && pinners.size === 0 && boards.size === 0 && domains.length === 0;
  return {
    empty,
    match(pin) {
      if (empty) return null;
      if (words) {
        const text = [pin.title, pin.description, pin.altText, pin.hashtags.join(' ')].join('\n').normalize('NFC').toLowerCase();
        if (words.test(text)) return 'muted-word';
      }
      if (pin.pinner && pinners.has(pin.pinner.username.normalize('NFC').toLowerCase())) return 'muted-pinner';
      if (pin.board && boards.size > 0) {
        const key = boardKey(pin.board.path);
        if (key && boards.has(key)) return 'muted-board';
      }
      if (domains.length > 0) {
        for (const h of pinHosts(pin)) {
          if (domains.some((d) => h === d || h.endsWith(`.${d}`))) return 'muted-domain';
        }
      }
      return null;
    },
  };
}
