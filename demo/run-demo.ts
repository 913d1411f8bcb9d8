// `npm run demo`: the instance against the bundled fake Pinterest, so anyone can try Corkboard with
// no internet. The fake replays the project's own fixtures, and the real recordings in ../shared
// when that folder is present.
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.js';
import { buildDeps } from '../src/deps.js';
import { createApp } from '../src/app.js';
import { startFakePinterest, FAKE_KNOWN } from './fake-pinterest.js';

async function main(): Promise<void> {
  const fake = await startFakePinterest({ latencyMs: Number(process.env.DEMO_LATENCY_MS ?? 0) || 0, pictures: 'demo' });
  const config = loadConfig({
    ...process.env,
    CORKBOARD_UPSTREAM_WWW: fake.url,
    CORKBOARD_UPSTREAM_IMAGES: fake.url,
    CORKBOARD_UPSTREAM_VIDEOS: fake.url,
    CORKBOARD_UPSTREAM_SHORTLINKS: fake.url,
  });
  const deps = await buildDeps(config);
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.server.port, hostname: config.server.host }, (info) => {
    const host = info.address === '0.0.0.0' || info.address === '::' ? 'localhost' : info.address;
    const base = `http://${host}:${info.port}`;
    console.log(`Corkboard demo on ${base} (fake Pinterest at ${fake.url})`);
    console.log(`Try: ${base}/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0] ?? 'forest cabin')}`);
  });
  const stop = () => server.close(async () => {
    await Promise.allSettled([deps.client.close(), deps.model?.close(), fake.close()]);
    process.exit(0);
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error('demo failed to start:', e);
  process.exit(1);
});
