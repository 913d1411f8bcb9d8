// One pin in a grid: one link to the local pin page holding its picture (sized by width/height
// attributes, no inline style), title and AI badge, so the card is a single tab stop whose name
// is read once. The card spans as many grid tracks as its picture needs (views/grid-layout.ts).
import type { ShownPin, Prefs } from '../../src/policy/types.js';
import { boxFor, coverImage, GRID_COLUMN_PX, GRID_MAX_WIDTH, gridImage, srcsetOf } from '../images.js';
import { cardSpan, gridSizes } from '../grid-layout.js';
import { cleanText, pinPath } from '../safe.js';
import { AiBadge } from './ai-badge.js';
import { badgeWord } from '../ai-explain.js';
import { pinDataAttrs } from './pin-attrs.js';

export interface PinCardProps {
  shown: ShownPin;
  prefs: Pick<Prefs, 'badge' | 'size'>;
  /** Load eagerly (the first few cards above the fold); the rest are lazy. */
  eager?: boolean;
}

/**
 * The picture's alt text. The title is already inside the same link, so an alt that only repeats
 * it is left empty (read once); a pin with neither alt text nor title still gets a name.
 */
function cardImageAlt(altText: string, title: string, blurWord: string | null): string {
  const own = altText && altText !== title ? altText : '';
  const base = own || (title ? '' : 'Pin without a title');
  return blurWord ? `Blurred (${blurWord}).${base ? ` ${base}` : ''}` : base;
}

export function PinCard({ shown, prefs, eager = false }: PinCardProps) {
  const { pin, verdict, treatment } = shown;
  const href = pinPath(pin.id);
  const column = GRID_COLUMN_PX[prefs.size] ?? GRID_COLUMN_PX.medium;
  const set = coverImage(pin);
  const img = gridImage(set, prefs.size);
  const title = cleanText(pin.title);
  const alt = cleanText(pin.altText || pin.title);
  const blurred = treatment === 'blur';
  const blurWord = blurred ? badgeWord(verdict, 'blur') ?? 'Maybe AI' : null;
  const badge = AiBadge({ verdict, treatment, showScore: prefs.badge });
  const meta = title ? 'title' : badge ? 'badge' : 'none';
  const box = boxFor(img);
  const span = img ? cardSpan(box.width, box.height, meta) : cardSpan(2, 1, meta);
  return (
    <article class={`pin-card pin-card--${treatment} rs-${span}`} {...pinDataAttrs(pin.id, verdict)}>
      <a class="pin-card__link" href={href}>
        <span class={blurred ? 'pin-card__media pin-card__media--blurred' : 'pin-card__media'}>
          {img ? (
            <img
              class={blurred ? 'pin-card__img is-blurred' : 'pin-card__img'}
              src={img.path}
              srcset={srcsetOf(set, GRID_MAX_WIDTH)}
              sizes={gridSizes(prefs.size)}
              alt={cardImageAlt(alt, title, blurWord)}
              {...box}
              loading={eager ? 'eager' : 'lazy'}
              decoding="async"
            />
          ) : (
            <span class="pin-card__noimg">{alt || 'No image'}</span>
          )}
          {blurred ? <span class="blur-overlay" aria-hidden="true">{blurWord} · open to view</span> : null}
          {pin.video ? <span class="video-mark">Video</span> : null}
        </span>
        {meta !== 'none' ? (
          <span class="pin-card__meta">
            {title ? <span class="pin-card__title" dir="auto">{title}</span> : null}
            {badge}
          </span>
        ) : null}
      </a>
    </article>
  );
}
