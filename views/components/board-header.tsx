// A board's header: name, owner, description, counts, and its sections as plain links.
import type { Board, BoardSection } from '../../src/domain/types.js';
import { cleanText, DEFAULT_AVATAR, encodeSegment, formatCount, safeLocalPath, safeMediaPath, userPath } from '../safe.js';
import { MultilineText } from './multiline-text.js';

export interface BoardHeaderProps {
  board: Board;
  sections: BoardSection[];
  /** The section being shown, or null for the whole board. */
  section: BoardSection | null;
}

/** `/user/board/` + encoded section slug + `/`. */
export function sectionPath(boardPath: string, slug: string): string | null {
  const base = safeLocalPath(boardPath);
  if (!base) return null;
  return `${base.endsWith('/') ? base : `${base}/`}${encodeSegment(slug)}/`;
}

export function BoardHeader({ board, sections, section }: BoardHeaderProps) {
  const boardHref = safeLocalPath(board.path);
  const pins = formatCount(section ? section.pinCount : board.pinCount);
  const followers = formatCount(board.followerCount);
  const stats = [pins ? `${pins} pins` : null, followers ? `${followers} followers` : null].filter(Boolean).join(' · ');
  return (
    <header class="board-header">
      {section ? (
        <p class="crumbs">
          {boardHref ? <a href={boardHref} dir="auto">{cleanText(board.name)}</a> : cleanText(board.name)}
        </p>
      ) : null}
      <h1 dir="auto">{cleanText(section ? section.title : board.name)}</h1>
      {board.owner ? (
        <p class="board-header__owner">
          <img class="avatar" src={safeMediaPath(board.owner.avatar) ?? DEFAULT_AVATAR} alt="" width={32} height={32} />
          <a href={userPath(board.owner.username)} dir="auto">{cleanText(board.owner.fullName) || cleanText(board.owner.username)}</a>
        </p>
      ) : null}
      {!section && board.description ? <p class="board-header__about" dir="auto"><MultilineText text={board.description} /></p> : null}
      {stats ? <p class="board-header__stats">{stats}</p> : null}
      {sections.length > 0 ? (
        <nav class="sections" aria-label="Sections">
          <ul>
            {sections.map((s) => {
              const href = sectionPath(board.path, s.slug);
              const current = section?.id === s.id;
              const count = formatCount(s.pinCount);
              return (
                <li>
                  {href ? (
                    <a href={href} class={current ? 'is-current' : undefined} aria-current={current ? 'page' : undefined} dir="auto">
                      {cleanText(s.title)}
                    </a>
                  ) : cleanText(s.title)}
                  {count ? <span class="count"> {count}</span> : null}
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
