// Plain-link pagination (no JavaScript): "next" carries rel="next" so scripts and readers find it.
import { safeLocalPath } from '../safe.js';

export interface PagerProps {
  /** Local URL of the next page, or null at the end. */
  nextHref: string | null;
  /** Local URL of the first page, shown when this is not the first page. */
  firstHref?: string | null;
}

export function Pager({ nextHref, firstHref }: PagerProps) {
  const next = safeLocalPath(nextHref);
  const first = safeLocalPath(firstHref);
  if (!next && !first) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {first ? <a class="pager__first" href={first}>First page</a> : null}
      {next ? <a class="pager__next" rel="next" href={next}>Next page</a> : null}
    </nav>
  );
}
