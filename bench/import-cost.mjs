// Start-up cost of the server's code: time from process start until the modules src/main.ts
// imports (config, deps, app) are loaded, and the RSS at that point. Run it both ways:
//   node bench/import-cost.mjs dist/src        (compiled, what `npm start` runs)
//   node --import tsx bench/import-cost.mjs src (TypeScript through tsx, as `npm start` ran before)
// Plain .mjs so the same file runs under node and tsx. Prints one JSON line.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'dist/src');
const ext = dir.split(/[\\/]/).includes('dist') ? '.js' : '.ts';
for (const name of ['config', 'deps', 'app']) {
  await import(pathToFileURL(resolve(dir, name + ext)).href);
}
const ms = performance.now(); // milliseconds since the process started (performance.timeOrigin)
const rssMiB = process.memoryUsage().rss / 2 ** 20;
console.log(JSON.stringify({ dir: process.argv[2] ?? 'dist/src', importMs: Math.round(ms), rssMiB: Math.round(rssMiB) }));
