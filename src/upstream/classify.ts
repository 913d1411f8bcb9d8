// Turns what upstream did (an HTTP status, a network error, a resource-API error envelope) into
// the one typed UpstreamError family, so every caller sees the same kinds.

import { UpstreamError, kindForEnvelope, kindForStatus } from '../domain/errors.js';

/** Longest Retry-After we record (a day); anything longer is treated as that. */
const MAX_RETRY_AFTER_S = 86_400;

/** Retry-After as seconds (delta-seconds or HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d{1,10}$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_S);
  // HTTP-date must name a weekday or month; Date.parse alone accepts too much (e.g. "1").
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - nowMs) / 1000)), MAX_RETRY_AFTER_S);
}

export { kindForStatus };

/** The error for a non-success HTTP response. `bodyText` is a short prefix of the body. */
export function errorForStatus(
  host: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
  nowMs: number = Date.now(),
): UpstreamError {
  const kind = kindForStatus(status);
  const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], nowMs) : undefined;
  // The header gate answers 403 with a plain-text body (docs/pinterest-protocol.md §0).
  const gate = status === 403 && /Invalid Resource Request/i.test(bodyText) ? ' (Invalid Resource Request)' : '';
  const detail: { status: number; retryAfterSeconds?: number } = { status };
  if (retryAfterSeconds !== undefined) detail.retryAfterSeconds = retryAfterSeconds;
  return new UpstreamError(kind, `upstream ${host} answered ${status}${gate}`, detail);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects fail with an AggregateError of per-address errors.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return errorCode(inner[0]);
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? errorCode(cause) : undefined;
}

/** A thrown network-stack error (undici, sockets, DNS) as an UpstreamError. */
export function errorForNetworkFailure(host: string, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const code = errorCode(err);
  if (code && TIMEOUT_CODES.has(code)) {
    return new UpstreamError('timeout', `upstream ${host} timed out (${code})`, { cause: err });
  }
  // Reset, refused, DNS failure, closed socket, length mismatch: the host is not answering well.
  return new UpstreamError('unavailable', `upstream ${host} connection failed${code ? ` (${code})` : ''}`, { cause: err });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the resource-API envelope `{resource_response: {status: "success", ...}}` and throws the
 * matching error for an error envelope (`status != "success"` or an `error` object,
 * docs/pinterest-protocol.md §2). Returns the parsed JSON unchanged when it is a success.
 */
export function checkResourceEnvelope(name: string, json: unknown): unknown {
  if (!isRecord(json) || !isRecord(json.resource_response)) {
    throw new UpstreamError('bad-shape', `${name}: no resource_response in the answer`, { path: 'resource_response' });
  }
  const rr = json.resource_response;
  const error = rr.error;
  if (rr.status === 'success' && (error === undefined || error === null)) return json;
  const e = isRecord(error) ? error : {};
  const rawStatus = e.http_status ?? rr.http_status;
  const status = typeof rawStatus === 'number' && Number.isInteger(rawStatus) ? rawStatus : undefined;
  const message = typeof e.message === 'string' ? e.message.slice(0, 200) : typeof rr.message === 'string' ? rr.message.slice(0, 200) : 'error';
  const kind = kindForEnvelope(status);
  const detail: { status?: number; path?: string } = { path: 'resource_response.error' };
  if (status !== undefined) detail.status = status;
  throw new UpstreamError(kind, `${name}: upstream error${status ? ` ${status}` : ''}: ${message}`, detail);
}
