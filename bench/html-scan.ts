// What reading Pinterest's HTML pages costs: the runtime's linear scanner (extractEmbedded) against
// a full cheerio parse of the same page (extractEmbeddedWithCheerio, the tests' cross-check), on
// the recorded logged-out pages in ../shared (skipped with a notice without them) and the
// committed fixtures. Alternating runs, medians: `npx tsx bench/html-scan.ts [runs]`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractEmbedded, extractEmbeddedWithCheerio } from '../src/parse/embedded.js';
import { PROJECT_ROOT } from '../src/project-root.js';
import { median, ratio, round } from './stats.js';

const runs = Math.max(3, Number(process.argv[2] ?? 21));
const dirs = [join(PROJECT_ROOT, '../shared/fixtures/pinterest'), join(PROJECT_ROOT, 'test/fixtures/pinterest')];
if (!existsSync(dirs[0]!)) console.warn('NOTICE: ../shared is absent: only the committed fixtures are measured');
const pages = dirs
  .filter((d) => existsSync(d))
  .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.html')).map((f) => ({ name: f, html: readFileSync(join(d, f), 'utf8') })));

function timeMs(f: () => unknown): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

console.log('| page | KB | scanner ms (median) | cheerio ms (median) | cheerio / scanner |');
console.log('| --- | --- | --- | --- | --- |');
for (const { name, html } of pages) {
  const scan: number[] = [];
  const full: number[] = [];
  // Warm both paths once, then alternate so machine noise falls on both alike.
  extractEmbedded(html);
  extractEmbeddedWithCheerio(html);
  for (let i = 0; i < runs; i++) {
    scan.push(timeMs(() => extractEmbedded(html)));
    full.push(timeMs(() => extractEmbeddedWithCheerio(html)));
  }
  const s = median(scan);
  const c = median(full);
  console.log(`| ${name} | ${round(html.length / 1024, 0)} | ${round(s, 2)} | ${round(c, 1)} | ${ratio(c, s, 0)} |`);
}
