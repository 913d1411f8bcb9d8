// Checks the phone-first browser test (phone.test.ts) runs on a loaded page: axe-core's serious
// and critical findings, and the pin grid's geometry (columns, empty columns, reading order).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser bundle, from npm (devDependency). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's violations of impact serious or critical. The bundle is evaluated through the
 * DevTools protocol, which the page's CSP does not govern, so the page keeps its real policy.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export interface GridGeometry {
  /** Columns the grid's template defines. */
  columns: number;
  /** Cards in document order: left and top edge, and the column index they sit in. */
  cards: Array<{ left: number; top: number; column: number }>;
  /** Column indexes holding no card. */
  emptyColumns: number[];
  /** Document-order pairs that break row order (a later card placed above, or left within a row). */
  orderBreaks: string[];
}

/** The geometry of the first `.pin-grid` on the page, or null when the page has none. */
export async function gridGeometry(page: Page): Promise<GridGeometry | null> {
  return page.evaluate(() => {
    const grid = document.querySelector('.pin-grid');
    if (!grid) return null;
    const tracks = getComputedStyle(grid).gridTemplateColumns.split(' ').filter((t) => t.trim() !== '');
    const lefts: number[] = [];
    const gridLeft = grid.getBoundingClientRect().left;
    let x = gridLeft;
    const gap = parseFloat(getComputedStyle(grid).columnGap) || 0;
    // Column edges from the template (justify-content may centre the tracks: use the first card).
    const first = grid.firstElementChild?.getBoundingClientRect().left ?? gridLeft;
    x = first;
    for (const t of tracks) {
      lefts.push(x);
      x += parseFloat(t) + gap;
    }
    const cards = Array.from(grid.children).map((el) => {
      const r = el.getBoundingClientRect();
      let column = 0;
      for (let i = 0; i < lefts.length; i++) if (Math.abs(lefts[i]! - r.left) < 2) column = i;
      return { left: Math.round(r.left), top: Math.round(r.top + window.scrollY), column };
    });
    const used = new Set(cards.map((c) => c.column));
    const emptyColumns = lefts.map((_, i) => i).filter((i) => !used.has(i));
    const orderBreaks: string[] = [];
    for (let i = 1; i < cards.length; i++) {
      const a = cards[i - 1]!;
      const b = cards[i]!;
      if (b.top < a.top - 1) orderBreaks.push(`card ${i + 1} (top ${b.top}) above card ${i} (top ${a.top})`);
      else if (Math.abs(b.top - a.top) <= 1 && b.left <= a.left) orderBreaks.push(`card ${i + 1} left of card ${i} in the same row`);
    }
    return { columns: tracks.length, cards, emptyColumns, orderBreaks };
  });
}
