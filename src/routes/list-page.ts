// What every grid page and feed shares: the visitor's settings, the filtered page of pins
// (scored on the variant the grid displays), and the links that page needs.
import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { Page, Pin } from '../domain/types.js';
import type { FilterResult, Prefs } from '../policy/types.js';
import { loadFilteredPage, type FilteredPage } from '../content/filtered-page.js';
import { bookmarkParam, prefsFor, throwIfAbandoned, withQuery } from '../web/request-context.js';
import type { ViewContext } from '../../views/context.js';

/** Pins per grid page the top-up aims for (Pinterest sends about 25). */
const MIN_SHOWN = 15;

export function viewContext(deps: Deps, prefs: Prefs): ViewContext {
  return { instanceName: deps.config.server.instanceName, prefs };
}

export function showHiddenRequested(c: Context): boolean {
  return c.req.query('show') === 'hidden';
}

/** How many hidden pins "show them" would reveal (the forced minimum mode keeps some hidden). */
export function revealableCount(result: FilterResult): number {
  return result.revealable ?? result.hiddenCount;
}

export interface ListPage extends FilteredPage {
  prefs: Prefs;
  nextHref: string | null;
  firstHref: string | null;
  showHiddenHref: string | null;
  /** On the view that shows hidden pins (`?show=hidden`): this page without it. */
  hideAgainHref: string | null;
  /** Every shown pin has its final verdict (none waits for the model): the page may be cached. */
  complete: boolean;
}

export async function loadListPage(
  c: Context,
  deps: Deps,
  fetchPage: (bookmark: string | null) => Promise<Page<Pin>>,
  prefs: Prefs = prefsFor(c, deps.config),
): Promise<ListPage> {
  const bookmark = bookmarkParam(c);
  const showHidden = showHiddenRequested(c);
  const filtered = await loadFilteredPage(fetchPage, bookmark, {
    scorer: deps.scorer,
    prefs,
    showHidden,
    hideUnscored: deps.config.defaults.minAi === 'hide',
    minAi: deps.config.defaults.minAi,
    budgetMs: deps.config.scoring.budgetMs,
    maxExtraPages: deps.config.pages.topupPages,
    maxExtraMs: deps.config.pages.topupMs,
    minShown: MIN_SHOWN,
    // A visitor who closed the connection gets no further upstream pages or scoring.
    checkpoint: () => throwIfAbandoned(c),
  });
  throwIfAbandoned(c);
  deps.metrics.pinsHidden(filtered.result.hiddenByReason);
  return {
    ...filtered,
    prefs,
    nextHref: filtered.next ? withQuery(c, { bookmark: filtered.next }) : null,
    firstHref: bookmark ? withQuery(c, { bookmark: null }) : null,
    showHiddenHref: revealableCount(filtered.result) > 0 && !showHidden ? withQuery(c, { show: 'hidden' }) : null,
    hideAgainHref: showHidden ? withQuery(c, { show: null }) : null,
    complete: filtered.result.shown.every((s) => s.verdict.verdict !== 'unscored'),
  };
}
