// Serves an app on a loopback port through @hono/node-server (as src/main.ts does) and sends
// requests whose request-target goes out byte for byte, so hostile paths (`..`, `%2e`, `\`, `//`)
// reach the server as an attacker would send them, not normalised by a client URL parser.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Served {
  port: number;
  /** GET with the exact request-target `target` (no normalisation, no encoding). */
  raw(target: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export async function serveApp(app: Hono): Promise<Served> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    raw(target, headers = {}) {
      return new Promise<RawResponse>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: target, headers: { host: 'corkboard.test', ...headers }, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
