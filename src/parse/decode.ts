// Small readers over untrusted JSON: each returns a typed value, a graceful default for optional
// fields, or throws badShape(path) for the few shapes we cannot do without (ids, lists, JSON itself).
import { badShape } from '../domain/errors.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a.b` / `a[3]`: how a JSON path grows, so error messages name the exact spot. */
export function child(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function obj(v: unknown, path: string): JsonObject {
  if (!isObject(v)) throw badShape(path, `expected an object, got ${describe(v)}`);
  return v;
}

export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw badShape(path, `expected an array, got ${describe(v)}`);
  return v;
}

/** The object at `o[key]`, or null when absent or not an object. */
export function optObj(o: JsonObject | null | undefined, key: string): JsonObject | null {
  const v = o?.[key];
  return isObject(v) ? v : null;
}

export function optArr(o: JsonObject | null | undefined, key: string): unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

/** A string field, or '' when absent or of another type. */
export function optStr(o: JsonObject | null | undefined, key: string): string {
  const v = o?.[key];
  return typeof v === 'string' ? v : '';
}

/**
 * `text` cut to at most `max` UTF-16 units, never inside a surrogate pair, with an ellipsis when
 * cut. Upstream text has no length limit of its own; views and feeds need one (issue 18 row 5).
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** A trimmed, non-empty string field, or null. */
export function optText(o: JsonObject | null | undefined, key: string): string | null {
  const v = o?.[key];
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** A finite number (numeric strings accepted, as Pinterest sometimes sends counts as strings), or null. */
export function optNum(o: JsonObject | null | undefined, key: string): number | null {
  const v = o?.[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d+(?:\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
}

const ID_RE = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * An id as a string. Pin ids exceed 2^53, so a JSON number is only accepted while it is still a
 * safe integer (a larger one has already lost digits and would name another pin).
 */
export function optId(o: JsonObject | null | undefined, key: string): string | null {
  const v = o?.[key];
  if (typeof v === 'string' && ID_RE.test(v)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return null;
}

/** Like optId, but digits only: REST ids are numeric, while Relay's `id` is a base64 node id. */
export function numericId(o: JsonObject | null | undefined, key: string): string | null {
  const id = optId(o, key);
  return id !== null && /^\d+$/.test(id) ? id : null;
}

export function reqId(o: JsonObject, key: string, path: string): string {
  const id = optId(o, key);
  if (id === null) throw badShape(child(path, key), `missing or unreadable id (${describe(o[key])})`);
  return id;
}

/**
 * Pinterest's `node_id` / Relay `id` is base64 of `<Type>:<id>` (e.g. `Pin:123`); decode it when a
 * plain id field is missing. Returns null unless it decodes to the expected type and a safe id.
 */
export function idFromNodeId(nodeId: unknown, type: string): string | null {
  if (typeof nodeId !== 'string' || nodeId.length > 200 || !/^[A-Za-z0-9+/=]+$/.test(nodeId)) return null;
  const decoded = Buffer.from(nodeId, 'base64').toString('utf8');
  const m = /^([A-Za-z]+):([A-Za-z0-9_-]{1,100})$/.exec(decoded);
  if (!m || m[1]!.toLowerCase() !== type.toLowerCase()) return null;
  return m[2]!;
}

/** Parse JSON text, turning a syntax error into a bad-shape error at `path`. */
export function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badShape(path, `not JSON (${(e as Error).message.slice(0, 80)})`);
  }
}

/** Accept either already-parsed JSON or its text. */
export function asJson(input: unknown, path = '$'): unknown {
  return typeof input === 'string' ? parseJsonText(input, path) : input;
}

/** Pinterest dates are RFC 1123 (`Sun, 04 Apr 2021 05:43:58 +0000`); ISO 8601 out, null if unreadable. */
export function toIsoDate(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 64) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
