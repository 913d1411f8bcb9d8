// Tests for src/policy/prefs.ts: precedence, forced minimum, forms, cookie and query round trips, hostile input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  PREF_CHOICES,
  PREF_COOKIE_MAX_VALUE_BYTES,
  PREF_NAMES,
  clearPrefCookies,
  defaultPrefs,
  parseCookieHeader,
  prefsFromForm,
  prefsToCookies,
  prefsToQuery,
  resolvePrefs,
} from '../../src/policy/prefs.js';
import type { Prefs } from '../../src/policy/types.js';
import { prefsConfig } from './fixtures.js';

const config = prefsConfig();

/** What a browser sends back: name=value pairs of the Set-Cookie lines, as a Cookie header. */
function browserCookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0]).join('; ');
}

const sample: Prefs = {
  ai: 'blur',
  sensitivity: 'high',
  theme: 'dark',
  size: 'large',
  autoplay: true,
  context: false,
  badge: false,
  mute_words: ['midjourney', 'stable diffusion', 'café'],
  mute_pinners: ['spammer_1'],
  mute_boards: ['someone/ai-art'],
  mute_domains: ['example.com', 'xn--bcher-kva.de'],
};

describe('defaults and precedence', () => {
  it('defaultPrefs follows the configuration', () => {
    expect(defaultPrefs(config)).toEqual({
      ai: 'hide', sensitivity: 'medium', theme: 'system', size: 'medium', autoplay: false, badge: true, context: true,
      mute_words: [], mute_pinners: [], mute_boards: [], mute_domains: [],
    });
    expect(defaultPrefs(loadConfig({ CORKBOARD_DEFAULT_THEME: 'dark', CORKBOARD_DEFAULT_AI_MODE: 'label' }))).toMatchObject({ theme: 'dark', ai: 'label' });
  });

  it('query overrides cookie overrides default', () => {
    const p = resolvePrefs({ cookies: { ai: 'label', theme: 'dark' }, query: new URLSearchParams('ai=off'), config });
    expect(p.ai).toBe('off');
    expect(p.theme).toBe('dark');
    expect(p.sensitivity).toBe('medium');
  });

  it('accepts a plain record as query', () => {
    expect(resolvePrefs({ cookies: {}, query: { sensitivity: 'low' }, config }).sensitivity).toBe('low');
  });

  it('ignores invalid values and falls back to the next source', () => {
    const p = resolvePrefs({ cookies: { ai: 'label', badge: 'off' }, query: new URLSearchParams('ai=nuke&badge=maybe&size=HUGE'), config });
    expect(p.ai).toBe('label');
    expect(p.badge).toBe(false);
    expect(p.size).toBe('medium');
  });

  it('a query list, even empty, replaces the cookie list', () => {
    const p = resolvePrefs({ cookies: { mute_words: 'cats' }, query: new URLSearchParams('mute_words='), config });
    expect(p.mute_words).toEqual([]);
  });

  it('repeated query list parameters add up; repeated scalars take the last', () => {
    const p = resolvePrefs({ cookies: {}, query: new URLSearchParams('mute_words=a&mute_words=b,c&ai=label&ai=blur'), config });
    expect(p.mute_words).toEqual(['a', 'b', 'c']);
    expect(p.ai).toBe('blur');
  });
});

describe('forced minimum AI mode', () => {
  const aiFree = prefsConfig({ ai: 'hide', minAi: 'hide' });

  it('a visitor asking ai=off on an AI-free instance gets hide', () => {
    expect(resolvePrefs({ cookies: { ai: 'off' }, query: new URLSearchParams('ai=off'), config: aiFree }).ai).toBe('hide');
    expect(prefsFromForm({ ai: 'label' }, aiFree).ai).toBe('hide');
  });

  it('raises only modes below the minimum', () => {
    const minBlur = prefsConfig({ ai: 'blur', minAi: 'blur' });
    const cases: [string, string][] = [['off', 'blur'], ['label', 'blur'], ['blur', 'blur'], ['hide', 'hide']];
    for (const [asked, got] of cases) expect(resolvePrefs({ cookies: {}, query: { ai: asked }, config: minBlur }).ai).toBe(got);
  });
});

describe('prefsFromForm', () => {
  it('takes the last value of a field (hidden "off" input, then the checkbox)', () => {
    expect(prefsFromForm({ autoplay: ['off', 'on'], badge: 'off' }, config)).toMatchObject({ autoplay: true, badge: false });
    expect(prefsFromForm({ autoplay: ['off'] }, config).autoplay).toBe(false);
  });

  it('parses textareas: lines or commas, normalised and deduped', () => {
    const p = prefsFromForm({ mute_words: ' Cats \r\nDOGS, cats ,,\n', mute_pinners: '@Spammer\nhttps://www.pinterest.com/other_one/' }, config);
    expect(p.mute_words).toEqual(['cats', 'dogs']);
    expect(p.mute_pinners).toEqual(['spammer', 'other_one']);
  });

  it('missing or invalid fields take the defaults', () => {
    expect(prefsFromForm({ theme: 'neon' }, config)).toEqual(defaultPrefs(config));
  });
});

