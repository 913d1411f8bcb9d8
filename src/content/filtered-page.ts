// The shared list pipeline for pages and feeds: fetch a page of pins, score the images that will
// be shown, apply the visitor's filter, and top up from further upstream pages (bounded in count
// and time) when filtering leaves the page too empty.
import type { AiVerdict, Page, Pin } from '../domain/types.js';
import { verdictsForPins } from './pin-verdicts.js';
import type { PinScorer, Sensitivity } from '../ai/types.js';
import type { AiMode, FilterResult, HideReason, Prefs } from '../policy/types.js';
import { applyPolicy } from '../policy/filter.js';

export interface FilteredPage {
  result: FilterResult;
  /** Bookmark for the next page after everything consumed here, or null at the end. */
  next: string | null;
  upstreamPages: number;
}

export interface FilteredPageOptions {
  scorer: PinScorer;
  prefs: Prefs;
  showHidden: boolean;
  hideUnscored: boolean;
  /** The admin's forced minimum AI mode (see PolicyOptions.minAi). */
  minAi?: AiMode;
  budgetMs: number;
  /** Further upstream pages allowed when the filter empties a page. */
  maxExtraPages: number;
  maxExtraMs: number;
  /** Aim for at least this many shown pins before stopping the top-up. */
  minShown: number;
  now?: () => number;
  /** Called before each upstream page and each scoring; throws to stop (the visitor went away). */
  checkpoint?: () => void;
}

export async function loadFilteredPage(
  fetchPage: (bookmark: string | null) => Promise<Page<Pin>>,
  bookmark: string | null,
  opts: FilteredPageOptions,
): Promise<FilteredPage> {
  const now = opts.now ?? Date.now;
  const started = now();
  const checkpoint = opts.checkpoint ?? (() => {});
  checkpoint();
  let page = await fetchPage(bookmark);
  let upstreamPages = 1;
  let merged = await scoreAndFilter(page.items, opts, opts.prefs.sensitivity);
  const seen = new Set(page.items.map((p) => p.id));

  while (
    merged.shown.length < opts.minShown &&
    page.next &&
    upstreamPages <= opts.maxExtraPages &&
    now() - started < opts.maxExtraMs
  ) {
    const cursor: string = page.next;
    checkpoint();
    try {
      page = await fetchPage(cursor);
    } catch {
      // A failed top-up must not lose the page we already have; continue from the cursor next time.
      page = { items: [], next: cursor };
      break;
    }
    upstreamPages += 1;
    const fresh = page.items.filter((p) => !seen.has(p.id));
    fresh.forEach((p) => seen.add(p.id));
    merged = mergeResults(merged, await scoreAndFilter(fresh, opts, opts.prefs.sensitivity));
  }
  return { result: merged, next: page.next, upstreamPages };
}

async function scoreAndFilter(pins: Pin[], opts: FilteredPageOptions, sensitivity: Sensitivity): Promise<FilterResult> {
  opts.checkpoint?.();
  // Scored even in mode 'off': the markup always carries the verdict, and the cache keeps it cheap.
  // Every image of each pin counts (carousels, Idea pins), by the same rule as the pin's own page.
  const verdicts: Map<string, AiVerdict> = await verdictsForPins(opts.scorer, pins, { budgetMs: opts.budgetMs, sensitivity, context: opts.prefs.context });
  return applyPolicy(pins, verdicts, opts.prefs, { showHidden: opts.showHidden, hideUnscored: opts.hideUnscored, minAi: opts.minAi });
}

function mergeResults(a: FilterResult, b: FilterResult): FilterResult {
  const byReason: Partial<Record<HideReason, number>> = { ...a.hiddenByReason };
  for (const [reason, n] of Object.entries(b.hiddenByReason) as [HideReason, number][]) {
    byReason[reason] = (byReason[reason] ?? 0) + n;
  }
  const revealable = (a.revealable ?? a.hiddenCount) + (b.revealable ?? b.hiddenCount);
  return { shown: [...a.shown, ...b.shown], hiddenCount: a.hiddenCount + b.hiddenCount, revealable, hiddenByReason: byReason };
}
