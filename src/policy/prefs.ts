// Visitor settings: one declarative table; each setting's name is its form field, cookie and query parameter.
import type { Config } from '../config.js';
import { AI_MODES, IMAGE_SIZES, SENSITIVITIES, THEMES, parseBoolWord, stricterAiMode } from '../domain/vocabulary.js';
import { MUTE_LIMITS, parseMuteList, type MuteKind } from './mutes.js';
import type { Prefs } from './types.js';

/** Only the part of the configuration the settings need (tests can pass a literal). */
export type PrefsConfig = {
  readonly defaults: Pick<Config['defaults'], 'ai' | 'minAi' | 'sensitivity' | 'theme' | 'size' | 'autoplay' | 'badge'> & Partial<Pick<Config['defaults'], 'context'>>;
};

export type PrefName = keyof Prefs;

/** The choices of each enumerated setting, in the order a form should offer them. */
export const PREF_CHOICES = {
  ai: AI_MODES,
  sensitivity: SENSITIVITIES,
  theme: THEMES,
  size: IMAGE_SIZES,
};

/** Cookies last a year; Redlib uses 52 weeks, Nitter 360 days. */
const PREF_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
/** Largest encoded cookie value written; browsers allow ~4096 bytes per cookie including name and attributes. */
export const PREF_COOKIE_MAX_VALUE_BYTES = 3500;
/** Raw values longer than this are ignored outright (hostile cookies/queries). */
const MAX_RAW_CHARS = 16_384;

interface Setting<K extends PrefName> {
  name: K;
  /** Raw string (already URL/cookie-decoded) -> value, or undefined when invalid. */
  parse(raw: string): Prefs[K] | undefined;
  serialise(value: Prefs[K]): string;
  fallback(config: PrefsConfig): Prefs[K];
}

function enumSetting<K extends 'ai' | 'sensitivity' | 'theme' | 'size'>(name: K, fallback: (c: PrefsConfig) => Prefs[K]): Setting<K> {
  const choices = PREF_CHOICES[name] as readonly string[];
  return {
    name,
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      return choices.includes(v) ? (v as Prefs[K]) : undefined;
    },
    serialise: (v) => String(v),
    fallback,
  };
}

function boolSetting<K extends 'autoplay' | 'badge' | 'context'>(name: K, fallback: (c: PrefsConfig) => boolean): Setting<K> {
  return {
    name,
    parse: (raw) => parseBoolWord(raw) as Prefs[K] | undefined,
    serialise: (v) => (v ? 'on' : 'off'),
    fallback: fallback as (c: PrefsConfig) => Prefs[K],
  };
}

function listSetting<K extends 'mute_words' | 'mute_pinners' | 'mute_boards' | 'mute_domains'>(name: K, kind: MuteKind): Setting<K> {
  return {
    name,
    parse: (raw) => parseMuteList(kind, raw) as Prefs[K],
    serialise: (v) => (v as string[]).join('\n'),
    fallback: () => [] as string[] as Prefs[K],
  };
}

type SettingsTable = { [K in PrefName]: Setting<K> };

/** The settings, in the order they are written to cookies and restore links. */
const SETTINGS: SettingsTable = {
  ai: enumSetting('ai', (c) => c.defaults.ai),
  sensitivity: enumSetting('sensitivity', (c) => c.defaults.sensitivity),
  theme: enumSetting('theme', (c) => c.defaults.theme),
  size: enumSetting('size', (c) => c.defaults.size),
  autoplay: boolSetting('autoplay', (c) => c.defaults.autoplay),
  badge: boolSetting('badge', (c) => c.defaults.badge),
  context: boolSetting('context', (c) => c.defaults.context ?? true),
  mute_words: listSetting('mute_words', 'words'),
  mute_pinners: listSetting('mute_pinners', 'pinners'),
  mute_boards: listSetting('mute_boards', 'boards'),
  mute_domains: listSetting('mute_domains', 'domains'),
};

/** Every setting name: the form field, cookie and query parameter. */
export const PREF_NAMES = Object.keys(SETTINGS) as PrefName[];
const LIST_NAMES = new Set<PrefName>(['mute_words', 'mute_pinners', 'mute_boards', 'mute_domains']);

export function defaultPrefs(config: PrefsConfig): Prefs {
  const out = {} as Record<PrefName, unknown>;
  for (const name of PREF_NAMES) out[name] = SETTINGS[name].fallback(config);
  return enforceMinimum(out as unknown as Prefs, config);
}

/** The admin's forced minimum AI mode wins over anything a visitor asked for. */
function enforceMinimum(prefs: Prefs, config: PrefsConfig): Prefs {
  prefs.ai = stricterAiMode(prefs.ai, config.defaults.minAi);
  return prefs;
}

type Source = (name: PrefName) => string | undefined;

