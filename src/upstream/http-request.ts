// One upstream HTTP GET over undici with every guard in one place: connect/headers/body timeouts
// (including a total body deadline, so a trickling body cannot hold a request forever), a byte
// cap enforced while streaming, no redirect following, and gzip/br/deflate decoding capped too.

import { Readable, Transform } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Dispatcher } from 'undici';
import { UpstreamError } from '../domain/errors.js';
import { errorForNetworkFailure } from './classify.js';
import { VisitorGoneError } from './request-scope.js';

// undici runs its own header/body timers on ~1 s resolution "fast timers", so the deadlines that
// matter (connect + headers, and the total body time) are also kept here with native timers.
export interface Timeouts {
  /** TCP/TLS connect (enforced by the agent; also part of the headers deadline below). */
  connectMs: number;
  /** Response headers must arrive within connectMs + headersMs of starting the request. */
  headersMs: number;
  /** Buffered bodies: the whole body; streamed bodies: the longest pause between chunks. */
  bodyMs: number;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface UpstreamRequest {
  dispatcher: Dispatcher;
  /** Label for errors and metrics, e.g. "www". */
  host: string;
  /** Configured origin, e.g. "https://www.pinterest.com"; never taken from a visitor. */
  origin: string;
  /** Absolute path plus query, starting with a single "/". */
  path: string;
  headers: Record<string, string>;
  timeouts: Timeouts;
  /** Byte cap on the body (after decoding, and on the wire). */
  maxBytes: number;
  /** Aborts the request (and its body) when the visitor it was made for goes away. */
  signal?: AbortSignal;
}

export interface BufferedResponse {
  status: number;
  headers: ResponseHeaders;
  /** Decoded body; empty for 3xx; at most ERROR_BODY_BYTES (truncated) for 4xx/5xx. */
  body: Buffer;
}

export interface StreamedResponse {
  status: number;
  headers: ResponseHeaders;
  /** Errors with UpstreamError 'too-large' past maxBytes, 'timeout' when upstream stalls. */
  body: Readable;
}

/** Error bodies are read only far enough to classify them (e.g. "Invalid Resource Request"). */
const ERROR_BODY_BYTES = 16 * 1024;

function assertSafePath(path: string): void {
  // A leading "//" would be read as another host by URL-joining code; undici takes the path as
  // is, but refuse it anyway so no caller can ever point a request elsewhere.
  if (!path.startsWith('/') || path.startsWith('//') || !/^[\x21-\x7e]+$/.test(path) || path.includes('\\')) {
    throw new UpstreamError('bad-shape', `refusing unsafe upstream path`);
  }
}

export function firstHeader(h: ResponseHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Throws a body away. destroy() makes undici's body emit an abort error; with no listener that
 * would be an uncaught exception, so one is attached first.
 */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function tooLarge(host: string, maxBytes: number): UpstreamError {
  return new UpstreamError('too-large', `upstream ${host} body over ${maxBytes} bytes`);
}

/** Sends the GET and waits for the headers, under a deadline of connect + headers time. */
async function sendRequest(req: UpstreamRequest, ac: AbortController, method: 'GET' | 'HEAD' = 'GET'): Promise<Dispatcher.ResponseData> {
  assertSafePath(req.path);
  if (req.signal) {
    const outer = req.signal;
    // Whatever reason the server gives, this is the visitor leaving, not upstream failing.
    if (outer.aborted) ac.abort(new VisitorGoneError());
    else {
      const onAbort = () => ac.abort(new VisitorGoneError());
      outer.addEventListener('abort', onAbort, { once: true });
      // Dropped once this request is over, so a long-lived signal does not collect listeners.
      ac.signal.addEventListener('abort', () => outer.removeEventListener('abort', onAbort), { once: true });
    }
  }
  const deadline = setTimeout(
    () => ac.abort(new UpstreamError('timeout', `upstream ${req.host} sent no headers in time`)),
    req.timeouts.connectMs + req.timeouts.headersMs,
  );
  try {
    return await req.dispatcher.request({
      origin: req.origin,
      path: req.path,
      method,
      headers: req.headers,
      signal: ac.signal,
      headersTimeout: req.timeouts.headersMs,
      bodyTimeout: req.timeouts.bodyMs,
    });
  } catch (err) {
    throw errorForNetworkFailure(req.host, ac.signal.aborted ? ac.signal.reason : err);
  } finally {
    clearTimeout(deadline);
  }
}

/** Reads a body into memory up to `cap` bytes: past it, throws (or truncates, for error bodies). */
async function readCapped(body: Readable, cap: number, onOverflow: () => Error | 'truncate'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (n + buf.length > cap) {
      const what = onOverflow();
      if (what === 'truncate') {
        chunks.push(buf.subarray(0, cap - n));
        n = cap;
        discard(body);
        break;
      }
      discard(body);
      throw what;
    }
    chunks.push(buf);
    n += buf.length;
  }
  return Buffer.concat(chunks, n);
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** Undoes Content-Encoding (gzip, br, deflate), never producing more than maxBytes. */
async function decodeBody(host: string, raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const codings = (encoding ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'identity');
  let buf = raw;
  // Codings are listed in the order applied; undo them in reverse.
  for (const coding of codings.reverse()) {
    const opts = { maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') buf = await gunzip(buf, opts);
      else if (coding === 'br') buf = await brotli(buf, opts);
      // "deflate" should be zlib-wrapped, but some servers send raw deflate; 0x78 marks zlib.
      else if (coding === 'deflate') buf = buf[0] === 0x78 ? await inflate(buf, opts) : await inflateRaw(buf, opts);
      else throw new UpstreamError('bad-shape', `upstream ${host} used unsupported content-encoding ${coding}`);
    } catch (err) {
      if (err instanceof UpstreamError) throw err;
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(host, maxBytes);
      throw new UpstreamError('bad-shape', `upstream ${host} sent a corrupt ${coding} body`, { cause: err });
    }
  }
  return buf;
}

/**
 * GET with the body read into memory. 3xx bodies are discarded unread (redirects are never
 * followed here; the caller reads Location). Error bodies are read only in part.
 */
export async function requestBuffered(req: UpstreamRequest): Promise<BufferedResponse> {
  const ac = new AbortController();
  const res = await sendRequest(req, ac);
  const status = res.statusCode;
  const headers = res.headers as ResponseHeaders;
  if (status >= 300 && status < 400) {
    discard(res.body); // not even read: a redirect body is never used
    return { status, headers, body: Buffer.alloc(0) };
  }
  const isError = status >= 400;
  const declared = Number(firstHeader(headers, 'content-length'));
  if (!isError && Number.isFinite(declared) && declared > req.maxBytes) {
    discard(res.body);
    throw tooLarge(req.host, req.maxBytes);
  }
  // The total body deadline: undici's bodyTimeout only limits pauses, so a slow trickle would pass.
  const bodyDeadline = setTimeout(
    () => ac.abort(new UpstreamError('timeout', `upstream ${req.host} body took too long`)),
    req.timeouts.bodyMs,
  );
  try {
    const cap = isError ? Math.min(req.maxBytes, ERROR_BODY_BYTES) : req.maxBytes;
    const raw = await readCapped(res.body, cap, () => (isError ? 'truncate' : tooLarge(req.host, req.maxBytes)));
    const encoding = firstHeader(headers, 'content-encoding');
    if (!isError) return { status, headers, body: await decodeBody(req.host, raw, encoding, req.maxBytes) };
    // An error body only helps classify; a truncated or corrupt one is simply treated as empty.
    const body = await decodeBody(req.host, raw, encoding, ERROR_BODY_BYTES).catch(() => Buffer.alloc(0));
    return { status, headers, body };
  } catch (err) {
    throw errorForNetworkFailure(req.host, ac.signal.aborted ? ac.signal.reason : err);
  } finally {
    clearTimeout(bodyDeadline);
  }
}

/**
 * GET with the body streamed (for video). The stream errors with 'too-large' past maxBytes;
 * undici's bodyTimeout (timeouts.bodyMs) ends it when upstream stalls. No decoding: the caller
 * sends `Accept-Encoding: identity`.
 */
export async function requestStream(req: UpstreamRequest): Promise<StreamedResponse> {
  const ac = new AbortController();
  const res = await sendRequest(req, ac);
  const status = res.statusCode;
  const headers = res.headers as ResponseHeaders;
  if (status >= 300) {
    // Callers only stream 2xx; drop the rest without reading.
    discard(res.body);
    return { status, headers, body: Readable.from([]) };
  }
  const declared = Number(firstHeader(headers, 'content-length'));
  if (Number.isFinite(declared) && declared > req.maxBytes) {
    discard(res.body);
    throw tooLarge(req.host, req.maxBytes);
  }
  let n = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > req.maxBytes) cb(tooLarge(req.host, req.maxBytes));
      else cb(null, chunk);
    },
  });
  res.body.on('error', (err) => counter.destroy(errorForNetworkFailure(req.host, err)));
  // A consumer that never attached (e.g. a route that failed before piping) must not turn an
  // upstream stall into an uncaught exception; real consumers still get the error.
  counter.on('error', () => {});
  // If the consumer goes away (visitor closed the tab), stop downloading from upstream too.
  counter.on('close', () => {
    if (!res.body.destroyed) discard(res.body);
  });
  res.body.pipe(counter);
  return { status, headers, body: counter };
}

/**
 * HEAD: status and headers only. No body is ever read (there is none), so nothing stays open
 * once the headers are in.
 */
export async function requestHead(req: UpstreamRequest): Promise<{ status: number; headers: ResponseHeaders }> {
  const ac = new AbortController();
  const res = await sendRequest(req, ac, 'HEAD');
  discard(res.body);
  return { status: res.statusCode, headers: res.headers as ResponseHeaders };
}
