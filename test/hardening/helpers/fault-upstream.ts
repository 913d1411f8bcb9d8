// A misbehaving Pinterest for the hardening tests: a node:http server in front of the fake
// Pinterest that passes requests through, logs every one it receives (also those it fails), and
// lets a test answer chosen paths with faults the fake cannot play (hang after headers, trickle,
// 429 without Retry-After, HTML for JSON, corrupt or hostile image bytes).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

interface LoggedRequest {
  method: string;
  /** Path with query, as received. */
  path: string;
  /** performance.now() when it arrived, for backoff checks. */
  at: number;
}

interface Forwarded {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Answers one upstream request; `forward()` fetches the fake's own answer (buffered). */
export type FaultHandler = (req: http.IncomingMessage, res: http.ServerResponse, ctx: { forward(): Promise<Forwarded> }) => void | Promise<void>;

export interface FaultUpstream {
  url: string;
  /** Where unmatched requests go (the fake Pinterest); may be set after start. */
  target: string | null;
  requests: LoggedRequest[];
  /** Answer requests whose path matches (prefix string or RegExp) with `handler`, `times` times. */
  on(match: string | RegExp, handler: FaultHandler, times?: number): void;
  clear(): void;
  /** Requests whose path starts with `prefix` (or matches the RegExp). */
  count(match: string | RegExp): number;
  close(): Promise<void>;
}

function matches(path: string, m: string | RegExp): boolean {
  return typeof m === 'string' ? path.startsWith(m) : m.test(path);
}

export async function startFaultUpstream(target: string | null = null): Promise<FaultUpstream> {
  const requests: LoggedRequest[] = [];
  const rules: { match: string | RegExp; handler: FaultHandler; remaining: number }[] = [];
  const sockets = new Set<Socket>();
  const state = { target };

  function forward(req: http.IncomingMessage): Promise<Forwarded> {
    return new Promise((resolve, reject) => {
      if (!state.target) return reject(new Error('fault upstream has no target'));
      const headers = { ...req.headers };
      delete headers.host;
      const out = http.request(`${state.target}${req.url ?? '/'}`, { method: req.method, headers, agent: false }, (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(chunks) }));
        up.on('error', reject);
      });
      out.on('error', reject);
      out.end();
    });
  }

  function pipeThrough(req: http.IncomingMessage, res: http.ServerResponse): void {
    forward(req).then(
      (f) => {
        const headers = { ...f.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        res.writeHead(f.status, { ...headers, 'content-length': String(f.body.length) });
        res.end(f.body);
      },
      () => res.destroy(),
    );
  }

  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, at: performance.now() });
    const rule = rules.find((r) => r.remaining > 0 && matches(path, r.match));
    if (!rule) return pipeThrough(req, res);
    rule.remaining -= 1;
    Promise.resolve(rule.handler(req, res, { forward: () => forward(req) })).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FaultUpstream = {
    url: `http://127.0.0.1:${port}`,
    get target() {
      return state.target;
    },
    set target(t) {
      state.target = t;
    },
    requests,
    on(match, handler, times = Infinity) {
      rules.unshift({ match, handler, remaining: times });
    },
    clear() {
      rules.length = 0;
    },
    count: (m) => requests.filter((r) => matches(r.path, m)).length,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** Ready-made faults. Each is a FaultHandler. */
export const faults = {
  /** A plain answer with a status, optional headers and body. */
  status(status: number, opts: { headers?: Record<string, string>; body?: string; contentType?: string } = {}): FaultHandler {
    return (_req, res) => {
      const body = opts.body ?? `fault ${status}`;
      res.writeHead(status, { 'content-type': opts.contentType ?? 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...opts.headers });
      res.end(body);
    };
  },
  /** The real header gate: 403 with a plain-text "Invalid Resource Request". */
  gate(): FaultHandler {
    return faults.status(403, { body: 'Invalid Resource Request' });
  },
  /** A resource-API 404 envelope, as Pinterest sends for a missing object. */
  notFoundEnvelope(): FaultHandler {
    const body = JSON.stringify({ resource_response: { status: 'failure', code: 30, message: 'Not found.', data: null, error: { http_status: 404, code: 30, message: 'Not found.', status: 'failure' }, http_status: 404 } });
    return faults.status(404, { body, contentType: 'application/json' });
  },
  /** The connection is dropped without an answer. */
  reset(): FaultHandler {
    return (req) => {
      req.socket.destroy();
    };
  },
  /** No answer at all (the client must give up on its own). */
  hang(): FaultHandler {
    return () => {};
  },
  /** Headers and the first bytes of a long body, then silence. */
  hangAfterHeaders(contentType = 'application/json'): FaultHandler {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': '100000' });
      res.write('{"resource_response": {"status": "success", "data": [');
    };
  },
  /** A body sent one byte every `everyMs` (each pause shorter than any per-chunk timeout). */
  trickle(everyMs = 40, contentType = 'application/json'): FaultHandler {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': '100000' });
      const t = setInterval(() => {
        if (!res.destroyed && !res.writableEnded) res.write(' ');
      }, everyMs);
      // Ends when the client gives up or close() destroys the socket.
      res.on('close', () => clearInterval(t));
    };
  },
  /** 200 with a body of the given type. */
  body(contentType: string, body: string | Buffer): FaultHandler {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
  },
  /** A gzip body that inflates to `inflatedBytes` of zeros (a decompression bomb; a few KB on the wire). */
  gzipBomb(contentType: string, inflatedBytes: number): FaultHandler {
    const body = zlib.gzipSync(Buffer.alloc(inflatedBytes), { level: 9 });
    return (_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    };
  },
  /** The fake's own answer, delayed. */
  delayed(ms: number): FaultHandler {
    return async (_req, res, ctx) => {
      await new Promise((r) => setTimeout(r, ms));
      const f = await ctx.forward();
      res.writeHead(f.status, { 'content-type': String(f.headers['content-type'] ?? 'application/octet-stream'), 'content-length': String(f.body.length) });
      res.end(f.body);
    };
  },
  /**
   * A big video (`bytes` of MP4-typed filler), streamed as fast as the reader takes it and no
   * faster (backpressure), with Range support off. HEAD gets the headers only. `open` counts the
   * bodies being sent right now, `opened` all bodies ever started.
   */
  bigVideo(bytes: number, stats: { open: number; opened: number; heads: number } = { open: 0, opened: 0, heads: 0 }): FaultHandler & { stats: typeof stats } {
    const block = Buffer.alloc(64 * 1024, 0x42);
    const handler: FaultHandler = (req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes), 'accept-ranges': 'bytes' });
      if (req.method === 'HEAD') {
        stats.heads++;
        return void res.end();
      }
      stats.open++;
      stats.opened++;
      let sent = 0;
      let closed = false;
      res.on('close', () => {
        if (!closed) stats.open--;
        closed = true;
      });
      const more = () => {
        while (sent < bytes && !res.destroyed) {
          const n = Math.min(block.length, bytes - sent);
          sent += n;
          if (!res.write(n === block.length ? block : block.subarray(0, n))) return void res.once('drain', more);
        }
        if (!res.destroyed) res.end();
      };
      more();
    };
    return Object.assign(handler, { stats });
  },
  /** The fake's own answer with its body changed (e.g. a truncated image). */
  transformed(change: (body: Buffer) => Buffer): FaultHandler {
    return async (_req, res, ctx) => {
      const f = await ctx.forward();
      const body = change(f.body);
      res.writeHead(f.status, { 'content-type': String(f.headers['content-type'] ?? 'application/octet-stream'), 'content-length': String(body.length) });
      res.end(body);
    };
  },
};
