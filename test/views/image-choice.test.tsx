// The picture the AI filter scores is the picture the page shows: the routes' scoring choice and
// the views' display choice come from the same functions (views/images.ts).
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { gridVariantPath } from '../../src/routes/list-page.js';
import { PinCard } from '../../views/components/pin-card.js';
import { IMAGE_SIZES } from '../../src/domain/vocabulary.js';
import { pinPageImage } from '../../views/images.js';
import { imageSet, makePin, shown } from './helpers/samples.js';
import type { Prefs } from '../../src/policy/types.js';

describe('scored image = displayed image', () => {
  it('grid cards: the route scores the <img src> the card shows, at every grid size', async () => {
    const pin = makePin();
    const seen = new Set<string>();
    for (const size of IMAGE_SIZES) {
      const prefs = { size, badge: false } as Prefs;
      const html = String(await (<PinCard shown={shown(pin)} prefs={prefs} />));
      const displayed = cheerio.load(html)('img').first().attr('src');
      expect(displayed).toBeTruthy();
      expect(gridVariantPath(prefs)(pin)).toBe(displayed);
      seen.add(displayed!);
    }
    // The sizes really pick different variants (the check compares something).
    expect(seen.size).toBeGreaterThan(1);
  });

  it('the pin page picks 736 px, never the original', () => {
    const set = imageSet(7);
    expect(pinPageImage(set)?.path).toBe(set.variants.find((v) => v.size === '736x')!.path);
  });
});
