// Says how many pins the visitor's settings hid on this page and why, with a plain link that shows
// them. Redlib's lesson: "nothing here" and "all hidden by your filter" must read differently.
import type { HideReason } from '../../src/policy/types.js';
import { formatCount, safeLocalPath } from '../safe.js';

export interface HiddenNoticeProps {
  hiddenCount: number;
  hiddenByReason: Partial<Record<HideReason, number>>;
  /** Local URL of this page with the filter relaxed; null to offer no link. */
  showHiddenHref: string | null;
  /**
   * Set on the "show them" view (hidden pins shown): this page with the filter back on. The notice
   * then says what is shown that the settings would hide, and links back.
   */
  hideAgainHref?: string | null;
}

function n(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}

/** "12 AI images, 2 muted" from the counts by reason (pure; exported for tests and feeds). */
function describeHidden(hiddenCount: number, byReason: Partial<Record<HideReason, number>>): string {
  const ai = n(byReason.ai);
  const unscored = n(byReason.unscored);
  const muted = n(byReason['muted-word']) + n(byReason['muted-pinner']) + n(byReason['muted-board']) + n(byReason['muted-domain']);
  const promoted = n(byReason.promoted);
  const parts: string[] = [];
  const fmt = (x: number) => formatCount(x) ?? String(x);
  if (ai) parts.push(`${fmt(ai)} AI ${ai === 1 ? 'image' : 'images'}`);
  if (unscored) parts.push(`${fmt(unscored)} not yet checked`);
  if (muted) parts.push(`${fmt(muted)} muted`);
  if (promoted) parts.push(`${fmt(promoted)} promoted`);
  const other = n(hiddenCount) - (ai + unscored + muted + promoted);
  if (other > 0) parts.push(`${fmt(other)} other`);
  return parts.join(', ');
}

/** What the settings would hide, as counts by reason (promoted pins are never shown, so left out). */
function revealedCount(byReason: Partial<Record<HideReason, number>>): { total: number; byReason: Partial<Record<HideReason, number>> } {
  const { promoted: _promoted, ...rest } = byReason;
  const total = Object.values(rest).reduce<number>((a, b) => a + n(b), 0);
  return { total, byReason: rest };
}

export function HiddenNotice({ hiddenCount, hiddenByReason, showHiddenHref, hideAgainHref }: HiddenNoticeProps) {
  const back = safeLocalPath(hideAgainHref ?? null);
  if (back) {
    const revealed = revealedCount(hiddenByReason);
    return (
      <p class="hidden-notice hidden-notice--revealed" role="status">
        {revealed.total > 0
          ? `Showing what your settings hide: ${describeHidden(revealed.total, revealed.byReason)}.`
          : 'Showing what your settings hide: nothing on this page.'}{' '}
        <a href={back}>Hide them again</a>
      </p>
    );
  }
  if (n(hiddenCount) === 0) return null;
  const href = safeLocalPath(showHiddenHref);
  return (
    <p class="hidden-notice" role="status">
      Hidden on this page: {describeHidden(hiddenCount, hiddenByReason)}.{' '}
      {href ? <a href={href}>Show them</a> : null}
    </p>
  );
}
