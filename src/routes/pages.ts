// HTML pages at pinterest.com's own paths: home, URL paste, search, pin, short links, profiles,
// boards and sections. Each handler: validate -> loader (upstream + parser) -> score -> filter -> view.
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { Board, BoardSection } from '../domain/types.js';
import { pinterestUrlToLocalPath } from '../links/pinterest-url.js';
import { pinPageDecision } from '../policy/filter.js';
import { prefsToQuery } from '../policy/prefs.js';
import type { FilterResult, Prefs } from '../policy/types.js';
import { scoreAllImages } from '../content/pin-page-verdict.js';
import { loadFilteredPage } from '../content/filtered-page.js';
import { errorResponse } from '../web/errors.js';
import { STORE_HEADER } from '../web/page-cache.js';
import { prefsFor, withQuery } from '../web/request-context.js';
import { gridVariantPath, loadListPage, showHiddenRequested, viewContext } from './list-page.js';
import { validPinId, validSlug, validUsername } from './names.js';
import { pinPageImage } from '../../views/images.js';
import { renderHomePage } from '../../views/pages/home.js';
import { renderSearchPage } from '../../views/pages/search.js';
import { renderPinPage, type PinDisplay } from '../../views/pages/pin.js';
import { renderUserPage, type UserTab } from '../../views/pages/user.js';
import { renderBoardPage } from '../../views/pages/board.js';
import { renderInfoPage } from '../../views/pages/info.js';
import { renderPrivacyPage } from '../../views/pages/privacy.js';
import { instanceFacts } from './meta.js';

const MAX_QUERY_LENGTH = 200;

