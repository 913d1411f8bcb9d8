// Instance configuration: the one place that reads environment variables, validates them and
// documents them (describeConfig feeds the README and .env.example checks).
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root.js'; // so the start directory does not matter
import type { Sensitivity } from './ai/types.js';
import type { AiMode, ImageSize, Theme } from './policy/types.js';
import { AI_MODES, BOOL_WORDS_HINT, IMAGE_SIZES, SENSITIVITIES, THEMES, parseBoolWord, stricterAiMode } from './domain/vocabulary.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A bad environment value. The message names the variable and says what is expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

// The mode order and the other shared words live in src/domain/vocabulary.ts.
export { stricterAiMode } from './domain/vocabulary.js';

export interface Config {
  server: {
    port: number;
    host: string;
    /** Public origin without trailing slash (e.g. `https://cork.example`), or null: use the request's Host. */
    publicUrl: string | null;
    /**
     * CORKBOARD_PUBLIC_HOSTS: the Host values (lower case, `host` or `host:port`) the instance
     * answers to when publicUrl is unset; a request with any other Host gets links to the first.
     * Empty: the request's Host is taken as it is (the contract's default).
     */
    publicHosts: readonly string[];
    instanceName: string;
    /** The admin's privacy disclosure shown on the instance's pages, or null. */
    privacyText: string | null;
    /** Trust X-Forwarded-Proto to decide whether cookies get `Secure`. */
    trustProxy: boolean;
    /** Concurrent page requests beyond this get 503 + Retry-After. */
    maxInflight: number;
  };
  upstream: {
    /** Origins without trailing slash. */
    www: string;
    images: string;
    videos: string;
    shortlinks: string;
    timeoutMs: number;
    concurrency: number;
    retries: number;
    maxImageBytes: number;
  };
  model: {
    /** Absolute path of the model manifest. */
    manifestPath: string;
  };
  /** Defaults of the visitor settings, plus the admin's forced minimum AI mode. */
  defaults: {
    /** Already raised to at least `minAi`. */
    ai: AiMode;
    /** Forced minimum: visitors cannot choose a weaker mode. `hide` makes an AI-free instance. */
    minAi: AiMode;
    sensitivity: Sensitivity;
    theme: Theme;
    size: ImageSize;
    autoplay: boolean;
    badge: boolean;
    /** Judge pins also by their pinner's and board's record on this instance (src/context/). */
    context: boolean;
  };
  /** Reputation, AI lists, subscriptions and reports (src/context/). */
  context: ContextConfig;
  /** The admin page's token, or null: /admin is then 404. */
  admin: { token: string | null };
  /** Absolute path of the folder where reports, the instance's own list and other state persist. */
  dataDir: string;
  features: {
    feeds: boolean;
    videoProxy: boolean;
  };
  cache: {
    pagesBytes: number;
    imagesBytes: number;
    verdictEntries: number;
    /** How long API/page responses are fresh. */
    ttlMs: number;
    /** How long past freshness a stale entry may still be served while upstream fails. */
    staleMs: number;
  };
  scoring: {
    /** Time a page waits for scores before showing the rest as unscored. */
    budgetMs: number;
    /** Most images waiting to be scored; more are dropped (left unscored). */
    queueMax: number;
    threads: number;
  };
  pages: {
    /** Extra upstream pages fetched when filtering leaves a page (almost) empty. */
    topupPages: number;
    topupMs: number;
  };
  /** Shared store and process layout (src/store/, src/cluster/). */
  scale: {
    /** redis:// or rediss:// URL of a shared Valkey/Redis, or null: local caches only. */
    redisUrl: string | null;
    /** Longest wait for one store command before the instance goes on with its local caches. */
    storeTimeoutMs: number;
    /** Largest image whose bytes are shared through the store (0: never share bytes, verdicts still are). */
    storeImageMaxBytes: number;
    /** Upstream requests per second per host, all instances together (0: no limit). */
    upstreamRps: number;
    /** Worker processes on one port (node:cluster). */
    workers: number;
  };
  log: {
    level: LogLevel;
    /** Debug logging: request lines keep full query strings. */
    debug: boolean;
  };
}

