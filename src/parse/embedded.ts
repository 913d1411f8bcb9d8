// The JSON Pinterest embeds in its server-rendered pages: `__PWS_DATA__`, `__PWS_INITIAL_PROPS__`
// and the `data-relay-response` scripts. Several come after `</html>` (the page is streamed), so
// nothing here is bounded by `</html>` or `</body>`.
import { load } from 'cheerio';
import { badShape } from '../domain/errors.js';

export interface EmbeddedData {
  /** Every `__PWS_DATA__` that parsed (a malformed page can hold several documents). */
  pwsData: unknown[];
  /** Every `__PWS_INITIAL_PROPS__` that parsed, in document order. */
  initialProps: unknown[];
  /** Every `data-relay-response` script that parsed, in document order. */
  relay: unknown[];
}

/** Pages above this size are refused before parsing: real ones are under 1 MB. */
export const MAX_HTML_CHARS = 8 * 1024 * 1024;

/**
 * JSON.parse a script body. The recordings parse as-is; some captures HTML-escape the body
 * (zeeschuimer decodes entities first), so try once more with the common entities decoded.
 */
function parseScript(text: string): unknown | undefined {
  const body = text.trim();
  if (body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    if (!body.includes('&quot;')) return undefined;
    try {
      return JSON.parse(
        body.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
      );
    } catch {
      return undefined;
    }
  }
}

type Kind = keyof EmbeddedData;

function kindOf(attrs: Map<string, string>): Kind | null {
  const id = attrs.get('id');
  if (id === '__PWS_DATA__') return 'pwsData';
  if (id === '__PWS_INITIAL_PROPS__') return 'initialProps';
  if (attrs.get('data-relay-response') === 'true') return 'relay';
  return null;
}

// Every scan below is linear in the page: the literal searches move forward only, and a start tag
// is read by a small state machine (the HTML tokenizer's attribute states) that looks at each
// character once. The earlier single regex for the whole start tag backtracked: a page of `<script`
// without `>` cost O(n^2) (128 KB blocked the event loop 4.5 s; issue 18 row 4).
const SCRIPT_OPEN = /<script/gi;
const SCRIPT_CLOSE = /<\/script[\t\n\f\r />]/gi;

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0c || ch === 0x0d;
}

interface StartTag {
  attrs: Map<string, string>;
  /** Index just after the tag's closing `>`. */
  end: number;
}

const MAX_ATTRS = 64;

/**
 * Reads the attributes of a start tag from `from` (just after the tag name) to its `>`, the way
 * the HTML tokenizer does: quotes only open a value after `=`, and a `>` inside a quoted value
 * does not end the tag. Null when the document ends inside the tag: the tokenizer then drops the
 * tag and everything after it, so the caller stops scanning.
 */
function readStartTag(html: string, from: number): StartTag | null {
  const attrs = new Map<string, string>();
  const n = html.length;
  let i = from;
  for (;;) {
    // Before an attribute name: whitespace and stray slashes.
    while (i < n && (isSpace(html.charCodeAt(i)) || html.charCodeAt(i) === 0x2f)) i++;
    if (i >= n) return null;
    if (html.charCodeAt(i) === 0x3e) return { attrs, end: i + 1 };
    // The name: up to whitespace, `/`, `>` or `=` (a leading `=` belongs to the name).
    const nameStart = i;
    i++;
    while (i < n) {
      const ch = html.charCodeAt(i);
      if (isSpace(ch) || ch === 0x2f || ch === 0x3e || ch === 0x3d) break;
      i++;
    }
    // Past the attribute cap nothing more is kept, so no strings are made for the rest.
    const keep = attrs.size < MAX_ATTRS;
    const name = keep ? html.slice(nameStart, i).toLowerCase() : '';
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    let value = '';
    if (i < n && html.charCodeAt(i) === 0x3d) {
      i++;
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      if (i >= n) return null;
      const q = html.charCodeAt(i);
      if (q === 0x22 || q === 0x27) {
        const close = html.indexOf(q === 0x22 ? '"' : "'", i + 1);
        if (close < 0) return null;
        if (keep) value = html.slice(i + 1, close);
        i = close + 1;
      } else if (q !== 0x3e) {
        const valueStart = i;
        while (i < n && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 0x3e) i++;
        if (keep) value = html.slice(valueStart, i);
      }
    }
    // The first of a repeated attribute wins, as in the tokenizer; a bounded count keeps a tag of
    // a million attributes from growing the map (the scan itself stays linear either way).
    if (keep && !attrs.has(name)) attrs.set(name, value);
  }
}

/**
 * Scan the page for `<script ...>` tags and take each body up to the next `</script`, which is how
 * the HTML tokenizer reads script content (raw text), wherever in the string the tag sits; trailing
 * documents and content after `</html>` included. Why not cheerio at run time: on the recorded
 * 460-830 kB pages a full cheerio parse takes 68-146 ms, this scan about 1 ms (BENCHMARKS.md,
 * `bench/html-scan.ts`). extractEmbeddedWithCheerio is kept as the cross-check the tests compare against.
 */
export function extractEmbedded(html: string): EmbeddedData {
  checkInput(html);
  const out: EmbeddedData = { pwsData: [], initialProps: [], relay: [] };
  let pos = 0;
  while (pos < html.length) {
    SCRIPT_OPEN.lastIndex = pos;
    const open = SCRIPT_OPEN.exec(html);
    if (!open) break;
    const afterName = open.index + open[0].length;
    const next = html.charCodeAt(afterName);
    // `<scripts>` or `<script-x>` is another element; `<script` at the very end is nothing.
    if (afterName >= html.length) break;
    if (!isSpace(next) && next !== 0x2f && next !== 0x3e) {
      pos = afterName;
      continue;
    }
    const tag = readStartTag(html, afterName);
    if (!tag) break;
    SCRIPT_CLOSE.lastIndex = tag.end;
    const close = SCRIPT_CLOSE.exec(html);
    const end = close ? close.index : html.length;
    const kind = kindOf(tag.attrs);
    if (kind) {
      const parsed = parseScript(html.slice(tag.end, end));
      if (parsed !== undefined) out[kind].push(parsed);
    }
    pos = close ? close.index + 8 : html.length;
  }
  return out;
}

function checkInput(html: unknown): asserts html is string {
  if (typeof html !== 'string') throw badShape('$', 'page is not text');
  if (html.length > MAX_HTML_CHARS) throw badShape('$', 'page too large to parse');
}

/** The same extraction through cheerio (parse5 moves trailing content into <body>). */
export function extractEmbeddedWithCheerio(html: string): EmbeddedData {
  checkInput(html);
  const $ = load(html);
  const collect = (selector: string): unknown[] => {
    const out: unknown[] = [];
    $(selector).each((_, el) => {
      const parsed = parseScript($(el).text());
      if (parsed !== undefined) out.push(parsed);
    });
    return out;
  };
  return {
    pwsData: collect('script#__PWS_DATA__'),
    initialProps: collect('script#__PWS_INITIAL_PROPS__'),
    relay: collect('script[data-relay-response="true"]'),
  };
}
