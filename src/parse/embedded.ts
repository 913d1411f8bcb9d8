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

const SCRIPT_OPEN = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const SCRIPT_CLOSE = /<\/script\s*>/gi;
const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttrs(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

/**
 * Scan the page for `<script ...>` tags and take each body up to the next `</script`, which is how
 * the HTML tokenizer reads script content (raw text), wherever in the string the tag sits; trailing
 * documents and content after `</html>` included. A full cheerio parse of a 500 kB page costs
 * 75-200 ms on our two shared cores, this scan a few; extractEmbeddedWithCheerio is kept as the
 * cross-check the conformance tests compare against.
 */
export function extractEmbedded(html: string): EmbeddedData {
  checkInput(html);
  const out: EmbeddedData = { pwsData: [], initialProps: [], relay: [] };
  SCRIPT_OPEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCRIPT_OPEN.exec(html)) !== null) {
    const start = SCRIPT_OPEN.lastIndex;
    SCRIPT_CLOSE.lastIndex = start;
    const close = SCRIPT_CLOSE.exec(html);
    const end = close ? close.index : html.length;
    const kind = kindOf(parseAttrs(m[1] ?? ''));
    if (kind) {
      const parsed = parseScript(html.slice(start, end));
      if (parsed !== undefined) out[kind].push(parsed);
    }
    SCRIPT_OPEN.lastIndex = close ? SCRIPT_CLOSE.lastIndex : html.length;
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