interface ContextConfig {
  /** Absolute paths of AI list files (CORKBOARD_AI_LISTS). */
  listPaths: string[];
  /** https:// URLs of other instances' /ai-list.txt. */
  listUrls: string[];
  listRefreshMs: number;
  listMaxBytes: number;
  listTimeoutMs: number;
  /** Context rule: decisive pins needed, and the share (0..1) of AI among the pins seen. */
  minDecisive: number;
  minShare: number;
  reputationEntries: number;
  reputationTtlMs: number;
  reportsPerPin: number;
  reportsPerHour: number;
}

export interface ConfigVariable {
  name: string;
  /** Default as written in the environment; '' means unset. */
  default: string;
  meaning: string;
}

const DEFAULT_MODEL_RELATIVE = 'models/default/manifest.json';
const MB = 1024 * 1024;

const VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', meaning: 'TCP port to listen on (1-65535)' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'address to listen on (IPv4, IPv6 or host name)' },
  { name: 'CORKBOARD_PUBLIC_URL', default: '', meaning: "public origin for absolute links in feeds, e.g. https://cork.example; unset: taken from the request's Host" },
  { name: 'CORKBOARD_PUBLIC_HOSTS', default: '', meaning: "comma-separated host names (host or host:port) the instance is reached by, e.g. cork.example,cork.lan:8080; when CORKBOARD_PUBLIC_URL is unset, absolute links use the request's Host only if it is listed, else the first one" },
  { name: 'CORKBOARD_INSTANCE_NAME', default: 'Corkboard', meaning: 'name shown in page titles and the header (at most 64 characters)' },
  { name: 'CORKBOARD_PRIVACY_TEXT', default: '', meaning: "the admin's privacy disclosure shown on the about/settings pages (who runs it, where, what is logged)" },
  { name: 'CORKBOARD_TRUST_PROXY', default: 'off', meaning: 'on: trust X-Forwarded-Proto from a reverse proxy to mark cookies Secure' },
  { name: 'CORKBOARD_MAX_INFLIGHT', default: '64', meaning: 'concurrent page requests; more are answered 503 with Retry-After' },
  { name: 'CORKBOARD_UPSTREAM_WWW', default: 'https://www.pinterest.com', meaning: 'origin for pages and the resource API' },
  { name: 'CORKBOARD_UPSTREAM_IMAGES', default: 'https://i.pinimg.com', meaning: 'origin for images' },
  { name: 'CORKBOARD_UPSTREAM_VIDEOS', default: 'https://v1.pinimg.com', meaning: 'origin for videos' },
  { name: 'CORKBOARD_UPSTREAM_SHORTLINKS', default: 'https://api.pinterest.com', meaning: 'origin for pin.it short-link resolution' },
  { name: 'CORKBOARD_UPSTREAM_TIMEOUT_MS', default: '10000', meaning: 'time limit for one upstream request (ms; or with a unit: 10s)' },
  { name: 'CORKBOARD_UPSTREAM_CONCURRENCY', default: '8', meaning: 'most upstream requests in flight at once' },
  { name: 'CORKBOARD_UPSTREAM_RETRIES', default: '1', meaning: 'retries of an idempotent upstream request after a network error or 5xx (0-5)' },
  { name: 'CORKBOARD_MAX_IMAGE_MB', default: '20', meaning: 'largest image or video chunk accepted from upstream, in MiB' },
  { name: 'CORKBOARD_MODEL', default: DEFAULT_MODEL_RELATIVE, meaning: 'path of the AI model manifest (JSON); relative paths are taken from the working directory, the default from the install' },
  { name: 'CORKBOARD_SCORE_BUDGET_MS', default: '1500', meaning: 'time a page waits for AI scores; pins not scored by then show as unscored' },
  { name: 'CORKBOARD_SCORE_QUEUE', default: '400', meaning: 'most images waiting to be scored; more stay unscored' },
  { name: 'CORKBOARD_SCORE_THREADS', default: '1', meaning: 'threads the model may use (keep below the core count so pages stay responsive)' },
  { name: 'CORKBOARD_TOPUP_PAGES', default: '2', meaning: 'extra upstream pages fetched when filtering leaves a page nearly empty (0 disables)' },
  { name: 'CORKBOARD_TOPUP_MS', default: '3000', meaning: 'time limit for those extra fetches' },
  { name: 'CORKBOARD_CACHE_PAGES_MB', default: '64', meaning: 'memory for cached API responses and pages, in MiB (0 disables)' },
  { name: 'CORKBOARD_CACHE_IMAGES_MB', default: '128', meaning: 'memory for cached images, in MiB (0 disables)' },
  { name: 'CORKBOARD_CACHE_VERDICTS_ENTRIES', default: '50000', meaning: 'AI verdicts kept in memory (one per image)' },
  { name: 'CORKBOARD_CACHE_TTL_S', default: '600', meaning: 'how long API responses and pages stay fresh (s; or with a unit: 10m)' },
  { name: 'CORKBOARD_CACHE_STALE_S', default: '3600', meaning: 'how long past freshness a cached response may still be served when upstream fails' },
  { name: 'CORKBOARD_DEFAULT_AI_MODE', default: 'hide', meaning: 'what a visitor without settings gets: hide, blur, label or off' },
  { name: 'CORKBOARD_MIN_AI_MODE', default: 'off', meaning: 'forced minimum AI mode (off < label < blur < hide); hide makes an AI-free instance' },
  { name: 'CORKBOARD_DEFAULT_SENSITIVITY', default: 'medium', meaning: 'default AI detection sensitivity: low, medium or high' },
  { name: 'CORKBOARD_DEFAULT_THEME', default: 'system', meaning: 'default theme: system, light or dark' },
  { name: 'CORKBOARD_DEFAULT_SIZE', default: 'medium', meaning: 'default image size in grids: small, medium or large' },
  { name: 'CORKBOARD_DEFAULT_AUTOPLAY', default: 'off', meaning: 'default for autoplaying videos (on/off)' },
  { name: 'CORKBOARD_DEFAULT_BADGE', default: 'off', meaning: 'default for adding the model\'s score to the AI / Maybe AI badges (on/off)' },
  { name: 'CORKBOARD_DEFAULT_CONTEXT', default: 'on', meaning: "default for judging pins also by their pinner's and board's record on this instance (on/off)" },
  { name: 'CORKBOARD_AI_LISTS', default: '', meaning: 'comma-separated paths of AI list files (format in "AI lists"), reloaded when they change' },
  { name: 'CORKBOARD_AI_LIST_URLS', default: '', meaning: "comma-separated https:// URLs of other instances' /ai-list.txt to subscribe to" },
  { name: 'CORKBOARD_AI_LIST_REFRESH_S', default: '3600', meaning: 'how often subscribed lists are fetched again (s; or with a unit: 30m, 6h; at least 60s)' },
  { name: 'CORKBOARD_AI_LIST_MAX_KB', default: '2048', meaning: 'largest subscribed list accepted, in KiB' },
  { name: 'CORKBOARD_AI_LIST_TIMEOUT_MS', default: '10000', meaning: 'time limit for fetching one subscribed list (ms; or with a unit: 10s)' },
  { name: 'CORKBOARD_CONTEXT_MIN_DECISIVE', default: '3', meaning: 'pins with decisive AI evidence (Pinterest label, provenance) a pinner or board needs before its record counts (1-1000)' },
  { name: 'CORKBOARD_CONTEXT_MIN_SHARE', default: '30', meaning: 'percentage of AI among the pinner\'s or board\'s pins seen here needed as well (1-100)' },
  { name: 'CORKBOARD_REPUTATION_ENTRIES', default: '20000', meaning: 'pinners, boards and domains whose record is kept (each at most 50 pins)' },
  { name: 'CORKBOARD_REPUTATION_TTL_S', default: '720h', meaning: 'how long a record is kept after its last update (s; or with a unit: 720h)' },
  { name: 'CORKBOARD_REPORTS_PER_PIN', default: '20', meaning: "visitors' reports accepted per pin until an admin acts" },
  { name: 'CORKBOARD_REPORTS_PER_HOUR', default: '200', meaning: "visitors' reports accepted per hour across the instance" },
  { name: 'CORKBOARD_ADMIN_TOKEN', default: '', meaning: 'enables /admin (at least 16 characters, typed into its login form); unset: /admin is 404' },
  { name: 'CORKBOARD_DATA_DIR', default: 'corkboard-data', meaning: "folder for reports, the instance's own AI list, reputation and subscribed lists; relative paths are taken from the working directory" },
  { name: 'CORKBOARD_FEEDS', default: 'on', meaning: 'serve RSS feeds (on/off)' },
  { name: 'CORKBOARD_VIDEO_PROXY', default: 'on', meaning: 'proxy videos (on/off); off shows the poster image only' },
  { name: 'CORKBOARD_REDIS_URL', default: '', meaning: 'shared Valkey/Redis for several instances: redis://[:password@]host[:port][/db] or rediss:// (TLS); unset: local caches only' },
  { name: 'CORKBOARD_REDIS_TIMEOUT_MS', default: '250', meaning: 'longest wait for the shared store before an instance goes on with its local caches (ms)' },
  { name: 'CORKBOARD_REDIS_IMAGE_MAX_KB', default: '512', meaning: 'largest image whose bytes are shared through the store, in KiB (0: share only verdicts)' },
  { name: 'CORKBOARD_UPSTREAM_RPS', default: '0', meaning: 'upstream requests per second per Pinterest host, all instances sharing the store together (0: no limit)' },
  { name: 'CORKBOARD_WORKERS', default: '1', meaning: 'worker processes serving one port (node:cluster); auto: one per CPU core' },
  { name: 'CORKBOARD_LOG_LEVEL', default: 'info', meaning: 'debug, info, warn or error; debug also logs full query strings' },
];

