// Pin search at pinterest.com's path: /search/pins/?q=...
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { prefsFor, searchQueryParam, withQuery } from '../web/request-context.js';
import { loadListPage, viewContext } from './list-page.js';
import { renderSearchPage } from '../../views/pages/search.js';
import { html, feedHref } from './page-response.js';

export function searchRoutes(deps: Deps): Hono {
  const app = new Hono();
  const cfg = deps.config;


  app.get('/search/pins', (c) => c.redirect(withQuery(c, {}).replace('/search/pins', '/search/pins/'), 301));
  app.get('/search/pins/', async (c) => {
    const query = searchQueryParam(c);
    const prefs = prefsFor(c, cfg);
    const ctx = viewContext(deps, prefs);
    if (!query) {
      return html(c, renderSearchPage({ ctx, query, result: { shown: [], hiddenCount: 0, hiddenByReason: {} }, nextHref: null, showHiddenHref: null }));
    }
    const page = await loadListPage(c, deps, (bm) => deps.loaders.search(query, bm), prefs);
    return html(
      c,
      renderSearchPage({
        ctx, query, result: page.result, nextHref: page.nextHref, firstHref: page.firstHref, showHiddenHref: page.showHiddenHref, hideAgainHref: page.hideAgainHref,
        rssHref: feedHref('/search/pins/feed.rss', prefs, deps, { q: query }),
      }),
      { store: page.complete },
    );
  });

  return app;
}
