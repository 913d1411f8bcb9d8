// One typed error family for everything that can go wrong upstream. Stages throw these; the web
// layer (src/web/errors.ts) maps them to a status and a friendly page in one place.

export type UpstreamErrorKind =
  | 'not-found' // 404, or a resource that does not exist
  | 'rate-limited' // 429
  | 'blocked' // 403 "Invalid Resource Request" (the header gate) or other refusal
  | 'unavailable' // 5xx, connection refused/reset, circuit open
  | 'bad-shape' // JSON/HTML we could not read
  | 'timeout' // connect, headers or body took too long
  | 'too-large' // body over the configured cap
  | 'bad-media'; // bytes that are not an allowed image/video type

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly detail: {
      /** Upstream HTTP status, when there was one. */
      status?: number;
      /** Seconds to wait, from Retry-After, when upstream said so. */
      retryAfterSeconds?: number;
      /** JSON path that could not be read, for bad-shape. */
      path?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
  }
}

/** A shape we could not read; `path` names the JSON path, e.g. `resource_response.data.results[3].id`. */
export function badShape(path: string, message: string): UpstreamError {
  return new UpstreamError('bad-shape', `${message} at ${path}`, { path });
}

export function isUpstreamError(e: unknown): e is UpstreamError {
  return e instanceof UpstreamError;
}

/** Kind for an HTTP error status (callers handle 2xx and 3xx themselves). */
export function kindForStatus(status: number): UpstreamErrorKind {
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'blocked';
  if (status >= 500) return 'unavailable';
  // Other 4xx: upstream refused what we sent; nothing a retry or the visitor can fix.
  return 'bad-shape';
}

/**
 * Kind for a resource-API error envelope (`resource_response.error`, docs/pinterest-protocol.md §2):
 * its `http_status` read like an HTTP status; without a usable one, an answer we cannot use. The
 * upstream client checks envelopes before the parser sees them, and the parser (which also reads
 * answers handed to it directly) maps them the same way through this one function.
 */
export function kindForEnvelope(httpStatus: number | null | undefined): UpstreamErrorKind {
  return typeof httpStatus === 'number' && Number.isInteger(httpStatus) && httpStatus >= 400 ? kindForStatus(httpStatus) : 'bad-shape';
}
