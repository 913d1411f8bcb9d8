// `npm run lint:dead`: knip's dead-code report (unused files, exports, types, dependencies), held
// against a checked-in baseline of what was already known, so CI fails on NEW dead code only.
// `npm run lint:dead -- --update` rewrites the baseline: do that deliberately, after removing dead
// code (entries disappear) or after deciding an export is meant to stay (entries are added), and
// commit the baseline with the change that explains it.
//
// Entries are "kind<TAB>file<TAB>name", without line numbers, so editing a file does not churn the
// baseline; moving or renaming a file re-reports its known entries as new, on purpose.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline.txt', import.meta.url));
const update = process.argv.includes('--update');

const knip = spawnSync(process.execPath, ['node_modules/knip/bin/knip.js', '--reporter', 'json', '--no-exit-code', '--no-progress'], {
  cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
});
if (knip.status !== 0 || !knip.stdout.trim().startsWith('{')) {
  console.error(`lint:dead: knip did not produce a report (exit ${knip.status})\n${knip.stderr}`);
  process.exit(2);
}

/** One line per reported item; items are {name} objects, or lists of them (duplicates). */
function entries(report) {
  const out = new Set();
  for (const issue of report.issues) {
    for (const [kind, items] of Object.entries(issue)) {
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        const name = Array.isArray(item) ? item.map((i) => i.name).join('|') : (item?.name ?? String(item));
        out.add(`${kind}\t${issue.file}\t${name}`);
      }
    }
  }
  return out;
}

const current = entries(JSON.parse(knip.stdout));
const header = '# Known dead code (knip), accepted as of its last refresh: see tools/dead-code/check.mjs.\n';
if (update) {
  writeFileSync(BASELINE, header + [...current].sort().join('\n') + '\n');
  console.log(`lint:dead: baseline written with ${current.size} entries (${BASELINE.slice(ROOT.length)})`);
  process.exit(0);
}

const known = new Set(
  existsSync(BASELINE) ? readFileSync(BASELINE, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : [],
);
const added = [...current].filter((e) => !known.has(e)).sort();
const gone = [...known].filter((e) => !current.has(e)).sort();

if (gone.length) {
  console.log(`lint:dead: ${gone.length} baseline entr${gone.length === 1 ? 'y is' : 'ies are'} no longer reported (fixed or moved); drop them with \`npm run lint:dead -- --update\`:`);
  for (const e of gone) console.log(`  ${e.replaceAll('\t', '  ')}`);
}
if (added.length) {
  console.error(`lint:dead: ${added.length} new dead-code entr${added.length === 1 ? 'y' : 'ies'} (kind, file, name):`);
  for (const e of added) console.error(`  ${e.replaceAll('\t', '  ')}`);
  console.error('Remove them (or stop exporting what only its own file uses). If one must stay, refresh the baseline\n' +
    'deliberately with `npm run lint:dead -- --update` and commit it with a reason.');
  process.exit(1);
}
console.log(`lint:dead: no new dead code (${current.size} known entries in the baseline)`);