describe('cookies', () => {
  it('writes one cookie per setting with the hardening attributes', () => {
    const lines = prefsToCookies(sample, { secure: true });
    expect(lines.map((l) => l.split('=')[0])).toEqual(PREF_NAMES);
    for (const l of lines) {
      expect(l).toMatch(/; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure$/);
      expect(l.split(';')[0]).toMatch(/^[a-z_]+=[A-Za-z0-9%._~!*'()-]*$/); // encoded value: no ; , space or newline
    }
    expect(prefsToCookies(sample, { secure: false }).every((l) => !l.includes('Secure'))).toBe(true);
  });

  it('round trip: prefs -> cookies -> resolvePrefs == prefs', () => {
    const header = browserCookieHeader(prefsToCookies(sample, { secure: false }));
    expect(resolvePrefs({ cookies: parseCookieHeader(header), query: new URLSearchParams(), config })).toEqual(sample);
  });

  it('keeps every cookie value within the size bound', () => {
    const long = Array.from({ length: 100 }, (_, i) => `ü${'ж'.repeat(60)}${i}`);
    const lines = prefsToCookies({ ...sample, mute_words: long }, { secure: false });
    for (const l of lines) expect(l.split(';')[0]!.length).toBeLessThanOrEqual(PREF_COOKIE_MAX_VALUE_BYTES + 20);
    const back = resolvePrefs({ cookies: parseCookieHeader(browserCookieHeader(lines)), query: {}, config });
    expect(back.mute_words.length).toBeGreaterThan(0);
    expect(long.slice(0, back.mute_words.length)).toEqual(back.mute_words);
  });

  it('clearPrefCookies expires every setting', () => {
    const lines = clearPrefCookies({ secure: false });
    expect(lines).toHaveLength(PREF_NAMES.length);
    for (const l of lines) expect(l).toContain('Max-Age=0');
  });

  it('survives hostile cookie values', () => {
    const hostile = parseCookieHeader(
      'ai=%E0%A4%A; theme="dark"; __proto__=hide; badge=%00; mute_words=%3Cscript%3E%0A%E2%80%AEevil; constructor=1; autoplay; size=' + 'x'.repeat(20000),
    );
    const p = resolvePrefs({ cookies: hostile, query: new URLSearchParams(), config });
    expect(p.ai).toBe('hide');
    expect(p.theme).toBe('dark');
    expect(p.size).toBe('medium');
    expect(p.badge).toBe(true);
    expect(p.mute_words).toEqual(['<script>', 'evil']);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    // Plain object with prototype keys as cookie names
    const p2 = resolvePrefs({ cookies: JSON.parse('{"__proto__":{"ai":"off"},"toString":"x"}'), query: {}, config });
    expect(p2).toEqual(defaultPrefs(config));
  });
});

describe('query', () => {
  it('the restore link carries every setting', () => {
    const q = prefsToQuery(defaultPrefs(config), { config });
    expect([...q.keys()]).toEqual(PREF_NAMES);
  });

  it('onlyNonDefault carries just the changes (feed URLs)', () => {
    const q = prefsToQuery({ ...defaultPrefs(config), ai: 'label', mute_words: ['cats'] }, { config, onlyNonDefault: true });
    expect(q.toString()).toBe('ai=label&mute_words=cats');
  });

  it('round trip: prefs -> query -> resolvePrefs == prefs (over cookies saying otherwise)', () => {
    const q = new URLSearchParams(prefsToQuery(sample, { config }).toString());
    const cookies = parseCookieHeader(browserCookieHeader(prefsToCookies(defaultPrefs(config), { secure: false })));
    expect(resolvePrefs({ cookies, query: q, config })).toEqual(sample);
  });

  it('property: any normalised prefs survive both round trips', () => {
    const word = fc.stringMatching(/^[a-zà-ÿа-я0-9][a-zà-ÿа-я0-9 -]{0,20}[a-zà-ÿа-я0-9]$/);
    const ident = fc.stringMatching(/^[a-z0-9_]{1,20}$/);
    const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    const domain = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('com', 'de', 'co.uk')).map(([a, b]) => `${a}.${b}`);
    const uniq = <T>(arb: fc.Arbitrary<T>) => fc.uniqueArray(arb, { maxLength: 8 });
    const prefsArb = fc.record({
      ai: fc.constantFrom(...PREF_CHOICES.ai),
      sensitivity: fc.constantFrom(...PREF_CHOICES.sensitivity),
      theme: fc.constantFrom(...PREF_CHOICES.theme),
      size: fc.constantFrom(...PREF_CHOICES.size),
      autoplay: fc.boolean(),
      badge: fc.boolean(),
      context: fc.boolean(),
      mute_words: uniq(word.filter((w) => !w.includes('  '))),
      mute_pinners: uniq(ident),
      mute_boards: uniq(fc.tuple(ident, slug).map(([u, b]) => `${u}/${b}`)),
      mute_domains: uniq(domain.filter((d) => !d.startsWith('www.'))),
    });
    fc.assert(
      fc.property(prefsArb, (p) => {
        const viaCookies = resolvePrefs({ cookies: parseCookieHeader(browserCookieHeader(prefsToCookies(p, { secure: true }))), query: {}, config });
        const viaQuery = resolvePrefs({ cookies: {}, query: new URLSearchParams(prefsToQuery(p, { config }).toString()), config });
        expect(viaCookies).toEqual(p);
        expect(viaQuery).toEqual(p);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCookieHeader', () => {
  it('decodes values and skips malformed pairs', () => {
    const c = parseCookieHeader('a=1; b=%20x; bad name=3; =4; c=%ZZ; a=2; d="q"');
    expect({ ...c }).toEqual({ a: '1', b: ' x', d: 'q' });
    expect(parseCookieHeader(undefined)).toEqual({});
  });
});
