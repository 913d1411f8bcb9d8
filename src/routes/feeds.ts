// Filtered RSS 2.0 feeds at Pinterest's own feed paths: the same pipeline as the pages (upstream,
// parse, score, filter), rendered as XML. Settings ride in the query, since readers send no
// cookies, so feeds ignore cookies altogether. Conditional GET (ETag, Last-Modified) keeps frequent polling cheap.
import { Hono, type Context } from 'hono';
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Page, Pin } from '../domain/types.js';
import { errorResponse } from '../web/errors.js';
import { etagMatches } from '../web/compress.js';
import { prefsFor, publicOrigin, publicOriginConfigured, searchQueryParam } from '../web/request-context.js';
import { loadListPage } from './list-page.js';
import { validSlug, validUsername } from './names.js';
import { feedItemFromPin } from '../../views/feeds/feed-item.js';
import { renderRss } from '../../views/feeds/rss.js';

/** Minutes a reader should wait between polls; matches the upstream cache's freshness. */
const FEED_TTL_MINUTES = 15;

async function feedResponse(
  c: Context,
  deps: Deps,
  channel: { title: string; path: string; description: string },
  fetchPage: (bookmark: string | null) => Promise<Page<Pin>>,
): Promise<Response> {
  const prefs = prefsFor(c, deps.config);
  const page = await loadListPage(c, deps, fetchPage, prefs);
  const base = publicOrigin(c, deps.config);
  const selfUrl = new URL(c.req.url);
  const items = page.result.shown.map((s) => feedItemFromPin(s.pin, s.verdict, base, s.treatment));
  const body = renderRss({
    title: channel.title,
    link: `${base}${channel.path}`,
    selfLink: `${base}${selfUrl.pathname}${selfUrl.search}`,
    description: channel.description,
    ttl: FEED_TTL_MINUTES,
    items,
  });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const newest = page.result.shown
    .map((s) => (s.pin.createdAt ? Date.parse(s.pin.createdAt) : NaN))
    .filter(Number.isFinite)
    .reduce((a, b) => Math.max(a, b), 0);
  const headers: Record<string, string> = {
    'Content-Type': 'application/rss+xml; charset=utf-8',
    // Settings come from the query alone (prefsFor ignores cookies on feeds), so the URL names
    // the variant and shared caches may keep it, but only when the links in it come from the
    // configured origin: a Host-derived feed is the requester's alone (issue 18 row 7).
    'Cache-Control': `${publicOriginConfigured(deps.config) ? 'public' : 'private'}, max-age=${FEED_TTL_MINUTES * 60}`,
    ETag: etag,
  };
  if (newest > 0) headers['Last-Modified'] = new Date(newest).toUTCString();

  const inm = c.req.header('if-none-match');
  const ims = c.req.header('if-modified-since');
  const notModified = inm ? etagMatches(inm, etag) : ims && newest > 0 ? Date.parse(ims) >= Math.floor(newest / 1000) * 1000 : false;
  if (notModified) return c.body(null, 304, headers);
  return c.body(body, 200, headers);
}

export function feedRoutes(deps: Deps): Hono {
  const app = new Hono();
  const off = (c: Context) => errorResponse(c, deps, 404, { title: 'Feeds are off', message: 'The admin turned feeds off on this instance.' });

  app.get('/search/pins/feed.rss', async (c) => {
    if (!deps.config.features.feeds) return off(c);
    const q = searchQueryParam(c);
    if (!q) return errorResponse(c, deps, 400, { message: 'A search feed needs ?q=' });
    return feedResponse(c, deps, { title: `Pinterest search: ${q}`, path: `/search/pins/?q=${encodeURIComponent(q)}`, description: `Pins for “${q}”, filtered by ${deps.config.server.instanceName}` },
      (bm) => deps.loaders.search(q, bm));
  });

  app.get('/:user/feed.rss', async (c) => {
    if (!deps.config.features.feeds) return off(c);
    const username = validUsername(c.req.param('user'));
    if (!username) return errorResponse(c, deps, 404);
    return feedResponse(c, deps, { title: `${username} on Pinterest`, path: `/${encodeURIComponent(username)}/`, description: `Pins saved by ${username}, filtered by ${deps.config.server.instanceName}` },
      (bm) => deps.loaders.userPins(username, bm));
  });

  app.get('/:user/:file{[^/]+\\.rss}', async (c) => {
    if (!deps.config.features.feeds) return off(c);
    const username = validUsername(c.req.param('user'));
    const slug = validSlug(c.req.param('file').replace(/\.rss$/, ''));
    if (!username || !slug) return errorResponse(c, deps, 404);
    const board = await deps.loaders.board(username, slug);
    return feedResponse(c, deps, { title: `${board.name} (${username}) on Pinterest`, path: board.path, description: board.description || `Pins on ${board.name}, filtered by ${deps.config.server.instanceName}` },
      (bm) => deps.loaders.boardPins(board, bm));
  });

  return app;
}
