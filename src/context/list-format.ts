// The AI list format (CONTRACT.md "AI list format"): one entry a line, `#` starts a comment,
// `pinner:USERNAME`, `board:USERNAME/BOARD-SLUG`, `domain:example.com` (and its subdomains),
// `pin:ID`, `image:SIGNATURE`; a leading `!` makes an exception. Pure parsing and writing.

export type ListKind = 'pinner' | 'board' | 'domain' | 'pin' | 'image';

const LIST_KINDS: readonly ListKind[] = ['pinner', 'board', 'domain', 'pin', 'image'];

export interface ListEntry {
  kind: ListKind;
  /** Normalised value: lower-case names and domains, digits for pins, lower-case hex for images. */
  value: string;
  exception: boolean;
  /** 1-based line in its source. */
  line: number;
}

export interface ListProblem {
  line: number;
  message: string;
}

export interface ParsedList {
  entries: ListEntry[];
  /** Lines that were not understood; they are skipped, the rest of the list still counts. */
  problems: ListProblem[];
}

// Pinterest usernames: letters, digits, underscores (3-30 in practice; kept loose but bounded).
const USERNAME = /^[a-z0-9_]{1,100}$/;
const SLUG = /^[a-z0-9][a-z0-9_%.-]{0,199}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PIN_ID = /^\d{1,30}$/;
// i.pinimg.com paths carry a 32-hex signature; accept any 16-64 hex to stay open to other lengths.
const SIGNATURE = /^[0-9a-f]{16,64}$/;

/** A normalised value for `kind`, or null when the value is not valid for it. */
export function normaliseValue(kind: ListKind, raw: string): string | null {
  const v = raw.trim().toLowerCase();
  switch (kind) {
    case 'pinner':
      return USERNAME.test(v) ? v : null;
    case 'board': {
      const parts = v.replace(/^\/+|\/+$/g, '').split('/');
      if (parts.length !== 2 || !USERNAME.test(parts[0]!) || !SLUG.test(parts[1]!)) return null;
      return `${parts[0]}/${parts[1]}`;
    }
    case 'domain': {
      const d = v.replace(/^www\./, '').replace(/\.$/, '');
      return DOMAIN.test(d) && d.includes('.') ? d : null;
    }
    case 'pin':
      return PIN_ID.test(v) ? v.replace(/^0+(?=\d)/, '') : null;
    case 'image':
      return SIGNATURE.test(v) ? v : null;
  }
}

/** Parses list text. Never throws: bad lines become problems with their line number. */
export function parseList(text: string, opts: { maxEntries?: number } = {}): ParsedList {
  const maxEntries = opts.maxEntries ?? 200_000;
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i]!.indexOf('#');
    const body = (hash >= 0 ? lines[i]!.slice(0, hash) : lines[i]!).trim();
    if (!body) continue;
    if (entries.length >= maxEntries) {
      problems.push({ line: i + 1, message: `more than ${maxEntries} entries; the rest is ignored` });
      break;
    }
    const exception = body.startsWith('!');
    const rest = exception ? body.slice(1).trim() : body;
    const colon = rest.indexOf(':');
    const kind = colon > 0 ? (rest.slice(0, colon).trim().toLowerCase() as ListKind) : null;
    if (!kind || !LIST_KINDS.includes(kind)) {
      problems.push({ line: i + 1, message: `expected pinner:, board:, domain:, pin: or image:, got ${JSON.stringify(rest.slice(0, 40))}` });
      continue;
    }
    const value = normaliseValue(kind, rest.slice(colon + 1));
    if (value === null) {
      problems.push({ line: i + 1, message: `not a valid ${kind}: ${JSON.stringify(rest.slice(colon + 1, colon + 41).trim())}` });
      continue;
    }
    entries.push({ kind, value, exception, line: i + 1 });
  }
  return { entries, problems };
}

/** One list line: `pinner:name  # comment`. The comment loses line breaks so it stays one line. */
export function formatEntry(kind: ListKind, value: string, opts: { exception?: boolean; comment?: string } = {}): string {
  const comment = opts.comment ? `  # ${opts.comment.replace(/[\r\n]+/g, ' ').trim()}` : '';
  return `${opts.exception ? '!' : ''}${kind}:${value}${comment}`;
}
