// Instance administration endpoints: health, facts, metrics, robots, OpenSearch, web manifest,
// and the static files.
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { cacheFigures } from '../deps.js';
import { publicOrigin } from '../web/request-context.js';
import { etagMatches } from '../web/compress.js';
import { renderOpenSearch } from '../../views/feeds/opensearch.js';

export function instanceFacts(deps: Deps) {
  const { config, model } = deps;
  return {
    name: config.server.instanceName,
    version: deps.version,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    model: model
      ? { loaded: true, id: model.info.id, name: model.info.name, version: model.info.version, sha256: model.info.sha256, license: model.info.license, source: model.info.source }
      : { loaded: false, error: deps.modelError },
    defaults: { ...config.defaults },
    features: { ...config.features },
    caches: cacheFigures(deps),
    scoring: deps.scorer.stats(),
    upstream: deps.client.breakerStates(),
  };
}

export function metaRoutes(deps: Deps): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => {
    const upstream = deps.client.breakerStates();
    const stall = deps.health.verdict();
    // The shared store going away degrades (local caches answer) but never makes us unready.
    const store = deps.store?.health() ?? null;
    const degraded = !deps.model || Object.values(upstream).some((s) => s === 'open') || stall.status !== 'ok' || store?.state === 'degraded';
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        status: degraded ? 'degraded' : 'ok',
        ready: stall.serving,
        model: deps.model ? { loaded: true, id: deps.model.info.id, version: deps.model.info.version } : { loaded: false, error: deps.modelError },
        upstream,
        store: store ? { configured: true, state: store.state, reason: store.reason } : { configured: false },
        // Why the instance reads as stalled (event-loop lag, stuck upstream slots); empty when fine.
        stalls: stall.reasons,
      },
      // Nothing new can be served: a status the container health check acts on.
      stall.serving ? 200 : 503,
    );
  });

  app.get('/info.json', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(instanceFacts(deps));
  });

  app.get('/metrics', async (c) => {
    deps.metrics.setScoreQueueLength(deps.scorer.stats().queued);
    const body = await deps.metrics.render();
    return c.body(body, 200, { 'Content-Type': deps.metrics.contentType, 'Cache-Control': 'no-store' });
  });

  app.get('/robots.txt', (c) => c.text('User-agent: *\nDisallow: /\n', 200, { 'Cache-Control': 'public, max-age=86400' }));

  app.get('/opensearch.xml', (c) =>
    c.body(renderOpenSearch(publicOrigin(c, deps.config), deps.config.server.instanceName), 200, {
      'Content-Type': 'application/opensearchdescription+xml; charset=utf-8',
    }),
  );

  app.get('/static/:name', (c) => {
    const file = deps.staticFiles.get(c.req.param('name'));
    if (!file) return c.text('Not found', 404);
    if (etagMatches(c.req.header('if-none-match'), file.etag)) return c.body(null, 304);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.type, ETag: file.etag, 'Cache-Control': 'public, max-age=86400' });
  });
  app.get('/favicon.ico', (c) => c.redirect('/static/favicon.png', 301));

  return app;
}

