// /USER/BOARD/ and /USER/BOARD/SECTION/: board header with its sections, then the pins grid.
import type { Board, BoardSection } from '../../src/domain/types.js';
import type { FilterResult } from '../../src/policy/types.js';
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { BoardHeader } from '../components/board-header.js';
import { Pager } from '../components/pager.js';
import { PinGrid } from '../components/pin-grid.js';
import { ShareLinks, ShareMeta, type ShareInfo } from '../components/share.js';

export interface BoardPageProps {
  ctx: ViewContext;
  board: Board;
  /** The board's sections (empty when it has none). */
  sections: BoardSection[];
  /** The section shown, or null for the whole board. */
  section: BoardSection | null;
  result: FilterResult;
  nextHref: string | null;
  firstHref?: string | null;
  showHiddenHref: string | null;
  /** On the view that shows hidden pins: this page with the settings applied again. */
  hideAgainHref?: string | null;
  /** Local URL of the board's feed, e.g. `/user/board.rss`. */
  rssHref?: string | null;
  /** Link-preview tags, canonical address and "View on Pinterest"; none when not given. */
  share?: ShareInfo | null;
}

export function renderBoardPage(p: BoardPageProps): string {
  const title = p.section ? `${p.section.title} – ${p.board.name}` : p.board.name;
  return toHtml(
    <Layout ctx={p.ctx} title={title} hiddenCount={p.result.hiddenCount} rssHref={p.rssHref} mainClass="page-board" head={p.share ? <ShareMeta share={p.share} /> : null}>
      <BoardHeader board={p.board} sections={p.sections} section={p.section} />
      {p.share ? <ShareLinks share={p.share} what={p.section ? 'section' : 'board'} /> : null}
      <PinGrid result={p.result} prefs={p.ctx.prefs} showHiddenHref={p.showHiddenHref} hideAgainHref={p.hideAgainHref ?? null} label="Pins on this board" emptyText="This board has no pins." />
      <Pager nextHref={p.nextHref} firstHref={p.firstHref} listed={p.result.shown.length + p.result.hiddenCount > 0} />
    </Layout>,
  );
}
