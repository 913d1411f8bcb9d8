// Process entry: read config once, build the dependencies (model loaded before listening), serve,
// and shut down gracefully on SIGTERM/SIGINT (finish in-flight requests, then close).
import { serve } from '@hono/node-server';
import { ConfigError, findUnknownVariables, loadConfig, type Config } from './config.js';
import { runWorkers } from './cluster/workers.js';
import { createLogger } from './log.js';
import { buildDeps } from './deps.js';
import { createApp } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`corkboard: configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  // CORKBOARD_WORKERS > 1: this process only forks and supervises; each worker runs serveInstance.
  const cfg = config;
  const primaryLog = createLogger({ level: config.log.level, debug: config.log.debug });
  await runWorkers({
    count: config.scale.workers,
    startWorker: () => serveInstance(cfg),
    log: (message, fields) => primaryLog.info(message, { role: 'primary', ...fields }),
  });
}

async function serveInstance(config: Config): Promise<void> {
  const deps = await buildDeps(config);
  const unknown = findUnknownVariables(process.env);
  if (unknown.length) deps.log.warn('unknown CORKBOARD_* variables (typos?)', { names: unknown.join(',') });

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.server.port, hostname: config.server.host }, (info) => {
    deps.log.info('listening', {
      address: `${info.address}:${info.port}`,
      model: deps.model ? `${deps.model.info.id}@${deps.model.info.version}` : 'unavailable',
    });
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    deps.log.info('shutting down', { signal });
    // Stop accepting; in-flight requests finish; then release the agent and the model.
    server.close(async () => {
      await Promise.allSettled([deps.client.close(), deps.model?.close(), deps.store?.close(), deps.context.close()]);
      process.exit(0);
    });
    // Keep-alive sockets would hold close() open: end idle ones now, and keep ending those that
    // go idle as their in-flight requests finish (else each waits out its keep-alive timeout).
    const closeIdle = () => (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    closeIdle();
    setInterval(closeIdle, 100).unref();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e) => {
  console.error('corkboard: failed to start:', e);
  process.exit(1);
});