function parseInto(prefs: Prefs, read: Source): void {
  const target = prefs as unknown as Record<PrefName, unknown>;
  for (const name of PREF_NAMES) {
    const raw = read(name);
    if (raw === undefined || raw.length > MAX_RAW_CHARS) continue;
    const value = (SETTINGS[name] as Setting<PrefName>).parse(raw);
    if (value !== undefined) target[name] = value;
  }
}

function fromRecord(rec: Record<string, string | undefined>): Source {
  return (name) => (Object.hasOwn(rec, name) && typeof rec[name] === 'string' ? rec[name] : undefined);
}

function fromQuery(query: URLSearchParams | Record<string, string>): Source {
  if (!(query instanceof URLSearchParams)) return fromRecord(query);
  return (name) => {
    const all = query.getAll(name);
    if (all.length === 0) return undefined;
    // Repeated list parameters add up (?mute_words=a&mute_words=b); for the rest the last one wins.
    return LIST_NAMES.has(name) ? all.join('\n') : all[all.length - 1];
  };
}

/**
 * The settings for one request: query parameter, else cookie, else the instance default.
 * Invalid values are ignored (never throw). Cookie values are taken decoded, as Hono's getCookie
 * and parseCookieHeader give them. The forced minimum AI mode is applied last.
 */
export function resolvePrefs(input: {
  cookies: Record<string, string | undefined>;
  query: URLSearchParams | Record<string, string>;
  config: PrefsConfig;
}): Prefs {
  const prefs = defaultPrefs(input.config);
  parseInto(prefs, fromRecord(input.cookies));
  parseInto(prefs, fromQuery(input.query));
  return enforceMinimum(prefs, input.config);
}

/**
 * Settings from a submitted /settings form. A field given several times (the hidden "off" input
 * followed by its checkbox) takes its last value; a missing or invalid field takes the default.
 */
export function prefsFromForm(form: Record<string, string | string[] | undefined>, config: PrefsConfig): Prefs {
  const prefs = defaultPrefs(config);
  parseInto(prefs, (name) => {
    if (!Object.hasOwn(form, name)) return undefined;
    const v = form[name];
    if (Array.isArray(v)) return v.length ? v[v.length - 1] : undefined;
    return typeof v === 'string' ? v : undefined;
  });
  return enforceMinimum(prefs, config);
}

/** Encoded value of one setting; lists lose entries from the end until the value fits a cookie. */
function encodedValue(name: PrefName, prefs: Prefs): string {
  const setting = SETTINGS[name] as Setting<PrefName>;
  if (!LIST_NAMES.has(name)) return encodeURIComponent(setting.serialise(prefs[name]));
  let list = (prefs[name] as string[]).filter((e) => e.length <= MUTE_LIMITS.maxLength).slice(0, MUTE_LIMITS.maxEntries);
  let enc = encodeURIComponent(list.join('\n'));
  while (enc.length > PREF_COOKIE_MAX_VALUE_BYTES) {
    list = list.slice(0, -1);
    enc = encodeURIComponent(list.join('\n'));
  }
  return enc;
}

function cookieAttributes(maxAge: number, secure: boolean): string {
  return `Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * Set-Cookie header values, one per setting. All settings are written (not only changed ones), so
 * a later change of an instance default does not silently change a visitor's saved choice.
 */
export function prefsToCookies(prefs: Prefs, opts: { secure: boolean }): string[] {
  return PREF_NAMES.map((name) => `${name}=${encodedValue(name, prefs)}; ${cookieAttributes(PREF_COOKIE_MAX_AGE_S, opts.secure)}`);
}

/** Set-Cookie header values that delete every setting cookie (a "reset to defaults" button). */
export function clearPrefCookies(opts: { secure: boolean }): string[] {
  return PREF_NAMES.map((name) => `${name}=; ${cookieAttributes(0, opts.secure)}`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join('\n') === b.join('\n') : a === b;
}

/**
 * Settings as query parameters: every setting for the restore link (`/settings/restore?…`), or
 * with `onlyNonDefault` just the ones that differ from the instance defaults (feed URLs).
 */
export function prefsToQuery(prefs: Prefs, opts: { config: PrefsConfig; onlyNonDefault?: boolean }): URLSearchParams {
  const defaults = opts.onlyNonDefault ? defaultPrefs(opts.config) : null;
  const q = new URLSearchParams();
  for (const name of PREF_NAMES) {
    if (defaults && sameValue(prefs[name], defaults[name])) continue;
    const setting = SETTINGS[name] as Setting<PrefName>;
    const value = LIST_NAMES.has(name) ? decodeURIComponent(encodedValue(name, prefs)) : setting.serialise(prefs[name]);
    q.set(name, value);
  }
  return q;
}

/** Parses a Cookie request header into decoded values (null prototype; malformed pairs skipped). */
export function parseCookieHeader(header: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!header) return out;
  for (const part of header.slice(0, 16_384).split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || Object.hasOwn(out, name)) continue;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      continue; // malformed percent-encoding: ignore the cookie
    }
  }
  return out;
}
