// /settings: the form, POST -> 303 with one Set-Cookie per setting (HttpOnly, SameSite=Lax, Secure
// only behind a trusted TLS proxy), query overrides, and the restore link that sets every cookie
// when opened in a fresh client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';

let plain: TestInstance;
let proxied: TestInstance;
beforeAll(async () => {
  plain = await startTestInstance({ model: null });
  proxied = await startTestInstance({ model: null, env: { CORKBOARD_TRUST_PROXY: 'on' } });
});
afterAll(async () => {
  await Promise.all([plain?.close(), proxied?.close()]);
});

interface ParsedCookie {
  name: string;
  value: string;
  attrs: Map<string, string>;
}

function parseSetCookie(header: string): ParsedCookie {
  const [pair, ...rest] = header.split(';').map((s) => s.trim());
  const eq = pair!.indexOf('=');
  const attrs = new Map<string, string>();
  for (const a of rest) {
    const i = a.indexOf('=');
    attrs.set((i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? '' : a.slice(i + 1));
  }
  return { name: pair!.slice(0, eq), value: decodeURIComponent(pair!.slice(eq + 1)), attrs };
}

function cookiesOf(res: Response): ParsedCookie[] {
  return res.headers.getSetCookie().map(parseSetCookie);
}

/** The names of the settings form's fields (selects, inputs, textareas) on GET /settings. */
async function formFieldNames(inst: TestInstance): Promise<string[]> {
  const $ = cheerio.load(await (await inst.get('/settings')).text());
  const form = $('form[method="post"][action="/settings"]');
  expect(form.length).toBe(1);
  const names = form.find('select[name], input[name], textarea[name]').toArray().map((el) => $(el).attr('name')!);
  return [...new Set(names)];
}

function post(inst: TestInstance, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(inst.app.request('/settings', {
    method: 'POST',
    headers: { host: 'corkboard.test', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  }));
}

function cookieHeader(cookies: ParsedCookie[]): string {
  return cookies.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
}

const CHOICES = { ai: 'label', sensitivity: 'high', theme: 'dark', size: 'large', mute_words: 'cabin\nmoss' };

describe('/settings', () => {
  it('GET shows a form with at least the ai, sensitivity and theme settings, and no cookies', async () => {
    const res = await plain.get('/settings');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const names = await formFieldNames(plain);
    for (const n of ['ai', 'sensitivity', 'theme']) expect(names).toContain(n);
  });

  it('POST answers 303 with one HttpOnly, SameSite=Lax cookie per setting, not Secure over plain HTTP', async () => {
    const names = await formFieldNames(plain);
    const res = await post(plain, CHOICES);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/settings/);
    const cookies = cookiesOf(res);
    expect(cookies.map((c) => c.name).sort()).toEqual([...names].sort());
    for (const c of cookies) {
      expect(c.attrs.has('httponly'), c.name).toBe(true);
      expect(c.attrs.get('samesite')?.toLowerCase(), c.name).toBe('lax');
      expect(c.attrs.has('secure'), c.name).toBe(false);
      expect(c.attrs.get('path'), c.name).toBe('/');
    }
    const byName = new Map(cookies.map((c) => [c.name, c.value]));
    expect(byName.get('ai')).toBe('label');
    expect(byName.get('sensitivity')).toBe('high');
    expect(byName.get('theme')).toBe('dark');
    expect(byName.get('mute_words')).toBe('cabin\nmoss');
  });

  it('X-Forwarded-Proto https is ignored without CORKBOARD_TRUST_PROXY', async () => {
    const cookies = cookiesOf(await post(plain, CHOICES, { 'x-forwarded-proto': 'https' }));
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c.attrs.has('secure'), c.name).toBe(false);
  });

  it('cookies are Secure only with X-Forwarded-Proto https AND CORKBOARD_TRUST_PROXY on', async () => {
    const viaTls = cookiesOf(await post(proxied, CHOICES, { 'x-forwarded-proto': 'https' }));
    expect(viaTls.length).toBeGreaterThan(0);
    for (const c of viaTls) expect(c.attrs.has('secure'), c.name).toBe(true);
    const viaHttp = cookiesOf(await post(proxied, CHOICES, { 'x-forwarded-proto': 'http' }));
    for (const c of viaHttp) expect(c.attrs.has('secure'), c.name).toBe(false);
    const noHeader = cookiesOf(await post(proxied, CHOICES));
    for (const c of noHeader) expect(c.attrs.has('secure'), c.name).toBe(false);
  });

  it('invalid values fall back to the defaults instead of failing', async () => {
    const res = await post(plain, { ai: '<script>', theme: 'neon', sensitivity: 'x'.repeat(20_000) });
    expect(res.status).toBe(303);
    const byName = new Map(cookiesOf(res).map((c) => [c.name, c.value]));
    expect(byName.get('ai')).toBe('hide'); // CORKBOARD_DEFAULT_AI_MODE default
    expect(byName.get('theme')).toBe('system');
    expect(byName.get('sensitivity')).toBe('medium');
  });

  it('the saved cookies show as the selected choices; a query parameter overrides a cookie', async () => {
    const cookies = cookiesOf(await post(plain, CHOICES));
    const $ = cheerio.load(await (await plain.get('/settings', { cookie: cookieHeader(cookies) })).text());
    expect($('select[name="ai"] option[selected]').attr('value')).toBe('label');
    expect($('select[name="theme"] option[selected]').attr('value')).toBe('dark');
    expect($('html').attr('data-theme')).toBe('dark');
    const overridden = cheerio.load(await (await plain.get('/?theme=light', { cookie: cookieHeader(cookies) })).text());
    expect(overridden('html').attr('data-theme')).toBe('light');
  });

  it('the restore link carries every setting and sets them all when opened in a fresh client', async () => {
    const names = await formFieldNames(plain);
    const saved = cookiesOf(await post(plain, CHOICES));
    const page = cheerio.load(await (await plain.get('/settings', { cookie: cookieHeader(saved) })).text());
    const link = page('a#restore-link');
    expect(link.length).toBe(1);
    const href = new URL(link.attr('href')!, 'http://corkboard.test');
    expect(href.origin).toBe('http://corkboard.test');
    for (const n of names) expect(href.searchParams.has(n), n).toBe(true);

    // A fresh client: no cookie header at all. Opening the link shows a confirmation form (it
    // sets nothing by itself); its one button posts every setting to /settings.
    const landing = await plain.get(href.pathname + href.search);
    expect(landing.status).toBe(200);
    expect(landing.headers.getSetCookie()).toEqual([]);
    const $ = cheerio.load(await landing.text());
    const form = $('form[method="post"][action="/settings"]');
    expect(form.length).toBe(1);
    expect(form.find('button[type="submit"]').length).toBe(1);
    const fields: Record<string, string> = {};
    for (const el of form.find('input[type="hidden"]').toArray()) fields[$(el).attr('name')!] = $(el).attr('value') ?? '';
    expect(Object.keys(fields).sort()).toEqual([...names].sort());
    const restored = await post(plain, fields, { 'sec-fetch-site': 'same-origin', origin: 'null' });
    expect([302, 303]).toContain(restored.status);
    const cookies = cookiesOf(restored);
    expect(cookies.map((c) => c.name).sort()).toEqual([...names].sort());
    const want = new Map(saved.map((c) => [c.name, c.value]));
    for (const c of cookies) {
      expect(c.value, c.name).toBe(want.get(c.name));
      expect(c.attrs.has('httponly'), c.name).toBe(true);
      expect(c.attrs.get('samesite')?.toLowerCase(), c.name).toBe('lax');
    }
  });
});
