// Structured JSON-line logging to stdout. Request lines carry no visitor data: no IP, user agent,
// cookie or referer (there is no parameter for them), and no query string unless debug is on.
import type { LogLevel } from './config.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MAX_PATH = 512;
const MAX_STRING_FIELD = 2000;

type LogFields = Record<string, unknown>;

export interface RequestLine {
  method: string;
  /** The request path; its query string and fragment are dropped unless debug is on. */
  path: string;
  status: number;
  /** Time to respond, in milliseconds. */
  ms: number;
  cache?: 'hit' | 'miss' | 'stale';
}

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** One line per request (level info; warn for 5xx). */
  requestLine(r: RequestLine): void;
  /** A logger that adds `bindings` (e.g. `{ component: 'scorer' }`) to every line. */
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Keep full query strings in request lines (default: level === 'debug'). */
  debug?: boolean;
  /** Where lines go (default: stdout). Each call gets one line without the newline. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** Path for a request line: no query/fragment unless `keepQuery`, bounded length, never a host. */
export function loggablePath(path: string, keepQuery: boolean): string {
  let p = String(path);
  if (!p.startsWith('/')) {
    // Absolute-form request targets (GET http://host/x): keep only the path.
    try {
      const u = new URL(p);
      p = u.pathname + u.search;
    } catch {
      p = '/';
    }
  }
  if (!keepQuery) p = p.replace(/[?#].*$/s, '');
  return p.length > MAX_PATH ? `${p.slice(0, MAX_PATH)}…` : p;
}

function serialiseValue(v: unknown, debug: boolean): unknown {
  if (v instanceof Error) {
    const out: Record<string, unknown> = { name: v.name, message: v.message };
    const kind = (v as { kind?: unknown }).kind;
    if (typeof kind === 'string') out.kind = kind;
    if (debug && v.stack) out.stack = v.stack;
    return out;
  }
  if (typeof v === 'string' && v.length > MAX_STRING_FIELD) return `${v.slice(0, MAX_STRING_FIELD)}…`;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export function createLogger(opts: LoggerOptions): Logger {
  const threshold = LEVELS[opts.level];
  const debug = opts.debug ?? opts.level === 'debug';
  const write = opts.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = opts.now ?? (() => new Date());

  function make(bindings: LogFields): Logger {
    const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (LEVELS[level] < threshold) return;
      const line: Record<string, unknown> = { t: now().toISOString(), level, msg: String(msg) };
      for (const src of [bindings, fields ?? {}]) {
        for (const [k, v] of Object.entries(src)) {
          if (k === 't' || k === 'level' || k === 'msg' || v === undefined) continue;
          line[k] = serialiseValue(v, debug);
        }
      }
      let text: string;
      try {
        text = JSON.stringify(line);
      } catch {
        // Circular or otherwise unserialisable fields: keep the message, say what happened.
        text = JSON.stringify({ t: line.t, level, msg: line.msg, logError: 'fields not serialisable' });
      }
      write(text);
    };
    return {
      level: opts.level,
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      requestLine(r) {
        const method = /^[A-Za-z]{1,16}$/.test(r.method) ? r.method.toUpperCase() : 'OTHER';
        const fields: LogFields = {
          method,
          path: loggablePath(r.path, debug),
          status: Number.isInteger(r.status) ? r.status : 0,
          ms: Math.round(Number(r.ms) * 10) / 10,
        };
        if (r.cache === 'hit' || r.cache === 'miss' || r.cache === 'stale') fields.cache = r.cache;
        emit(r.status >= 500 ? 'warn' : 'info', 'request', fields);
      },
      child: (more) => make({ ...bindings, ...more }),
    };
  }
  return make({});
}
