// Serves an instance's app over real HTTP on 127.0.0.1 (random port), for tests that need real
// sockets: HEAD as a client sends it, visitors that stop reading, visitors that hang up.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Served {
  port: number;
  close(): Promise<void>;
}

export async function serveApp(app: Hono): Promise<Served> {
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The response stream, paused after the first chunk when `readFirstChunkOnly`. */
  res: http.IncomingMessage;
  /** The first body chunk (GET) or null. */
  first: Buffer | null;
  /** Hang up (destroys the socket). */
  hangUp(): void;
}

/**
 * One request on its own connection. With `readFirstChunkOnly` the body is read up to its first
 * chunk and then left unread: a visitor who stops reading.
 */
export function rawRequest(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; readFirstChunkOnly?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const answer = (first: Buffer | null): RawAnswer => ({ status: res.statusCode ?? 0, headers: res.headers, res, first, hangUp: () => req.destroy() });
      res.on('error', () => {});
      if (opts.method === 'HEAD' || !opts.readFirstChunkOnly) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(answer(Buffer.concat(chunks))));
        res.on('close', () => resolve(answer(Buffer.concat(chunks))));
        return;
      }
      res.once('data', (c: Buffer) => {
        res.pause();
        resolve(answer(c));
      });
      res.on('end', () => resolve(answer(null)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` every 50 ms until it returns true or `withinMs` passes; returns the last result. */
export async function eventually(check: () => boolean | Promise<boolean>, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A valid video path unique to `n` (folders = the signature's first hex pairs). */
export function videoPath(n: number, ext = 'mp4'): string {
  const sig = `${n.toString(16).padStart(8, '0')}${'d00d'.repeat(6)}`;
  return `/videos/mc/720p/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.${ext}`;
}
