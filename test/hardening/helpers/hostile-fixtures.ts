// A temp copy of the project's own Pinterest fixtures with hostile text planted in the search
// results (markup, attribute breakouts, javascript:/data: links, bidi and zero-width tricks, lone
// surrogates, control characters), for the fake Pinterest's fixturesDir option.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FIXTURES_DIR } from '../../../demo/fake-catalog.js';

const SCRIPT_TITLE = '"><script>alert(1)</script><img src=x onerror=alert(1)>';
const BREAKOUT = "' onmouseover='alert(1)' x=' \" onfocus=\"alert(2)\" autofocus=\"";
/** Bidi overrides and isolates, marks and zero-width characters around text that reads backwards. */
const BIDI = '\u202Egnp.exe\u202C \u2066iso\u2069 \u200Fmark\u200E zero\u200Bwidth\u200D\u2060\uFEFF';
const LONE_SURROGATES = 'a\uD800b\uDFFFc';
const CONTROLS = 'x\u0000y\u0007z\u001b';

/** Links a pin may carry; none may become a live javascript:/data: link. */
export const HOSTILE_LINKS = [
  'javascript:alert(document.cookie)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'https://user:pass@bank.example@evil.example/',
  'vbscript:msgbox(1)',
  'https://evil.example/"><script>alert(1)</script>',
];

type Json = Record<string, unknown>;

/** Text that combines every trick, for descriptions. */
const HOSTILE_TEXT = `${SCRIPT_TITLE}\n${BREAKOUT}\n${BIDI}\n${LONE_SURROGATES} ${CONTROLS} ]]> &amp; &#0; <![CDATA[x]]> </textarea></title>`;

function poison(pin: Json, i: number): void {
  pin['title'] = `${i % 2 ? BIDI : ''}${SCRIPT_TITLE}${i % 2 ? BREAKOUT : BIDI} ${i}`;
  pin['grid_title'] = pin['title'];
  pin['description'] = HOSTILE_TEXT;
  pin['alt_text'] = BREAKOUT;
  pin['auto_alt_text'] = SCRIPT_TITLE;
  pin['link'] = HOSTILE_LINKS[i % HOSTILE_LINKS.length];
  pin['tracked_link'] = HOSTILE_LINKS[(i + 1) % HOSTILE_LINKS.length];
  pin['domain'] = `<b>${BIDI}</b>`;
  pin['created_at'] = i % 2 ? '<script>alert(1)</script>' : pin['created_at'];
  pin['dominant_color'] = 'red;background:url(javascript:alert(1))';
  const pinner = pin['pinner'] as Json | undefined;
  if (pinner) {
    pinner['full_name'] = `</title><script>alert(1)</script>${BIDI}${LONE_SURROGATES}`;
    // Usernames end up in paths; the instance must encode or refuse them.
    if (i === 2) pinner['username'] = '../../admin"><script>';
  }
  const board = pin['board'] as Json | undefined;
  if (board) {
    board['name'] = `<b onmouseover=alert(1)>${BIDI}</b>`;
    if (i === 3) board['url'] = 'javascript:alert(1)';
  }
  // One variant pointing off the image host, one with a script URL: neither may be shown.
  const images = pin['images'] as Record<string, Json> | undefined;
  if (images?.['170x']) images['170x']['url'] = 'javascript:alert(1)';
  if (images?.['474x'] && i === 1) images['474x']['url'] = 'https://evil.example/474x/a.jpg';
}

/** Every pin object inside a JSON value (grid items, story groups, resource data). */
function pinsIn(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) pinsIn(v, out);
  else if (value && typeof value === 'object') {
    const obj = value as Json;
    if (obj['type'] === 'pin' && typeof obj['id'] === 'string') out.push(obj);
    for (const v of Object.values(obj)) pinsIn(v, out);
  }
  return out;
}

/**
 * Writes the poisoned copy (every pin in every JSON fixture; the same pin gets the same poison in
 * every file, since the fake keeps whichever copy it reads first); returns its folder and a remover.
 */
export function writeHostileFixtures(): { dir: string; hostilePinIds: string[]; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corkboard-hostile-'));
  cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
  const order = new Map<string, number>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const full = path.join(dir, file);
    const json = JSON.parse(readFileSync(full, 'utf8')) as Json;
    for (const pin of pinsIn(json)) {
      const id = String(pin['id']);
      if (!order.has(id)) order.set(id, order.size);
      poison(pin, order.get(id)!);
    }
    // JSON.stringify escapes lone surrogates as \udXXX, so they come back out of JSON.parse intact.
    writeFileSync(full, JSON.stringify(json));
  }
  return { dir, hostilePinIds: [...order.keys()], remove: () => rmSync(dir, { recursive: true, force: true }) };
}