const VARIABLE_NAMES = new Set(VARIABLES.map((v) => v.name));

/** Every variable with its default and meaning, in documentation order. */
export function describeConfig(): readonly ConfigVariable[] {
  return VARIABLES;
}

/** CORKBOARD_* variables present in env that this version does not know (likely typos); main logs them. */
export function findUnknownVariables(env: Record<string, string | undefined>): string[] {
  return Object.keys(env)
    .filter((k) => k.startsWith('CORKBOARD_') && !VARIABLE_NAMES.has(k))
    .sort();
}

// ---- parsers: each takes the raw string (already trimmed, non-empty) and throws ConfigError ----

function fail(name: string, expected: string, raw: string): never {
  const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
  throw new ConfigError(name, `${name}: expected ${expected}, got ${JSON.stringify(shown)}`);
}

function parseInt_(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) fail(name, `a whole number from ${min} to ${max}`, raw);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) fail(name, `a whole number from ${min} to ${max}`, raw);
  return n;
}

function parseBool(name: string, raw: string): boolean {
  const v = parseBoolWord(raw);
  if (v === undefined) fail(name, BOOL_WORDS_HINT, raw);
  return v;
}

function parseEnum<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const v = raw.toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) fail(name, `one of ${allowed.join(', ')}`, raw);
  return v as T;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration in the variable's own unit (a bare number) or with a unit suffix (ms, s, m, h); returns ms. */
