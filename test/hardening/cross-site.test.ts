// Issue 18 row 10: any site could switch a visitor's filter off. `POST /settings` with
// `Origin: https://evil.example` and `GET /settings/restore?ai=off` both answered 303 with
// `Set-Cookie: ai=off`. State-changing requests now check Sec-Fetch-Site / Origin, and the
// restore link shows a confirmation form instead of applying itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';

let inst: TestInstance;
let published: TestInstance;
beforeAll(async () => {
  [inst, published] = await Promise.all([
    startTestInstance({ model: null }),
    startTestInstance({ model: null, env: { CORKBOARD_PUBLIC_URL: 'https://cork.example' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([inst?.close(), published?.close()]);
});

function postSettings(i: TestInstance, headers: Record<string, string>, host = 'corkboard.test'): Promise<Response> {
  return Promise.resolve(i.app.request('/settings', {
    method: 'POST',
    headers: { host, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'ai=off',
  }));
}

const FOREIGN: Array<[string, Record<string, string>]> = [
  ['Origin: https://evil.example', { origin: 'https://evil.example' }],
  ['Origin of a look-alike host', { origin: 'http://corkboard.test.evil.example' }],
  ['Origin on another port', { origin: 'http://corkboard.test:8081' }],
  ['Origin: null (sandboxed frame, no Sec-Fetch-Site)', { origin: 'null' }],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
  ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'http://other.corkboard.test' }],
  ['Sec-Fetch-Site: cross-site even with a forged-looking Origin', { 'sec-fetch-site': 'cross-site', origin: 'http://corkboard.test' }],
];

const OWN: Array<[string, Record<string, string>]> = [
  ['Sec-Fetch-Site: same-origin (Origin null, as no-referrer pages send it)', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
  ['Origin equal to the Host', { origin: 'http://corkboard.test' }],
  ['Origin over TLS from a proxy (same host)', { origin: 'https://corkboard.test' }],
  ['no browser headers at all (curl, scripts)', {}],
];

describe('POST /settings checks where the form comes from (issue 18 row 10)', () => {
  it.each(FOREIGN)('%s -> 403, nothing set', async (_name, headers) => {
    const res = await postSettings(inst, headers);
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await res.text()).toContain('another website');
  });

  it.each(OWN)('%s -> 303 with the cookies', async (_name, headers) => {
    const res = await postSettings(inst, headers);
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ai=off;'))).toBe(true);
  });

  it('the configured public origin counts as the instance itself (behind a proxy that rewrites Host)', async () => {
    expect((await postSettings(published, { origin: 'https://cork.example' }, '127.0.0.1:8080')).status).toBe(303);
    expect((await postSettings(published, { origin: 'https://evil.example' }, '127.0.0.1:8080')).status).toBe(403);
  });
});

describe('the restore link asks before it applies (issue 18 row 10)', () => {
  it('GET /settings/restore?ai=off sets nothing and shows one button that posts the settings', async () => {
    const res = await inst.get('/settings/restore?ai=off&mute_words=moss%0Afern&theme=dark');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const $ = cheerio.load(await res.text());
    const form = $('form[method="post"][action="/settings"]');
    expect(form.length).toBe(1);
    expect(form.find('button[type="submit"]').length).toBe(1);
    const value = (name: string) => form.find(`input[type="hidden"][name="${name}"]`).attr('value');
    expect(value('ai')).toBe('off');
    expect(value('theme')).toBe('dark');
    expect(value('mute_words')).toBe('moss\nfern');
    // Settings the link does not carry are the instance defaults, not the visitor's cookies.
    const withCookie = cheerio.load(await (await inst.get('/settings/restore?ai=off', { cookie: 'theme=dark' })).text());
    expect(withCookie('input[name="theme"]').attr('value')).toBe('system');
  });

  it('the confirmation posted from another site is refused like any foreign form', async () => {
    expect((await postSettings(inst, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });
});
