// Pinterest address forms that have no page of their own here, so that links people paste keep
// working: /search/ and /search/boards|users|videos/ land on the pin search (the nearest page this
// instance has), /ideas/<interest>/<id>/ on a pin search for the interest's words (the interest
// feed is not mirrored), /ideas/ on the home page, and /today/ (Pinterest's editorial feed) on a
// page that says it is not available. Redirects are 302: the mapping may improve later.
// Also /view-on-pinterest?path=/LOCAL/PATH/: the "View on Pinterest" link, a redirect so that no
// page names a Pinterest URL and the browser only goes there when the visitor clicks.
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import { localPathToPinterestUrl, parsePinterestPath, routeToLocalPath } from '../links/pinterest-url.js';
import { errorResponse } from '../web/errors.js';

export function urlFormRoutes(deps: Deps): Hono {
  const app = new Hono();

  /** The local page for this Pinterest path, from the same mapping /go uses. */
  function toNearest(c: Context): Response {
    const url = new URL(c.req.url);
    const route = parsePinterestPath(url.pathname, url.searchParams);
    if (!route) return errorResponse(c, deps, 404);
    if (route.kind === 'today') return today(c);
    return c.redirect(routeToLocalPath(route), 302);
  }

  function today(c: Context): Response {
    return errorResponse(c, deps, 404, {
      title: 'Today is not available here',
      message: 'Pinterest’s “Today” pages are an editorial feed that this instance does not show. Search for pins, or open a pin, board or profile link instead.',
    });
  }

  app.get('/search', toNearest);
  app.get('/search/', toNearest);
  for (const scope of ['boards', 'users', 'videos']) {
    app.get(`/search/${scope}`, toNearest);
    app.get(`/search/${scope}/`, toNearest);
  }
  app.get('/ideas', toNearest);
  app.get('/ideas/*', toNearest);
  app.get('/view-on-pinterest', (c) => {
    const target = localPathToPinterestUrl((c.req.query('path') ?? '').slice(0, 2048));
    if (!target) return errorResponse(c, deps, 404, { message: 'There is no Pinterest page for that address.' });
    const res = c.redirect(target, 302);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });
  app.get('/today', today);
  app.get('/today/*', today);
  return app;
}
