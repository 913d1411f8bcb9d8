// Code comments cite docs/pinterest-protocol.md by section (§N or §N.M); every cited section must
// exist there, and nothing may cite the research notes that live outside the repository.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/pinterest-protocol.md'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|tsx|md)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const sources = ['src', 'views', 'demo', 'test'].flatMap((d) => files(join(ROOT, d)));

/** Sections the doc defines: "## §2 ..." gives 2, "### §4.1 ..." gives 4.1, and "1." items of §0 give 0.1 .. */
function definedSections(): Set<string> {
  const out = new Set<string>();
  let current: string | null = null;
  for (const line of DOC.split('\n')) {
    const h = /^#{2,3} §(\d+(?:\.\d+)?)\b/.exec(line);
    if (h) out.add((current = h[1]!));
    const item = /^(\d+)\. /.exec(line);
    if (item && current === '0') out.add(`0.${item[1]}`);
  }
  return out;
}

describe('docs/pinterest-protocol.md citations', () => {
  const cites = sources.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/pinterest-protocol\.md,? (§[\d.§, ]+)/g)].flatMap((m) =>
      [...m[1]!.matchAll(/§(\d+(?:\.\d+)?)/g)].map((s) => ({ file: relative(ROOT, f), section: s[1]! })),
    ),
  );

  it('finds citations (the check below has something to check)', () => {
    expect(cites.length).toBeGreaterThan(15);
  });

  it('every cited section exists in the document', () => {
    const defined = definedSections();
    expect(cites.filter((c) => !defined.has(c.section))).toEqual([]);
  });

  it('no comment cites the out-of-repository "protocol notes"', () => {
    const stale = sources
      .filter((f) => f !== fileURLToPath(import.meta.url))
      .filter((f) => /protocol notes|\bnotes sections? \d/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(stale).toEqual([]);
  });
});

describe('docs/ai-signals.md citations', () => {
  const doc = readFileSync(join(ROOT, 'docs/ai-signals.md'), 'utf8');
  const defined = new Set([...doc.matchAll(/^## §(\d+)\b/gm)].map((m) => m[1]!));
  const cites = sources.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/ai-signals\.md §(\d+)/g)].map((m) => ({ file: relative(ROOT, f), section: m[1]! })),
  );

  it('every cited section exists, and no comment cites the out-of-repository "research notes"', () => {
    expect(cites.length).toBeGreaterThan(2);
    expect(cites.filter((c) => !defined.has(c.section))).toEqual([]);
    const stale = sources
      .filter((f) => f !== fileURLToPath(import.meta.url))
      .filter((f) => /research notes/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(stale).toEqual([]);
  });
});
