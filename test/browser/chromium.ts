// Finds and launches the system Chromium (Debian's /usr/bin/chromium) for the browser test, headless
// and quiet: no sync, no component updates, no background networking, a fresh throw-away profile.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's package puts it (the CI script installs it with apt-get). */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string | null {
  return candidates.find((p) => existsSync(p)) ?? null;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  // headless: true makes playwright pass Chromium's own headless switch; launch() also gives the
  // browser a fresh temporary profile (it refuses --user-data-dir) and deletes it on close.
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
