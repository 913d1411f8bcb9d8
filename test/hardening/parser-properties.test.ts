// Property: the parsers' public entry points (src/parse/index.ts) never throw anything but
// UpstreamError, whatever is deleted from or replaced in the project's own fixtures (JSON
// resources, and the JSON embedded in HTML pages), and whatever they return keeps media on local
// paths. The existing test/parse property covers toPin on arbitrary JSON; this one starts from
// realistic shapes, so the mutations reach deep into every parser.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUpstreamError } from '../../src/domain/errors.js';
import { fromLocalMediaPath } from '../../src/media/paths.js';
import * as parse from '../../src/parse/index.js';
import { FakeCatalog, DEFAULT_FIXTURES_DIR } from '../../demo/fake-catalog.js';

type Parser = (input: never) => unknown;

/** Which entry point reads which fixture (by file-name prefix). */
const JSON_PARSERS: Array<[RegExp, Parser]> = [
  [/^board-feed-/, parse.parsePinFeed],
  [/^board-resource-/, parse.parseBoardResource],
  [/^board-section-pins-/, parse.parsePinFeed],
  [/^board-section-(?!pins)/, parse.parseSectionResource],
  [/^board-sections-/, parse.parseSections],
  [/^boards-feed-/, parse.parseBoardsFeed],
  [/^error-404-pin/, parse.parsePinResource],
  [/^pin-resource-/, parse.parsePinResource],
  [/^related-/, parse.parseRelated],
  [/^search-/, parse.parseSearch],
  [/^user-(activity-)?pins-/, parse.parsePinFeed],
  [/^user-resource-/, parse.parseUserResource],
];

const FIXTURES = DEFAULT_FIXTURES_DIR;
const jsonFixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

// ---- mutations ----

type Json = unknown;
type PathStep = string | number;

/** Every path into a JSON value (objects' keys and arrays' indexes), the root excluded. */
function allPaths(value: Json, prefix: PathStep[] = [], out: PathStep[][] = []): PathStep[][] {
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([...prefix, i]); allPaths(v, [...prefix, i], out); });
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push([...prefix, k]); allPaths(v, [...prefix, k], out); }
  return out;
}

type Mutation = { at: number; op: 'delete' | 'replace' | 'wrap' | 'stringify'; value: Json };

function applyMutation(root: Json, paths: PathStep[][], m: Mutation): void {
  const p = paths[m.at % paths.length]!;
  let parent = root as Record<PathStep, Json>;
  for (const step of p.slice(0, -1)) {
    const next = parent?.[step];
    if (!next || typeof next !== 'object') return; // an earlier mutation removed the way
    parent = next as Record<PathStep, Json>;
  }
  const key = p[p.length - 1]!;
  if (!parent || typeof parent !== 'object' || !(key in parent)) return;
  const current = parent[key];
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (m.op === 'replace') parent[key] = m.value;
  else if (m.op === 'wrap') parent[key] = [current];
  else parent[key] = JSON.stringify(current) ?? null;
}

/** Values that trip careless readers: wrong types, huge numbers, lookalike ids, prototype keys. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<Json>(
    null, '', ' ', 0, -1, 1e308, 9007199254740993, '9007199254740993', '-1', 'NaN', true, [], {}, [[[]]],
    JSON.parse('{"__proto__": {"polluted": true}}') as Json, { constructor: { prototype: { polluted: true } } },
    'javascript:alert(1)', 'https://i.pinimg.com/../../etc/passwd', 'https://evil.example/x.jpg', '\uD800', 'x'.repeat(100_000),
  ),
);

const mutations = fc.array(
  fc.record({ at: fc.nat(), op: fc.constantFrom<Mutation['op']>('delete', 'replace', 'replace', 'wrap', 'stringify'), value: nasty }),
  { minLength: 1, maxLength: 6 },
);

/** Fields of the typed model that the views turn into URLs (free text may say anything). */
const URL_FIELDS = new Set(['path', 'avatar', 'mp4', 'hls', 'link', 'website', 'url']);

