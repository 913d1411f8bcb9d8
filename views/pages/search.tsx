// /search/pins/?q=Q: the results grid, hidden-pins notice and next-page link.
import type { FilterResult } from '../../src/policy/types.js';
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { Pager } from '../components/pager.js';
import { PinGrid } from '../components/pin-grid.js';
import { cleanText } from '../safe.js';

export interface SearchPageProps {
  ctx: ViewContext;
  query: string;
  result: FilterResult;
  /** Local URL of the next page (`rel="next"`), or null at the end. */
  nextHref: string | null;
  /** Local URL of the first page, when this is a later page. */
  firstHref?: string | null;
  /** Local URL of this page with hidden pins shown, or null. */
  showHiddenHref: string | null;
  /** On the view that shows hidden pins: this page with the settings applied again. */
  hideAgainHref?: string | null;
  /** Local URL of the feed, e.g. `/search/pins/feed.rss?q=cats&ai=hide`. */
  rssHref?: string | null;
}

export function renderSearchPage(p: SearchPageProps): string {
  const q = cleanText(p.query);
  return toHtml(
    <Layout ctx={p.ctx} title={q ? `${q} – search` : 'Search'} hiddenCount={p.result.hiddenCount} rssHref={p.rssHref} query={q} mainClass="page-search" noindex>
      <h1 class="page-title">
        {q ? <>Pins for “<span dir="auto">{q}</span>”</> : 'Search pins'}
      </h1>
      <PinGrid result={p.result} prefs={p.ctx.prefs} showHiddenHref={p.showHiddenHref} hideAgainHref={p.hideAgainHref ?? null} label="Search results" emptyText={q ? 'No pins found.' : 'Type something to search for.'} />
      <Pager nextHref={p.nextHref} firstHref={p.firstHref} listed={p.result.shown.length + p.result.hiddenCount > 0} />
    </Layout>,
  );
}