function parseDuration(name: string, raw: string, unit: 'ms' | 's', minMs: number, maxMs: number): number {
  const m = /^(\d+)\s*(ms|s|m|h)?$/i.exec(raw);
  const expected = `a duration from ${fmtMs(minMs, unit)} to ${fmtMs(maxMs, unit)} (a number in ${unit}, or with a unit: 500ms, 10s, 5m, 1h)`;
  if (!m) fail(name, expected, raw);
  const factor = DURATION_UNITS_MS[(m[2] ?? unit).toLowerCase()]!;
  const ms = Number(m[1]) * factor;
  if (!Number.isSafeInteger(ms) || ms < minMs || ms > maxMs) fail(name, expected, raw);
  return ms;
}

function fmtMs(ms: number, unit: 'ms' | 's'): string {
  return unit === 's' ? `${ms / 1000}s` : `${ms}ms`;
}

/** An http(s) origin: scheme and host (and port), no path beyond "/", no query, no credentials. */
function parseOrigin(name: string, raw: string): string {
  const expected = 'an http:// or https:// origin with no path, e.g. https://example.com';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    fail(name, expected, raw);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(name, expected, raw);
  if (u.username || u.password || u.search || u.hash || raw.includes('?') || raw.includes('#')) fail(name, expected, raw);
  if (u.pathname !== '/' || !u.hostname) fail(name, expected, raw);
  return u.origin;
}

