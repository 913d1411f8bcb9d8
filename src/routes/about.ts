// The instance's own pages at the top: home, instance info, privacy, and /go (paste any Pinterest URL).
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { pinterestUrlToLocalPath } from '../links/pinterest-url.js';
import { errorResponse } from '../web/errors.js';
import { prefsFor } from '../web/request-context.js';
import { viewContext } from './list-page.js';
import { renderHomePage } from '../../views/pages/home.js';
import { renderInfoPage } from '../../views/pages/info.js';
import { renderPrivacyPage } from '../../views/pages/privacy.js';
import { instanceFacts } from './meta.js';
import { html } from './page-response.js';

export function aboutRoutes(deps: Deps): Hono {
  const app = new Hono();
  const cfg = deps.config;

  app.get('/', (c) => html(c, renderHomePage({ ctx: viewContext(deps, prefsFor(c, cfg)) }), { cacheSeconds: 300 }));

  app.get('/info', (c) => {
    const facts = instanceFacts(deps);
    const m = deps.model?.info ?? null;
    return html(
      c,
      renderInfoPage({
        ctx: viewContext(deps, prefsFor(c, cfg)),
        version: deps.version,
        model: m ? { id: m.id, name: m.name, version: m.version, sha256: m.sha256, license: m.license, source: m.source } : null,
        modelStatus: m ? 'loaded' : `unavailable${deps.modelError ? `: ${deps.modelError}` : ''}`,
        defaults: { ...cfg.defaults, feeds: cfg.features.feeds, video_proxy: cfg.features.videoProxy },
        figures: Object.fromEntries([
          ...facts.caches.flatMap((s) => [[`${s.name}_entries`, s.entries], [`${s.name}_hits`, s.hits], [`${s.name}_misses`, s.misses]]),
          ...Object.entries(facts.scoring).map(([k, v]) => [`scoring_${k}`, v]),
          ...Object.entries(facts.upstream).map(([k, v]) => [`upstream_${k}`, v]),
        ]),
      }),
    );
  });

  app.get('/privacy', (c) => html(c, renderPrivacyPage({ ctx: viewContext(deps, prefsFor(c, cfg)), disclosure: cfg.server.privacyText }), { cacheSeconds: 300 }));

  // Paste any Pinterest URL: map it to the local page, never fetch it.
  app.get('/go', (c) => {
    const target = pinterestUrlToLocalPath((c.req.query('url') ?? '').slice(0, 2048).trim());
    if (!target) {
      return errorResponse(c, deps, 400, { title: 'Not a Pinterest link', message: 'Paste a link to a pin, board, profile or search on Pinterest (any country) or a pin.it short link.' });
    }
    return c.redirect(target, 302);
  });

  return app;
}
