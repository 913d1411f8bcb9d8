// Prints the README's configuration table from describeConfig(), so the docs cannot drift from
// the code: `npx tsx tools/config-table.ts`.
import { describeConfig } from '../src/config.js';

const rows = describeConfig().map((v) => `| \`${v.name}\` | ${v.default ? `\`${v.default}\`` : 'unset'} | ${v.meaning.replace(/\|/g, '\\|')} |`);
console.log(['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n'));