/** A feed URL carrying the visitor's non-default settings (feed readers send no cookies). */
function feedHref(path: string, prefs: Prefs, deps: Deps, extra: Record<string, string> = {}): string | null {
  if (!deps.config.features.feeds) return null;
  const q = new URLSearchParams(extra);
  for (const [k, v] of prefsToQuery(prefs, { config: deps.config, onlyNonDefault: true })) q.append(k, v);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * An HTML response. Pages depend on the visitor's cookies: only the browser may keep them,
 * briefly. `store` lets the instance's own rendered-page cache keep a final page.
 */
function html(c: Context, body: string, opts: { cacheSeconds?: number; store?: boolean } = {}): Response {
  const res = c.html(body);
  const seconds = opts.cacheSeconds ?? 0;
  res.headers.set('Cache-Control', seconds > 0 ? `private, max-age=${seconds}` : 'no-store');
  if (opts.store) res.headers.set(STORE_HEADER, '1');
  return res;
}

export function pageRoutes(deps: Deps): Hono {
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

  app.get('/search/pins', (c) => c.redirect(withQuery(c, {}).replace('/search/pins', '/search/pins/'), 301));
  app.get('/search/pins/', async (c) => {
    const query = (c.req.query('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH);
    const prefs = prefsFor(c, cfg);
    const ctx = viewContext(deps, prefs);
    if (!query) {
      return html(c, renderSearchPage({ ctx, query, result: { shown: [], hiddenCount: 0, hiddenByReason: {} }, nextHref: null, showHiddenHref: null }));
    }
    const page = await loadListPage(c, deps, (bm) => deps.loaders.search(query, bm), prefs);
    return html(
      c,
      renderSearchPage({
        ctx, query, result: page.result, nextHref: page.nextHref, firstHref: page.firstHref, showHiddenHref: page.showHiddenHref,
        rssHref: feedHref('/search/pins/feed.rss', prefs, deps, { q: query }),
      }),
      { store: page.complete },
    );
  });

  // pin.it short links: resolve upstream (Location only, never followed) and land locally.
  app.get('/pin.it/:code', async (c) => {
    const code = c.req.param('code');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) return errorResponse(c, deps, 404);
    const location = await deps.client.resolveShortLink(code);
    const target = pinterestUrlToLocalPath(location);
    if (!target) return errorResponse(c, deps, 404, { message: 'That short link does not lead to a Pinterest page this instance shows.' });
    return c.redirect(target, 302);
  });

  app.get('/pin/:id/sent/', (c) => redirectToPin(c));
  app.get('/pin/:id/sent', (c) => redirectToPin(c));
  app.get('/pin/:id', (c) => redirectToPin(c));
  app.get('/pin/:id/', async (c) => {
    const raw = c.req.param('id');
    const id = validPinId(raw);
    if (!id) return errorResponse(c, deps, 404);
    if (id !== raw) return c.redirect(`/pin/${encodeURIComponent(id)}/`, 301);

    const prefs = prefsFor(c, cfg);
    const showHidden = showHiddenRequested(c);
    const hideUnscored = cfg.defaults.minAi === 'hide';
    // "More like this" needs only the id: fetch it alongside the pin. It is a bonus, so its
    // failure must not take the pin page down.
    const relatedPromise: Promise<FilterResult | null> = loadFilteredPage((bm) => deps.loaders.related(id, bm), null, {
      scorer: deps.scorer, prefs, showHidden, hideUnscored, variantPath: gridVariantPath(prefs),
      budgetMs: cfg.scoring.budgetMs, maxExtraPages: 0, maxExtraMs: 0, minShown: 0,
    }).then(
      (r) => r.result,
      (e: unknown) => {
        deps.log.warn('related pins unavailable', { pin: id, error: e instanceof Error ? e.message : String(e) });
        return null;
      },
    );
    const pin = await deps.loaders.pin(id).catch(async (e: unknown) => {
      await relatedPromise; // let the side request settle before the error page
      throw e;
    });
    const verdict = await scoreAllImages(deps.scorer, pin, {
      variantPath: (p) => pinPageImage(p.images[0] ?? p.video?.poster ?? null)?.path ?? null,
      budgetMs: cfg.scoring.budgetMs,
      sensitivity: prefs.sensitivity,
    });
    const decision = pinPageDecision(pin, verdict, prefs, { showHidden, hideUnscored });
    const display: PinDisplay = decision.withheld && decision.reason
      ? { kind: 'hidden', reasons: [decision.reason] }
      : { kind: 'shown', treatment: decision.treatment };
    const related = await relatedPromise;
    const final = verdict.verdict !== 'unscored' && related !== null && related.shown.every((s) => s.verdict.verdict !== 'unscored');
    return html(
      c,
      renderPinPage({
        ctx: viewContext(deps, prefs), pin, verdict, display,
        showAnywayHref: withQuery(c, { show: 'hidden' }),
        related,
        relatedShowHiddenHref: related && related.hiddenCount > 0 && !showHidden ? withQuery(c, { show: 'hidden' }) : null,
      }),
      { store: final },
    );
  });

  function redirectToPin(c: Context): Response {
    const id = validPinId(c.req.param('id'));
    if (!id) return errorResponse(c, deps, 404);
    // Drop invite_code, sender, sfo and every other parameter: they identify the sharer.
    return c.redirect(`/pin/${encodeURIComponent(id)}/`, 301);
  }

  // ---- Profiles ----
  const userTab = (tab: UserTab, segment: string) =>
    app.get(`/:user/${segment}`, async (c) => {
      const username = validUsername(c.req.param('user'));
      if (!username) return errorResponse(c, deps, 404);
      const prefs = prefsFor(c, cfg);
      const ctx = viewContext(deps, prefs);
      const rssHref = feedHref(`/${encodeURIComponent(username)}/feed.rss`, prefs, deps);
      const profile = await deps.loaders.profile(username);
      if (tab === 'saved') {
        const bm = c.req.query('bookmark');
        const boards = bm ? await deps.loaders.userBoards(username, bm) : profile.boards ?? (await deps.loaders.userBoards(username, null));
        return html(c, renderUserPage({
          ctx, user: profile.user, tab, boards: boards.items,
          nextHref: boards.next ? withQuery(c, { bookmark: boards.next }) : null,
          firstHref: bm ? withQuery(c, { bookmark: null }) : null, showHiddenHref: null, rssHref,
        }), { store: true });
      }
      const page = await loadListPage(c, deps, (bm) => {
        if (tab === 'pins') {
          if (!bm && profile.pins && profile.pins.items.length > 0) return Promise.resolve(profile.pins);
          return deps.loaders.userPins(username, bm);
        }
        return deps.loaders.userCreated(username, profile.user.id ?? '', bm);
      }, prefs);
      return html(c, renderUserPage({
        ctx, user: profile.user, tab, result: page.result, nextHref: page.nextHref, firstHref: page.firstHref,
        showHiddenHref: page.showHiddenHref, rssHref,
      }), { store: page.complete });
    });
  userTab('saved', '');
  userTab('saved', '_saved/');
  userTab('created', '_created/');
  userTab('pins', 'pins/');

  // ---- Boards and sections ----
  async function boardPage(c: Context, section: boolean): Promise<Response> {
    const username = validUsername(c.req.param('user'));
    const slug = validSlug(c.req.param('board'));
    const sectionSlug = section ? validSlug(c.req.param('section')) : null;
    if (!username || !slug || (section && !sectionSlug)) return errorResponse(c, deps, 404);
    const prefs = prefsFor(c, cfg);
    const board: Board = await deps.loaders.board(username, slug);
    let sections: BoardSection[] = [];
    try {
      sections = (await deps.loaders.boardSections(board)).items;
    } catch {
      sections = []; // sections are optional decoration
    }
    const current = sectionSlug ? await deps.loaders.section(username, slug, sectionSlug) : null;
    const page = await loadListPage(
      c, deps,
      (bm) => (current ? deps.loaders.sectionPins(current, bm) : deps.loaders.boardPins(board, bm)),
      prefs,
    );
    return html(c, renderBoardPage({
      ctx: viewContext(deps, prefs), board, sections, section: current, result: page.result,
      nextHref: page.nextHref, firstHref: page.firstHref, showHiddenHref: page.showHiddenHref,
      rssHref: current ? null : feedHref(`/${encodeURIComponent(username)}/${encodeURIComponent(slug)}.rss`, prefs, deps),
    }), { store: page.complete });
  }
  app.get('/:user/:board/', (c) => boardPage(c, false));
  app.get('/:user/:board/:section/', (c) => boardPage(c, true));

  // pinterest.com paths without the trailing slash land on the slashed form. The Location is built
  // from the validated, re-encoded names: c.req.path is percent-decoded, and a decoded %00 or CRLF
  // in a header value made the redirect throw (500).
  app.get('/:user', (c) => {
    const username = validUsername(c.req.param('user'));
    return username ? c.redirect(`/${encodeURIComponent(username)}/`, 301) : errorResponse(c, deps, 404);
  });
  app.get('/:user/:board', (c) => {
    const p = c.req.param('board');
    if (p.endsWith('.rss')) return errorResponse(c, deps, 404);
    const username = validUsername(c.req.param('user'));
    const slug = validSlug(p);
    return username && slug ? c.redirect(`/${encodeURIComponent(username)}/${encodeURIComponent(slug)}/`, 301) : errorResponse(c, deps, 404);
  });

  return app;
}
