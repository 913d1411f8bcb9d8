// One pin in a grid: its picture (sized by width/height attributes, no inline style), title and
// AI badge, linking to the local pin page. A blurred pin links through to its page as well.
import type { ShownPin, Prefs } from '../../src/policy/types.js';
import { boxFor, coverImage, GRID_COLUMN_PX, GRID_MAX_WIDTH, gridImage, srcsetOf } from '../images.js';
import { cleanText, pinPath } from '../safe.js';
import { AiBadge } from './ai-badge.js';
import { pinDataAttrs } from './pin-attrs.js';

export interface PinCardProps {
  shown: ShownPin;
  prefs: Pick<Prefs, 'badge' | 'size'>;
  /** Load eagerly (the first few cards above the fold); the rest are lazy. */
  eager?: boolean;
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
  return (
    <article class={`pin-card pin-card--${treatment}`} {...pinDataAttrs(pin.id, verdict)}>
      <a class={blurred ? 'pin-card__media pin-card__media--blurred' : 'pin-card__media'} href={href}>
        {img ? (
          <img
            class={blurred ? 'pin-card__img is-blurred' : 'pin-card__img'}
            src={img.path}
            srcset={srcsetOf(set, GRID_MAX_WIDTH)}
            sizes={`(max-width: 520px) 50vw, ${column + 80}px`}
            alt={blurred ? `Blurred: possibly AI-generated. ${alt}` : alt}
            {...boxFor(img)}
            loading={eager ? 'eager' : 'lazy'}
            decoding="async"
          />
        ) : (
          <span class="pin-card__noimg">{alt || 'No image'}</span>
        )}
        {blurred ? <span class="blur-overlay">Possibly AI · open to view</span> : null}
        {pin.video ? <span class="video-mark">Video</span> : null}
      </a>
      {title || treatment !== 'plain' || prefs.badge ? (
        <div class="pin-card__meta">
          {title ? <a class="pin-card__title" href={href} dir="auto">{title}</a> : null}
          <AiBadge verdict={verdict} treatment={treatment} showScore={prefs.badge} />
        </div>
      ) : null}
    </article>
  );
}
