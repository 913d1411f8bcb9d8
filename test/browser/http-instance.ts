// A whole instance served over real HTTP on 127.0.0.1 (random port) against the fake Pinterest, so
// a real browser (or a load generator) can talk to it like a visitor would.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';

export interface HttpInstance {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  instance: TestInstance;
  close(): Promise<void>;
}

export async function startHttpInstance(opts: Parameters<typeof startTestInstance>[0] = {}): Promise<HttpInstance> {
  const instance = await startTestInstance(opts);
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: instance.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    instance,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await instance.close();
    },
  };
}
