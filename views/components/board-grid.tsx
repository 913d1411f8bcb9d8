// A profile's boards as a grid of cover images with name and pin count, each linking locally.
import type { Board } from '../../src/domain/types.js';
import { boxFor, pickVariant, srcsetOf } from '../images.js';
import { cleanText, formatCount, safeLocalPath } from '../safe.js';

export interface BoardGridProps {
  boards: Board[];
}

export function BoardGrid({ boards }: BoardGridProps) {
  if (boards.length === 0) return <p class="empty">No public boards.</p>;
  return (
    <ul class="board-grid">
      {boards.map((b) => {
        const href = safeLocalPath(b.path);
        const cover = pickVariant(b.cover, 236, 736);
        const count = formatCount(b.pinCount);
        const inner = (
          <>
            {cover ? (
              <img class="board-card__cover" src={cover.path} srcset={srcsetOf(b.cover, 736)} sizes="(max-width: 480px) calc(50vw - 24px), 240px" alt="" {...boxFor(cover)} loading="lazy" decoding="async" />
            ) : (
              <span class="board-card__cover board-card__cover--empty" />
            )}
            <span class="board-card__name" dir="auto">{cleanText(b.name)}</span>
            {count ? <span class="board-card__count">{count} pins</span> : null}
          </>
        );
        return <li class="board-card">{href ? <a href={href}>{inner}</a> : inner}</li>;
      })}
    </ul>
  );
}
