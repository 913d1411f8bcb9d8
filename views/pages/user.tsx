// /USER/ (boards), /USER/_saved/, /USER/_created/, /USER/pins/: profile header, tabs, and either
// the boards grid or a pins grid.
import type { Board, User } from '../../src/domain/types.js';
import type { FilterResult } from '../../src/policy/types.js';
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { BoardGrid } from '../components/board-grid.js';
import { Pager } from '../components/pager.js';
import { ShareLinks, ShareMeta, type ShareInfo } from '../components/share.js';
import { PinGrid } from '../components/pin-grid.js';
import { UserHeader, type UserTab } from '../components/user-header.js';
import { cleanText } from '../safe.js';

export type { UserTab };

export interface UserPageProps {
  ctx: ViewContext;
  user: User;
  /** 'saved' for `/USER/` and `/USER/_saved/` (boards), 'created' and 'pins' show pins. */
  tab: UserTab;
  /** The boards, for tab 'saved'. */
  boards?: Board[] | null;
  /** The pins, for tabs 'created' and 'pins'. */
  result?: FilterResult | null;
  nextHref: string | null;
  firstHref?: string | null;
  showHiddenHref: string | null;
  /** On the view that shows hidden pins: this page with the settings applied again. */
  hideAgainHref?: string | null;
  /** Local URL of the user's feed, `/USER/feed.rss`. */
  rssHref?: string | null;
  /** Link-preview tags, canonical address and "View on Pinterest"; none when not given. */
  share?: ShareInfo | null;
}

const TAB_TITLES: Record<UserTab, string> = { saved: 'Boards', created: 'Created', pins: 'Pins' };

export function renderUserPage(p: UserPageProps): string {
  const name = cleanText(p.user.fullName) || cleanText(p.user.username);
  const hidden = p.tab === 'saved' ? 0 : (p.result?.hiddenCount ?? 0);
  return toHtml(
    <Layout ctx={p.ctx} title={`${name} (@${cleanText(p.user.username)}) – ${TAB_TITLES[p.tab]}`} hiddenCount={hidden} rssHref={p.rssHref} mainClass="page-user" head={p.share ? <ShareMeta share={p.share} /> : null}>
      <UserHeader user={p.user} tab={p.tab} />
      {p.share ? <ShareLinks share={p.share} what="profile" /> : null}
      {p.tab === 'saved' ? (
        <section aria-label="Boards">
          <BoardGrid boards={p.boards ?? []} />
        </section>
      ) : (
        <PinGrid
          result={p.result ?? { shown: [], hiddenCount: 0, hiddenByReason: {} }}
          prefs={p.ctx.prefs}
          showHiddenHref={p.showHiddenHref}
          hideAgainHref={p.hideAgainHref ?? null}
          label={TAB_TITLES[p.tab]}
          emptyText="No public pins here."
        />
      )}
      <Pager nextHref={p.nextHref} firstHref={p.firstHref} listed={p.tab === 'saved' ? (p.boards?.length ?? 0) > 0 : (p.result?.shown.length ?? 0) + (p.result?.hiddenCount ?? 0) > 0} />
    </Layout>,
  );
}
