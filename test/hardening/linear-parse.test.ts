// Issue 18 row 4: the embedded-JSON scan over upstream HTML runs in linear time. The old start-tag
// regex backtracked: 128 KB of `<script` with no `>` blocked the event loop 4.5 s, and the 8 MiB
// body cap projected hours. Each hostile page below is just under the 8 MiB parse cap.
import { describe, expect, it } from 'vitest';
import { extractEmbedded, extractEmbeddedWithCheerio, MAX_HTML_CHARS } from '../../src/parse/embedded.js';

/** `unit` repeated to just under the parse cap, after a real embedded script the scan must still find. */
function hostile(unit: string): string {
  const head = '<html><body></body></html><script id="__PWS_DATA__" type="application/json">{"a":1}</script>';
  return head + unit.repeat(Math.floor((MAX_HTML_CHARS - head.length) / unit.length));
}

const HOSTILE: Record<string, string> = {
  'script tags without >': hostile('<script'),
  'script tags with spaces and no >': hostile('<script  '),
  'an unclosed double quote per tag': hostile('<script a="'),
  'an unclosed single quote per tag': hostile("<script a='x "),
  'attributes without end': hostile('<script a=b c d=e '),
  'end tags without a start': hostile('</script'),
  'many tiny scripts': hostile('<script data-relay-response="true">{}</script>'),
  'upper-case tags': hostile('<SCRIPT id=x'),
};

describe('embedded JSON scan is linear (issue 18 row 4)', () => {
  // Linear: the scan touches each of the 8 Mi characters a bounded number of times; it takes 30 to
  // 400 ms here alone, and once took 3.3 s with the whole suite running on the two shared cores.
  // The quadratic scan this replaces needed 2.1 s for 64 KB, so at 8 MiB it would run for hours:
  // 10 s still fails any super-linear scan by orders of magnitude.
  const LIMIT_MS = 10_000;

  it.each(Object.keys(HOSTILE))('%s: 8 MiB parse in well under a second of work', (name) => {
    const html = HOSTILE[name]!;
    expect(html.length).toBeGreaterThan(MAX_HTML_CHARS - 64);
    expect(html.length).toBeLessThanOrEqual(MAX_HTML_CHARS);
    const t0 = performance.now();
    const out = extractEmbedded(html);
    const ms = performance.now() - t0;
    expect(out.pwsData).toEqual([{ a: 1 }]);
    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('time grows linearly: 8x the input costs far less than 64x (quadratic)', () => {
    const unit = '<script a="';
    const small = '<html>' + unit.repeat(Math.floor(MAX_HTML_CHARS / 8 / unit.length));
    const big = '<html>' + unit.repeat(Math.floor(MAX_HTML_CHARS / unit.length));
    const best = (s: string) => {
      let min = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        extractEmbedded(s);
        min = Math.min(min, performance.now() - t0);
      }
      return min;
    };
    best(small); // warm up
    const tSmall = best(small);
    const tBig = best(big);
    // Linear gives about 8x; 32x plus a fixed 50 ms allows for noise and still rejects quadratic (64x).
    expect(tBig).toBeLessThan(tSmall * 32 + 50);
  });
});

describe('the scan agrees with the HTML tokenizer (cheerio) on tricky tags', () => {
  const json = '{"k":[1,2]}';
  const cases: Record<string, string> = {
    'a > inside a quoted attribute': `<script data-x="a>b" id="__PWS_DATA__">${json}</script>`,
    'single-quoted and unquoted attributes': `<script type='application/json' id=__PWS_INITIAL_PROPS__>${json}</script>`,
    'upper-case tag and attribute names': `<SCRIPT ID="__PWS_DATA__">${json}</SCRIPT>`,
    'end tag with spaces': `<script id="__PWS_DATA__">${json}</script >`,
    'a self-closing slash and newlines': `<script\n  data-relay-response="true"\n/>${json}</script>`,
    'a near-miss tag name': `<scripts id="__PWS_DATA__">{"no":1}</scripts><script id="__PWS_DATA__">${json}</script>`,
    'a repeated attribute (the first wins)': `<script id="__PWS_DATA__" id="other">${json}</script>`,
    'a truncated tag at the end': `<script id="__PWS_DATA__">${json}</script><script id="__PWS_DATA__`,
    'an unclosed quote swallows the rest': `<script data-x="oops><script id="__PWS_DATA__">${json}</script>`,
  };
  it.each(Object.keys(cases))('%s', (name) => {
    const html = `<!DOCTYPE html><html><head></head><body>${cases[name]}</body></html>`;
    expect(extractEmbedded(html)).toEqual(extractEmbeddedWithCheerio(html));
  });
});
