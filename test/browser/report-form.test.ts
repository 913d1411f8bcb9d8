// The report forms in a real browser: Chromium posts them with `Origin: null` (our pages send
// Referrer-Policy: no-referrer) and Sec-Fetch-Site: same-origin; the first report sets the
// SameSite=Strict cookie and takes one confirming click; the reporter's page then follows it. A
// post from another origin, made by the browser itself with that cookie present, is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_KNOWN } from '../../demo/fake-pinterest.js';
import { findChromium, launchChromium } from './chromium.js';
import { startHttpInstance, type HttpInstance } from './http-instance.js';

const chromiumPath = findChromium();
if (!chromiumPath && process.env.CI) throw new Error('Chromium not found at /usr/bin/chromium');
if (!chromiumPath) console.warn('skipping the report-form browser test: no Chromium at /usr/bin/chromium');

describe.skipIf(!chromiumPath)('report forms in headless Chromium', () => {
  let server: HttpInstance;
  let browser: Browser;
  let foreign: Server;
  let foreignOrigin = '';

  beforeAll(async () => {
    server = await startHttpInstance({ model: null });
    browser = await launchChromium(chromiumPath!);
    // Another site (another loopback port) whose page auto-posts a report to the instance.
    foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<form id="f" method="post" action="${server.origin}/pin/${FAKE_KNOWN.pins.image}/report">
        <input type="hidden" name="verdict" value="ai"><input type="hidden" name="token" value="guess"></form>
        <script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', ok));
    foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    foreign?.closeAllConnections();
    await new Promise<void>((ok) => (foreign ? foreign.close(() => ok()) : ok()));
    await server?.close();
  });

  it('"This is AI" is taken from the pin page and the reporter sees the pin as AI', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.origin}/pin/${FAKE_KNOWN.pins.image}/?ai=label`);
      await page.getByRole('button', { name: 'This is AI' }).click();
      // The first report: one confirming click (it sets the SameSite=Strict cookie).
      await page.getByRole('heading', { name: 'Confirm your report' }).waitFor();
      expect(server.instance.deps.context.reports.open()).toEqual([]);
      await Promise.all([page.waitForURL(`${server.origin}/pin/${FAKE_KNOWN.pins.image}/`), page.getByRole('button', { name: 'Send the report' }).click()]);
      expect(await page.locator('.pin-report__done').textContent()).toContain('You reported this pin as AI-generated');
      expect(await page.locator(`[data-pin-id="${FAKE_KNOWN.pins.image}"]`).first().getAttribute('data-ai-verdict')).toBe('ai');
      expect(server.instance.deps.context.reports.open().map((r) => r.pinId)).toEqual([FAKE_KNOWN.pins.image]);

      // The same browser, cookies and all, posting from another site's page: refused.
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/report')), page.goto(foreignOrigin)]);
      expect(response.request().headers()['origin']).toBe(foreignOrigin);
      expect(response.status()).toBe(403);
      expect(server.instance.deps.context.reports.open()[0]!.ai).toBe(1);
    } finally {
      await context.close();
    }
  });
});
