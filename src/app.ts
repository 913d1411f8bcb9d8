// createApp(deps): global middleware (request log and metrics, security headers, back-pressure),
// the route modules, and error mapping. No I/O at import time; everything comes from deps.
import { Hono } from 'hono';
import { RENDERED_TTL_MS, type Deps } from './deps.js';
import { renderedPageCache } from './web/page-cache.js';
import { prefsFor } from './web/request-context.js';
import { prefsToQuery } from './policy/prefs.js';
import { securityHeaders } from './web/headers.js';
import { ABANDONED_STATUS, errorResponse, handleError, notFoundOrMethod } from './web/errors.js';
import { compressResponses } from './web/compress.js';
import { carrySettings } from './web/carry-settings.js';
import { mediaRoutes } from './routes/media.js';
import { metaRoutes } from './routes/meta.js';
import { settingsRoutes } from './routes/settings.js';
import { feedRoutes } from './routes/feeds.js';
import { pageRoutes } from './routes/pages.js';
import { setMaxListeners } from 'node:events';
import { withRequestScope } from './upstream/request-scope.js';
import { getCookie } from 'hono/cookie';
import { contextRoutes } from './routes/context.js';
import { adminRoutes } from './routes/admin.js';
import { REPORTED_COOKIE } from './context/tokens.js';
import { urlFormRoutes } from './routes/url-forms.js';
import { localRouteOf, routeGroup } from './domain/local-routes.js';

export function createApp(deps: Deps): Hono {
  const app = new Hono();
  let inflight = 0;

  // One structured line per request: path without query, no IP, no user agent.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    // A visitor who closed the connection received nothing: 499, never the 200 nobody got.
    const status = c.req.raw.signal.aborted ? ABANDONED_STATUS : c.res.status;
    deps.log.requestLine({ method: c.req.method, path: c.req.path, status, ms: Math.round(ms) });
    deps.metrics.observeRequest(routeGroup(c.req.path), status, ms / 1000);
  });

  app.use('*', securityHeaders());
  // Inside the security headers (they land on the compressed response), outside the page cache
  // (which keeps pages uncompressed, whatever the visitor accepts).
  app.use('*', compressResponses());
  app.use('*', carrySettings(deps.config));

  // Back-pressure: beyond the in-flight cap, answer 503 + Retry-After instead of queueing without bound.
  app.use('*', async (c, next) => {
    // Media has its own budget (routes/media.ts): it must neither fill nor be refused by this one.
    if (c.req.path === '/healthz' || /^\/(static|img|vid)\//.test(c.req.path)) return next();
    if (inflight >= deps.config.server.maxInflight) {
      return errorResponse(c, deps, 503, { title: 'Busy', message: 'This instance is busy right now. Please try again in a few seconds.', retryAfterSeconds: 5 });
    }
    inflight += 1;
    deps.metrics.setInflight(inflight);
    try {
      await next();
    } finally {
      inflight -= 1;
      deps.metrics.setInflight(inflight);
    }
  });

  // Rendered pages keyed by path, query and effective settings; handlers opt in per response.
  // Also keyed by the AI lists' generation (an edited list shows at once) and the visitor's own
  // reports (their view follows their report).
  const pageCache = renderedPageCache({
    cache: deps.renderedPages,
    ttlMs: RENDERED_TTL_MS,
    settingsKey: (c) =>
      `${prefsToQuery(prefsFor(c, deps.config), { config: deps.config }).toString()}|l${deps.context.lists.generation}|${getCookie(c, REPORTED_COOKIE) ?? ''}`,
    onLookup: (result) => deps.metrics.cacheLookup('rendered', result),
  });
  app.use('*', async (c, next) => {
    if (localRouteOf(c.req.path)?.renderedCache === false) return next();
    // Lists are checked for edits before the cache key is taken (a cheap no-op unless a check is due).
    await deps.context.lists.refresh().catch(() => undefined);
    return pageCache(c, next);
  });

  // Every upstream wait made for this request ends at its deadline, or when the visitor leaves
  // (src/upstream/request-scope.ts). Generous: a full page may fetch, retry and top up. After the
  // page cache: a cached page never waits on upstream, and skips the cost of the scope.
  const requestDeadlineMs = deps.config.upstream.timeoutMs * (deps.config.upstream.retries + 2) + deps.config.pages.topupMs;
  app.use('*', (c, next) => {
    const signal = c.req.raw.signal;
    setMaxListeners(0, signal); // one listener per upstream wait; a page may have many
    return withRequestScope({ deadline: Date.now() + requestDeadlineMs, signal }, next);
  });

  app.route('/', metaRoutes(deps));
  app.route('/', mediaRoutes(deps));
  app.route('/', settingsRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.route('/', contextRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', urlFormRoutes(deps)); // before pageRoutes: /ideas/x/ is not /USER/BOARD/
  app.route('/', pageRoutes(deps));

  app.notFound(notFoundOrMethod(deps));
  app.onError(handleError(deps));
  return app;
}
