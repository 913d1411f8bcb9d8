// What the browser test watches on a page: every request it makes, console messages about the
// Content Security Policy, and whether every <img> really decoded (lazy ones switched to eager).
import type { ConsoleMessage, Page } from 'playwright-core';

export interface PageWatch {
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Console errors and warnings that mention the Content Security Policy. */
  cspMessages: string[];
  /** All console errors and uncaught page errors (for the report). */
  errors: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { requests: [], cspMessages: [], errors: [] };
  page.on('request', (req) => watch.requests.push(req.url()));
  page.on('console', (msg: ConsoleMessage) => {
    const type = msg.type();
    if (type !== 'error' && type !== 'warning') return;
    const text = msg.text();
    if (/content security policy/i.test(text)) watch.cspMessages.push(text);
    if (type === 'error') watch.errors.push(text);
  });
  page.on('pageerror', (err) => watch.errors.push(`pageerror: ${err.message}`));
  return watch;
}

/** Requests that left the given origin (data: and blob: URLs count as local: they make no request). */
export function foreignRequests(requests: readonly string[], origin: string): string[] {
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    try {
      return new URL(u).origin !== origin;
    } catch {
      return true;
    }
  });
}

export interface ImageState {
  src: string;
  complete: boolean;
  naturalWidth: number;
}

/**
 * Loads every lazy image now (as scrolling through the page would, without the scrolling's waits),
 * then waits until every <img> has settled: loaded and decoded, or failed.
 */
export async function settleImages(page: Page, timeoutMs = 15_000): Promise<ImageState[]> {
  await page.evaluate(() => {
    for (const img of Array.from(document.images)) if (img.loading === 'lazy') img.loading = 'eager';
  });
  await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete), undefined, { timeout: timeoutMs });
  return page.evaluate(() =>
    Array.from(document.images).map((img) => ({ src: img.currentSrc || img.src, complete: img.complete, naturalWidth: img.naturalWidth })),
  );
}
