// Profiles (/USER/, _saved, _created, pins), boards and sections (/USER/BOARD/, /USER/BOARD/SECTION/),
// and the unslashed forms pinterest.com also uses. The catch-all /:user paths: mounted last.
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { Board, BoardSection } from '../domain/types.js';
import { errorResponse } from '../web/errors.js';
import { bookmarkParam, prefsFor, withQuery } from '../web/request-context.js';
import { loadListPage, viewContext } from './list-page.js';
import { validSlug, validUsername } from './names.js';
import { renderUserPage, type UserTab } from '../../views/pages/user.js';
import { renderBoardPage } from '../../views/pages/board.js';
import { shareInfo } from './share-info.js';
import { sectionPath } from '../../views/components/board-header.js';
import { html, feedHref } from './page-response.js';

export function profileAndBoardRoutes(deps: Deps): Hono {
  const app = new Hono();
  const cfg = deps.config;

  // ---- Profiles ----
  const userTab = (tab: UserTab, segment: string) =>
    app.get(`/:user/${segment}`, async (c) => {
      const username = validUsername(c.req.param('user'));
      if (!username) return errorResponse(c, deps, 404);
      const prefs = prefsFor(c, cfg);
      const ctx = viewContext(deps, prefs);
      const rssHref = feedHref(`/${encodeURIComponent(username)}/feed.rss`, prefs, deps);
      const profile = await deps.loaders.profile(username);
      const share = shareInfo(c, deps, {
        path: `/${encodeURIComponent(username)}/${segment}`, title: profile.user.fullName || profile.user.username,
        description: profile.user.about, image: profile.user.avatar, type: 'profile',
      });
      if (tab === 'saved') {
        const bm = bookmarkParam(c);
        const boards = bm ? await deps.loaders.userBoards(username, bm) : profile.boards ?? (await deps.loaders.userBoards(username, null));
        return html(c, renderUserPage({
          ctx, user: profile.user, tab, boards: boards.items,
          nextHref: boards.next ? withQuery(c, { bookmark: boards.next }) : null,
          firstHref: bm ? withQuery(c, { bookmark: null }) : null, showHiddenHref: null, rssHref, share,
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
        showHiddenHref: page.showHiddenHref, hideAgainHref: page.hideAgainHref, rssHref, share,
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
      nextHref: page.nextHref, firstHref: page.firstHref, showHiddenHref: page.showHiddenHref, hideAgainHref: page.hideAgainHref,
      rssHref: current ? null : feedHref(`/${encodeURIComponent(username)}/${encodeURIComponent(slug)}.rss`, prefs, deps),
      share: shareInfo(c, deps, {
        path: (current ? sectionPath(board.path, current.slug) : null) ?? board.path,
        title: current ? `${current.title} – ${board.name}` : board.name, description: board.description,
        image: board.cover, type: 'website',
      }),
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