/** Media paths in a parser's result must be local and on the grammar; no upstream media URL. */
function mediaProblems(value: unknown, where = '$', out: string[] = [], key = ''): string[] {
  if (typeof value === 'string' && URL_FIELDS.has(key)) {
    if ((value.startsWith('/img/') || value.startsWith('/vid/')) && !fromLocalMediaPath(value)) out.push(`${where}: off-grammar media path ${value}`);
    if (/^\s*https?:\/\/[^/]*(pinimg\.com|pinterest\.)/i.test(value)) out.push(`${where}: upstream URL ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => mediaProblems(v, `${where}[${i}]`, out, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) mediaProblems(v, `${where}.${k}`, out, k);
  return out;
}

/** Runs a parser; anything thrown other than UpstreamError fails the property with its stack. */
function mustOnlyThrowUpstreamError(run: () => unknown): void {
  let result: unknown;
  try {
    result = run();
  } catch (e) {
    if (isUpstreamError(e)) return;
    throw new Error(`threw ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack?.split('\n').slice(1, 4).join('\n')}`);
  }
  const problems = mediaProblems(result);
  if (problems.length) throw new Error(problems.slice(0, 3).join('\n'));
  if (({} as Record<string, unknown>)['polluted'] !== undefined) throw new Error('Object.prototype was polluted');
}

describe('JSON parsers under random deletions and replacements (property)', () => {
  it('every fixture has a parser', () => {
    const unmatched = jsonFixtures.filter((f) => !JSON_PARSERS.some(([re]) => re.test(f)));
    expect(unmatched).toEqual([]);
    expect(jsonFixtures.length).toBeGreaterThan(10);
  });

  for (const file of jsonFixtures) {
    const parser = JSON_PARSERS.find(([re]) => re.test(file))?.[1];
    if (!parser) continue;
    it(file, () => {
      const original = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Json;
      const paths = allPaths(original);
      // The unmutated fixture parses (or, for the error fixture, fails typed) - the baseline.
      mustOnlyThrowUpstreamError(() => parser(original as never));
      fc.assert(
        fc.property(mutations, (ms) => {
          const copy = structuredClone(original);
          for (const m of ms) applyMutation(copy, paths, m);
          mustOnlyThrowUpstreamError(() => parser(copy as never));
        }),
        { numRuns: 80 },
      );
    });
  }
});

// ---- HTML pages: mutate the JSON inside their script blocks, and the text around it ----

const SCRIPT_JSON = /(<script[^>]*type="application\/(?:ld\+)?json"[^>]*>)([\s\S]*?)(<\/script>)/g;

function mutateEmbedded(html: string, ms: Mutation[], pick: number): string {
  let n = 0;
  return html.replace(SCRIPT_JSON, (whole, open: string, body: string, close: string) => {
    if (n++ % 2 !== pick % 2) return whole; // mutate some blocks, leave others whole
    let json: Json;
    try {
      json = JSON.parse(body);
    } catch {
      return whole;
    }
    const paths = allPaths(json);
    if (paths.length === 0) return whole;
    for (const m of ms) applyMutation(json, paths, m);
    // As a server would embed it: `<` escaped so no string can close the script element.
    return `${open}${(JSON.stringify(json) ?? 'null').replace(/</g, '\\u003c')}${close}`;
  });
}

const textEdit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 400 }), insert: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('</script>', '<script type="application/json">{', '"', '}', ']', '\\u', '<!--', '{"a":')) });

const htmlPages: Array<[string, () => string, (html: string) => unknown]> = [
  ['pin page fixture', () => readFileSync(path.join(FIXTURES, 'pin-page-9007199254740993.html'), 'utf8'), parse.parsePinPage],
  ['profile page fixture', () => readFileSync(path.join(FIXTURES, 'profile-page-corkboard_demo.html'), 'utf8'), parse.parseUserPage],
  // No board page is recorded in the project's fixtures: the fake Pinterest builds one from them.
  ['board page (from the fake)', () => new FakeCatalog(FIXTURES, null).boardPageHtml('corkboard_demo', 'forest-cabins')!, parse.parseBoardPage],
];

describe('HTML page parsers under mutation (property)', () => {
  for (const [name, load, parser] of htmlPages) {
    it(`${name}: mutated embedded JSON`, () => {
      const html = load();
      expect(html.length).toBeGreaterThan(500);
      mustOnlyThrowUpstreamError(() => parser(html));
      fc.assert(
        fc.property(mutations, fc.nat(), (ms, pick) => {
          mustOnlyThrowUpstreamError(() => parser(mutateEmbedded(html, ms, pick)));
        }),
        { numRuns: 60 },
      );
    });

    it(`${name}: cut and spliced text`, () => {
      const html = load();
      fc.assert(
        fc.property(fc.array(textEdit, { minLength: 1, maxLength: 4 }), (edits) => {
          let text = html;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          mustOnlyThrowUpstreamError(() => parser(text));
        }),
        { numRuns: 60 },
      );
    });
  }
});