/** A comma-separated list of `host` or `host:port` (DNS names, IPv4, bracketed IPv6), lower-cased. */
function parseHostList(name: string, raw: string): string[] {
  const expected = 'comma-separated host names, each host or host:port, e.g. cork.example,cork.lan:8080';
  const hosts = raw.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  if (hosts.length === 0 || hosts.length > 32) fail(name, expected, raw);
  for (const h of hosts) {
    const m = /^(?:((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)|\[[0-9a-f:.]{2,45}\])(?::(\d{1,5}))?$/.exec(h);
    if (!m || h.length > 260 || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))) fail(name, expected, raw);
  }
  return [...new Set(hosts)];
}

function parseHost(name: string, raw: string): string {
  // IPv4, IPv6 (optionally bracketed) or a DNS name; nothing that could smuggle a port or path.
  if (raw.length > 253 || !/^(\[[0-9A-Fa-f:.%\w]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/.test(raw)) {
    fail(name, 'an IP address or host name, e.g. 0.0.0.0, :: or localhost', raw);
  }
  return raw.startsWith('[') ? raw.slice(1, -1) : raw;
}

/** Printable text of bounded length (no control characters except newlines when allowed). */
function parseText(name: string, raw: string, maxLen: number, allowNewlines: boolean): string {
  // The escaped \n in the message shows what "\n" means to an admin writing a .env file.
  const text = allowNewlines ? raw.replace(/\r\n/g, '\n').replace(/\\n/g, '\n') : raw;
  const bad = allowNewlines ? /[\u0000-\u0009\u000B-\u001F\u007F]/ : /[\u0000-\u001F\u007F]/;
  if (text.length > maxLen || bad.test(text)) {
    fail(name, `text of at most ${maxLen} characters without control characters${allowNewlines ? ' (\\n for a line break)' : ''}`, raw);
  }
  return text;
}

function parseModelPath(name: string, raw: string, cwd: string): string {
  if (raw.includes('\0') || !/\.json$/i.test(raw)) fail(name, 'the path of a model manifest ending in .json', raw);
  return path.resolve(cwd, raw);
}

/**
 * A Valkey/Redis URL: redis:// or rediss://, a host, optional port, password and database number.
 * The message never repeats the value: it may hold a password.
 */
function parseRedisUrl(name: string, raw: string): string {
  const bad = (): never => {
    throw new ConfigError(name, `${name}: expected redis://[:password@]host[:port][/db] or rediss://..., got a value that is not one (not shown: it may hold a password)`);
  };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return bad();
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') bad();
  if (!u.hostname || u.search || u.hash) bad();
  if (u.pathname !== '' && u.pathname !== '/' && !/^\/\d{1,5}$/.test(u.pathname)) bad();
  return raw;
}

function parseWorkers(name: string, raw: string, cores: number): number {
  if (raw.toLowerCase() === 'auto') return Math.max(1, cores);
  return parseInt_(name, raw, 1, 256);
}

/** Comma-separated items, blanks dropped; null (unset) is an empty list. */
function parseList_(name: string, raw: string | null): string[] {
  if (raw === null) return [];
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > 100) fail(name, 'at most 100 comma-separated items', raw);
  return items;
}

function parsePath(name: string, raw: string, cwd: string): string {
  if (raw.includes('\0') || raw.length > 4096) fail(name, 'a file system path', raw);
  return path.resolve(cwd, raw);
}

/** Subscriptions are https only: a list decides what visitors see, so it must not be altered in transit. */
function parseHttpsUrl(name: string, raw: string): string {
  const expected = 'https:// URLs, e.g. https://cork.example/ai-list.txt';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    fail(name, expected, raw);
  }
  if (u.protocol !== 'https:' || !u.hostname || u.username || u.password || u.hash) fail(name, expected, raw);
  return u.toString();
}

