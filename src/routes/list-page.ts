// What every grid page and feed shares: the visitor's settings, the filtered page of pins
// (scored on the variant the grid displays), and the links that page needs.
import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { Page, Pin } from '../domain/types.js';
import type { Prefs } from '../policy/types.js';
import { loadFilteredPage, type FilteredPage } from '../content/filtered-page.js';
import { bookmarkParam, prefsFor, withQuery } from '../web/request-context.js';
import { coverImage, gridImage } from '../../views/images.js';
import type { ViewContext } from '../../views/context.js';

/** Pins per grid page the top-up aims for (Pinterest sends about 25). */
const MIN_SHOWN = 15;

export function viewContext(deps: Deps, prefs: Prefs): ViewContext {
  return { instanceName: deps.config.server.instanceName, prefs };
}

/** The local path of the image a grid card displays: the one the AI filter scores. */
export function gridVariantPath(prefs: Prefs): (pin: Pin) => string | null {
  return (pin) => gridImage(coverImage(pin), prefs.size)?.path ?? null;
}

export function showHiddenRequested(c: Context): boolean {
  return c.req.query('show') === 'hidden';
}

export interface ListPage extends FilteredPage {
  prefs: Prefs;
  nextHref: string | null;
  firstHref: string | null;
  showHiddenHref: string | null;
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
    variantPath: gridVariantPath(prefs),
    budgetMs: deps.config.scoring.budgetMs,
    maxExtraPages: deps.config.pages.topupPages,
    maxExtraMs: deps.config.pages.topupMs,
    minShown: MIN_SHOWN,
  });
  deps.metrics.pinsHidden(filtered.result.hiddenByReason);
  return {
    ...filtered,
    prefs,
    nextHref: filtered.next ? withQuery(c, { bookmark: filtered.next }) : null,
    firstHref: bookmark ? withQuery(c, { bookmark: null }) : null,
    showHiddenHref: filtered.result.hiddenCount > 0 && !showHidden ? withQuery(c, { show: 'hidden' }) : null,
    complete: filtered.result.shown.every((s) => s.verdict.verdict !== 'unscored'),
  };
}
