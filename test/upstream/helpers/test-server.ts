// A tiny local HTTP server for upstream tests: records every request it receives (so tests can
// check what was sent upstream) and answers with a per-test handler.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

export interface TestServer {
  origin: string;
  requests: RecordedRequest[];
  /** Requests whose path (without query) is `path`. */
  count(path?: string): number;
  handle(h: Handler): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler = (_q, r) => r.end('ok')): Promise<TestServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    try {
      current(req, res, requests.length);
    } catch (err) {
      res.statusCode = 599;
      res.end(String(err));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => (path === undefined ? requests.length : requests.filter((r) => r.url.split('?')[0] === path).length),
    handle(h) {
      current = h;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends a JSON body with the right headers. */
export function sendJson(res: http.ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** A success envelope as the resource API sends it (docs/pinterest-protocol.md §2). */
export function envelope(data: unknown, bookmark = '-end-'): unknown {
  return {
    resource_response: { status: 'success', code: 0, message: 'ok', data, bookmark, http_status: 200 },
    client_context: { is_authenticated: false },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
