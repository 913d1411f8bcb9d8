// A page of pins as a row-order CSS grid (see views/grid-layout.ts), with the hidden-pins notice above it and an empty
// state that tells "nothing here" from "everything here was hidden by your settings".
import type { FilterResult, Prefs } from '../../src/policy/types.js';
import { formatCount } from '../safe.js';
import { HiddenNotice } from './hidden-notice.js';
import { PinCard } from './pin-card.js';

export interface PinGridProps {
  result: FilterResult;
  prefs: Pick<Prefs, 'badge' | 'size'>;
  /** Local URL that shows the hidden pins (settings relaxed for this request); null for none. */
  showHiddenHref: string | null;
  /** On the view that shows hidden pins: the same page with the settings applied again. */
  hideAgainHref?: string | null;
  /** What to say when the page had no pins at all. */
  emptyText?: string;
  /** Accessible name of the grid, e.g. "Search results". */
  label?: string;
}

/** A short list caps the column count at its length (`.n-2` .. `.n-11`), so no column stays
 * empty; never below two (a phone's two columns, even for one pin); from 12 pins on no screen has
 * more columns than pins. */
const MAX_COUNT_CLASS = 12;

/** The first cards load eagerly so the top of the page paints at once. */
const EAGER_CARDS = 6;

export function PinGrid({ result, prefs, showHiddenHref, hideAgainHref = null, emptyText = 'No pins here.', label = 'Pins' }: PinGridProps) {
  const hidden = result.hiddenCount > 0 ? result.hiddenCount : 0;
  return (
    <section class="pins" aria-label={label}>
      <HiddenNotice hiddenCount={hidden} hiddenByReason={result.hiddenByReason} showHiddenHref={showHiddenHref} hideAgainHref={hideAgainHref} />
      {result.shown.length > 0 ? (
        <div class={`pin-grid n-${Math.max(2, Math.min(result.shown.length, MAX_COUNT_CLASS))}`}>
          {result.shown.map((s, i) => (
            <PinCard shown={s} prefs={prefs} eager={i < EAGER_CARDS} />
          ))}
        </div>
      ) : (
        <p class="empty">
          {hidden > 0
            ? `All ${formatCount(hidden) ?? hidden} pins on this page were hidden by your settings.`
            : emptyText}
        </p>
      )}
    </section>
  );
}
