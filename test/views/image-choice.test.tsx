// One fact in one place (views/images.ts): which copy of a picture each page shows, and which copy
// the AI filter scores. Every page scores the same canonical copy, so a picture's cached verdict
// does not depend on which page was visited first (issue 15) and grids, pin pages and feeds agree.
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { PinCard } from '../../views/components/pin-card.js';
import { IMAGE_SIZES } from '../../src/domain/vocabulary.js';
import { gridImage, pinPageImage, scoringImage, SCORING_TARGET_PX } from '../../views/images.js';
import { imageSet, makePin, shown } from './helpers/samples.js';
import type { Prefs } from '../../src/policy/types.js';

describe('displayed and scored copies', () => {
  it('grid cards show gridImage at every grid size, and the sizes pick different copies', async () => {
    const pin = makePin();
    const seen = new Set<string>();
    for (const size of IMAGE_SIZES) {
      const prefs = { size, badge: false } as Prefs;
      const html = String(await (<PinCard shown={shown(pin)} prefs={prefs} />));
      const displayed = cheerio.load(html)('img').first().attr('src');
      expect(displayed).toBe(gridImage(pin.images[0], size)?.path);
      seen.add(displayed!);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('the scored copy is the 236 px one the thresholds were measured at, and the medium grid shows it', () => {
    const set = imageSet(7);
    const scored = scoringImage(set);
    expect(scored?.path).toBe(set.variants.find((v) => v.size === `${SCORING_TARGET_PX}x`)!.path);
    expect(gridImage(set, 'medium')?.path).toBe(scored?.path);
  });

  it('the pin page picks 736 px, never the original', () => {
    const set = imageSet(7);
    expect(pinPageImage(set)?.path).toBe(set.variants.find((v) => v.size === '736x')!.path);
  });
});
