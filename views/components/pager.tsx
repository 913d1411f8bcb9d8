// Plain-link pagination (no JavaScript): "next" carries rel="next" so scripts and readers find it;
// the last page says that the results end there, so an empty bottom never looks like a failure.
import { safeLocalPath } from '../safe.js';

export interface PagerProps {
  /** Local URL of the next page, or null at the end. */
  nextHref: string | null;
  /** Local URL of the first page, shown when this is not the first page. */
  firstHref?: string | null;
  /** This page listed something: at the end, say so. */
  listed?: boolean;
}

export function Pager({ nextHref, firstHref, listed = false }: PagerProps) {
  const next = safeLocalPath(nextHref);
  const first = safeLocalPath(firstHref);
  const end = !next && listed;
  if (!next && !first && !end) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {end ? <p class="pager__end">End of results.</p> : null}
      {first ? <a class="pager__first" href={first}>First page</a> : null}
      {next ? <a class="pager__next" rel="next" href={next}>Next page</a> : null}
      {first || end ? <a class="pager__top" href="#main">Back to top</a> : null}
    </nav>
  );
}