function parseAdminToken(name: string, raw: string): string {
  if (raw.length < 16 || raw.length > 256 || /[\u0000-\u001F\u007F]/.test(raw)) {
    throw new ConfigError(name, `${name}: expected at least 16 and at most 256 printable characters (a long random string), got ${raw.length} characters`);
  }
  return raw;
}
function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Reads and validates the instance configuration from `env` (main passes process.env).
 * Empty values count as unset. Throws ConfigError naming the first bad variable.
 * `cwd` resolves a relative CORKBOARD_MODEL (default: the process's working directory).
 */
export function loadConfig(env: Record<string, string | undefined>, opts: { cwd?: string; cores?: number } = {}): Readonly<Config> {
  const raw = (name: string): string | null => {
    if (!VARIABLE_NAMES.has(name)) throw new Error(`config.ts reads undocumented variable ${name}`);
    const v = env[name]?.trim();
    return v ? v : null;
  };
  const withDefault = (name: string): string => raw(name) ?? VARIABLES.find((v) => v.name === name)!.default;
  const int = (name: string, min: number, max: number) => parseInt_(name, withDefault(name), min, max);
  const bool = (name: string) => parseBool(name, withDefault(name));
  const origin = (name: string) => parseOrigin(name, withDefault(name));
  const ms = (name: string, min: number, max: number) => parseDuration(name, withDefault(name), 'ms', min, max);
  const secs = (name: string, min: number, max: number) => parseDuration(name, withDefault(name), 's', min, max);

  const publicUrlRaw = raw('CORKBOARD_PUBLIC_URL');
  const publicHostsRaw = raw('CORKBOARD_PUBLIC_HOSTS');
  const adminRaw = raw('CORKBOARD_ADMIN_TOKEN');
  const cwd = opts.cwd ?? process.cwd();
  const privacyRaw = raw('CORKBOARD_PRIVACY_TEXT');
  const modelRaw = raw('CORKBOARD_MODEL');
  const redisRaw = raw('CORKBOARD_REDIS_URL');
  const minAi = parseEnum('CORKBOARD_MIN_AI_MODE', withDefault('CORKBOARD_MIN_AI_MODE'), AI_MODES);
  const defaultAi = parseEnum('CORKBOARD_DEFAULT_AI_MODE', withDefault('CORKBOARD_DEFAULT_AI_MODE'), AI_MODES);
  const logLevel = parseEnum('CORKBOARD_LOG_LEVEL', withDefault('CORKBOARD_LOG_LEVEL'), LOG_LEVELS);

  const config: Config = {
    server: {
      port: int('PORT', 1, 65535),
      host: parseHost('HOST', withDefault('HOST')),
      publicUrl: publicUrlRaw === null ? null : parseOrigin('CORKBOARD_PUBLIC_URL', publicUrlRaw),
      publicHosts: publicHostsRaw === null ? [] : parseHostList('CORKBOARD_PUBLIC_HOSTS', publicHostsRaw),
      instanceName: parseText('CORKBOARD_INSTANCE_NAME', withDefault('CORKBOARD_INSTANCE_NAME'), 64, false),
      privacyText: privacyRaw === null ? null : parseText('CORKBOARD_PRIVACY_TEXT', privacyRaw, 4000, true),
      trustProxy: bool('CORKBOARD_TRUST_PROXY'),
      maxInflight: int('CORKBOARD_MAX_INFLIGHT', 1, 100_000),
    },
    upstream: {
      www: origin('CORKBOARD_UPSTREAM_WWW'),
      images: origin('CORKBOARD_UPSTREAM_IMAGES'),
      videos: origin('CORKBOARD_UPSTREAM_VIDEOS'),
      shortlinks: origin('CORKBOARD_UPSTREAM_SHORTLINKS'),
      timeoutMs: ms('CORKBOARD_UPSTREAM_TIMEOUT_MS', 100, 120_000),
      concurrency: int('CORKBOARD_UPSTREAM_CONCURRENCY', 1, 256),
      retries: int('CORKBOARD_UPSTREAM_RETRIES', 0, 5),
      maxImageBytes: int('CORKBOARD_MAX_IMAGE_MB', 1, 512) * MB,
    },
    model: {
      manifestPath:
        modelRaw === null
          ? path.join(PROJECT_ROOT, DEFAULT_MODEL_RELATIVE)
          : parseModelPath('CORKBOARD_MODEL', modelRaw, opts.cwd ?? process.cwd()),
    },
    defaults: {
      // A default below the forced minimum is raised to it: the minimum is the admin's promise.
      ai: stricterAiMode(defaultAi, minAi),
      minAi,
      sensitivity: parseEnum('CORKBOARD_DEFAULT_SENSITIVITY', withDefault('CORKBOARD_DEFAULT_SENSITIVITY'), SENSITIVITIES),
      theme: parseEnum('CORKBOARD_DEFAULT_THEME', withDefault('CORKBOARD_DEFAULT_THEME'), THEMES),
      size: parseEnum('CORKBOARD_DEFAULT_SIZE', withDefault('CORKBOARD_DEFAULT_SIZE'), IMAGE_SIZES),
      autoplay: bool('CORKBOARD_DEFAULT_AUTOPLAY'),
      badge: bool('CORKBOARD_DEFAULT_BADGE'),
      context: bool('CORKBOARD_DEFAULT_CONTEXT'),
    },
    context: {
      listPaths: parseList_('CORKBOARD_AI_LISTS', raw('CORKBOARD_AI_LISTS')).map((p) => parsePath('CORKBOARD_AI_LISTS', p, cwd)),
      listUrls: parseList_('CORKBOARD_AI_LIST_URLS', raw('CORKBOARD_AI_LIST_URLS')).map((u) => parseHttpsUrl('CORKBOARD_AI_LIST_URLS', u)),
      listRefreshMs: secs('CORKBOARD_AI_LIST_REFRESH_S', 60_000, 7 * 86_400_000),
      listMaxBytes: int('CORKBOARD_AI_LIST_MAX_KB', 1, 262_144) * 1024,
      listTimeoutMs: ms('CORKBOARD_AI_LIST_TIMEOUT_MS', 100, 120_000),
      minDecisive: int('CORKBOARD_CONTEXT_MIN_DECISIVE', 1, 1000),
      minShare: int('CORKBOARD_CONTEXT_MIN_SHARE', 1, 100) / 100,
      reputationEntries: int('CORKBOARD_REPUTATION_ENTRIES', 1, 10_000_000),
      reputationTtlMs: secs('CORKBOARD_REPUTATION_TTL_S', 60_000, 3650 * 86_400_000),
      reportsPerPin: int('CORKBOARD_REPORTS_PER_PIN', 1, 100_000),
      reportsPerHour: int('CORKBOARD_REPORTS_PER_HOUR', 1, 1_000_000),
    },
    admin: { token: adminRaw === null ? null : parseAdminToken('CORKBOARD_ADMIN_TOKEN', adminRaw) },
    dataDir: parsePath('CORKBOARD_DATA_DIR', withDefault('CORKBOARD_DATA_DIR'), cwd),
    features: {
      feeds: bool('CORKBOARD_FEEDS'),
      videoProxy: bool('CORKBOARD_VIDEO_PROXY'),
    },
    cache: {
      pagesBytes: int('CORKBOARD_CACHE_PAGES_MB', 0, 65_536) * MB,
      imagesBytes: int('CORKBOARD_CACHE_IMAGES_MB', 0, 65_536) * MB,
      verdictEntries: int('CORKBOARD_CACHE_VERDICTS_ENTRIES', 0, 10_000_000),
      ttlMs: secs('CORKBOARD_CACHE_TTL_S', 0, 7 * 86_400_000),
      staleMs: secs('CORKBOARD_CACHE_STALE_S', 0, 30 * 86_400_000),
    },
    scoring: {
      budgetMs: ms('CORKBOARD_SCORE_BUDGET_MS', 0, 60_000),
      queueMax: int('CORKBOARD_SCORE_QUEUE', 0, 100_000),
      threads: int('CORKBOARD_SCORE_THREADS', 1, 64),
    },
    pages: {
      topupPages: int('CORKBOARD_TOPUP_PAGES', 0, 10),
      topupMs: ms('CORKBOARD_TOPUP_MS', 0, 60_000),
    },
    scale: {
      redisUrl: redisRaw === null ? null : parseRedisUrl('CORKBOARD_REDIS_URL', redisRaw),
      storeTimeoutMs: ms('CORKBOARD_REDIS_TIMEOUT_MS', 10, 10_000),
      storeImageMaxBytes: int('CORKBOARD_REDIS_IMAGE_MAX_KB', 0, 65_536) * 1024,
      upstreamRps: int('CORKBOARD_UPSTREAM_RPS', 0, 10_000),
      workers: parseWorkers('CORKBOARD_WORKERS', withDefault('CORKBOARD_WORKERS'), opts.cores ?? os.availableParallelism()),
    },
    log: { level: logLevel, debug: logLevel === 'debug' },
  };
  return deepFreeze(config);
}
