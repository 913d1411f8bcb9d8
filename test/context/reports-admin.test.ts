// Done when (issue 16, part 3): a report posted from the pin page appears on /admin; accepting it
// hides the image for every visitor; cross-site posts, missing tokens and floods are refused with
// clear errors; nothing is lost on restart. /admin is 404 without a token.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startContextInstance, type ContextInstance } from './helpers/context-instance.js';
import { makePin, startPinUpstream } from './helpers/pin-upstream.js';

const TIMEOUT = 90_000;
const TOKEN = 'test-admin-token-0123456789';
const SIG = 'cd12cd34ef56ab12cd34ef56ab12cd99';
const ORIGIN = 'http://corkboard.test';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});
async function track<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const v = await p;
  open.push(v);
  return v;
}

/** name=value of each Set-Cookie of a response. */
function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

/** The report forms of a pin page: their action, and the token they carry. */
function reportForms(html: string): { action: string; token: string; verdict: string }[] {
  return [...html.matchAll(/<form method="post" action="([^"]*report[^"]*)">\s*<input type="hidden" name="token" value="([^"]+)"\/?>\s*<input type="hidden" name="verdict" value="([^"]+)"/g)]
    .map((m) => ({ action: m[1]!, token: m[2]!, verdict: m[3]! }));
}

async function openPin(instance: ContextInstance, id: string) {
  const res = await instance.get(`/pin/${id}/`);
  expect(res.status).toBe(200);
  // Viewing a page sets no cookie (README "Privacy promises").
  expect(res.headers.getSetCookie()).toEqual([]);
  const html = await res.text();
  return { html, forms: reportForms(html) };
}

describe('visitors’ reports and /admin', () => {
  it('report -> /admin -> accept hides the image for everyone; refusals are clear; a restart loses nothing', { timeout: TIMEOUT }, async () => {
    const upstream = await track(startPinUpstream());
    const reported = makePin('rep 1', { username: 'some_pinner', signature: SIG });
    const sameImage = makePin('rep 2', { username: 'another_pinner', signature: SIG });
    const other = makePin('rep 3', { username: 'third_pinner' });
    upstream.searches.set('same', [sameImage, other]);
    upstream.searches.set('all', [reported, sameImage, other]);
    const env = { CORKBOARD_ADMIN_TOKEN: TOKEN, CORKBOARD_REPORTS_PER_PIN: '3', CORKBOARD_REPORTS_PER_HOUR: '5' };
    const a = await startContextInstance({ env, upstream });
    let closedA = false;
    open.push({ close: async () => { if (!closedA) await a.close(); } });
    await a.get('/search/pins/?q=all');

    const page = await openPin(a, reported.id);
    expect(page.forms.map((f) => f.verdict).sort()).toEqual(['ai', 'not-ai']);
    expect(page.forms[0]!.action).toBe(`/pin/${reported.id}/report`);
    const good = { token: page.forms[0]!.token, verdict: 'ai' };

    // The first report sets the SameSite=Strict cookie and asks for one confirming post.
    const confirm = await a.post(page.forms[0]!.action, good, { origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(confirm.status).toBe(200);
    expect(confirm.headers.getSetCookie().join('\n')).toMatch(/^cb_report=[^;]+; Path=\/pin\/; Max-Age=172800; HttpOnly; SameSite=Strict$/);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Confirm your report');
    expect(reportForms(confirmHtml)).toEqual([{ action: page.forms[0]!.action, token: good.token, verdict: 'ai' }]);
    expect(a.deps.context.reports.open()).toEqual([]);
    const cookie = `cb_report=${cookiesOf(confirm)['cb_report']}`;

    // Refused: foreign Origin, cross-site fetch metadata, no token, no SameSite cookie.
    expect((await a.post(page.forms[0]!.action, good, { origin: 'http://corkboard.test.evil.example', cookie })).status).toBe(403);
    const foreign = await a.post(page.forms[0]!.action, good, { origin: 'https://evil.example', cookie });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain('sent from another site');
    expect((await a.post(page.forms[0]!.action, good, { 'sec-fetch-site': 'cross-site', cookie })).status).toBe(403);
    const noToken = await a.post(page.forms[0]!.action, { verdict: 'ai' }, { origin: ORIGIN, cookie });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('report token is missing or has expired');
    const forged = await a.post(page.forms[0]!.action, good, { origin: ORIGIN, cookie: 'cb_report=forged-value' });
    expect(forged.status).toBe(200); // a bad cookie is no cookie: only the confirmation again
    expect(await forged.text()).toContain('Confirm your report');
    const otherPinsToken = (await openPin(a, other.id)).forms[0]!.token;
    expect((await a.post(page.forms[0]!.action, { ...good, token: otherPinsToken }, { origin: ORIGIN, cookie })).status).toBe(403);
    expect(a.deps.context.reports.open()).toEqual([]);

    // Taken: the reporter's own view follows at once, everyone else's does not yet.
    const ok = await a.post(page.forms[0]!.action, good, { origin: ORIGIN, cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/pin/${reported.id}/`);
    const mine = cookiesOf(ok)['cb_reported']!;
    expect(mine).toBe(`${reported.id}:a`);
    const mineView = await (await a.get(`/pin/${reported.id}/?ai=label`, { cookie: `cb_reported=${mine}` })).text();
    expect(mineView).toMatch(/data-ai-verdict="ai"/);
    expect(mineView).toContain('You reported this pin as AI-generated');
    expect(await (await a.get(`/pin/${reported.id}/?ai=label`)).text()).toMatch(/data-ai-verdict="not-ai"/);

    // Floods: 3 per pin, 5 per hour across the instance. (The https Origin of a browser behind a
    // TLS proxy is the same host: taken.)
    expect((await a.post(page.forms[0]!.action, good, { origin: 'https://corkboard.test', cookie })).status).toBe(303);
    expect((await a.post(page.forms[0]!.action, good, { origin: ORIGIN, cookie })).status).toBe(303);
    const perPin = await a.post(page.forms[0]!.action, good, { origin: ORIGIN, cookie });
    expect(perPin.status).toBe(429);
    expect(await perPin.text()).toContain('reported often enough');
    const second = await openPin(a, other.id);
    const otherForm = { token: second.forms[0]!.token, verdict: 'not-ai' };
    expect((await a.post(`/pin/${other.id}/report`, otherForm, { origin: ORIGIN, cookie })).status).toBe(303);
    expect((await a.post(`/pin/${other.id}/report`, otherForm, { origin: ORIGIN, cookie })).status).toBe(303);
    const global = await a.post(`/pin/${other.id}/report`, otherForm, { origin: ORIGIN, cookie });
    expect(global.status).toBe(429);
    expect(await global.text()).toContain('as many reports as it accepts in an hour');

    // /admin: a login form with a password field; the token never rides in a URL.
    const login = await (await a.get('/admin')).text();
    expect(login).toMatch(/<form method="post" action="\/admin\/login"/);
    expect(login).toMatch(/type="password" name="password"/);
    expect(await (await a.get(`/admin?password=${TOKEN}`)).text()).not.toContain('Reports (');
    const wrong = await a.post('/admin/login', { password: 'not-the-token-at-all' }, { origin: ORIGIN });
    expect(wrong.status).toBe(401);
    expect(await a.post('/admin/login', { password: TOKEN }, { origin: 'https://evil.example' }).then((r) => r.status)).toBe(403);
    const loggedIn = await a.post('/admin/login', { password: TOKEN }, { origin: ORIGIN });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.headers.getSetCookie().join('\n')).toMatch(/cb_admin=[^;]+; Path=\/admin; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(loggedIn.headers.get('location')).not.toContain(TOKEN);
    const admin = `cb_admin=${cookiesOf(loggedIn)['cb_admin']}`;
    const queue = await (await a.get('/admin', { cookie: admin })).text();
    expect(queue).toContain('Reports (2)');
    expect(queue).toMatch(new RegExp(`data-report-pin="${reported.id}"[\\s\\S]*?<img src="/img/`));
    expect(queue).toContain('3 said AI, 0 said not AI');

    // Accept: a cross-site post is refused; a real one lists the image for every visitor.
    const action = `/admin/reports/${reported.id}`;
    expect((await a.post(action, { action: 'list-image' }, { origin: 'https://evil.example', cookie: admin })).status).toBe(403);
    expect((await a.post(action, { action: 'list-image' }, { origin: ORIGIN })).status).toBe(403);
    expect((await a.post(action, { action: 'list-image' }, { origin: ORIGIN, cookie: admin })).status).toBe(303);
    const ownList = readFileSync(path.join(a.dataDir, 'own-list.txt'), 'utf8');
    expect(ownList).toMatch(new RegExp(`^image:${SIG} {2}# accepted report on pin ${reported.id}`, 'm'));
    const everyone = await (await a.get(`/pin/${reported.id}/`)).text();
    expect(everyone).toMatch(new RegExp(`data-pin-id="${reported.id}"[^>]*data-ai-verdict="ai"`));
    expect(everyone).toContain('pin-withheld');
    const grid = await (await a.get('/search/pins/?q=same')).text();
    expect(grid).not.toContain(`data-pin-id="${sameImage.id}"`);
    expect(grid).toContain(`data-pin-id="${other.id}"`);
    expect(await (await a.get('/ai-list.txt')).text()).toContain(`image:${SIG}`);
    await a.close();
    closedA = true;

    // Restart on the same data folder: the open report, the own list and the reputation remain.
    const b = await track(startContextInstance({ env, upstream, dataDir: a.dataDir }));
    expect(b.deps.context.reports.open().map((r) => r.pinId)).toEqual([other.id]);
    expect(b.deps.context.reputation.top('pinner', 10).map((r) => r.value)).toContain('some_pinner');
    expect(await (await b.get(`/pin/${reported.id}/?ai=label`)).text()).toMatch(/data-ai-verdict="ai"/);
    // The same secret: yesterday's forms and cookies keep working after a restart.
    // (The hour's cap, 5, also survived: the token passes and the cap answers.)
    expect((await b.post(`/pin/${other.id}/report`, otherForm, { origin: ORIGIN, cookie })).status).toBe(429);
  });

  it('/admin is 404 without CORKBOARD_ADMIN_TOKEN, and stores nothing', { timeout: TIMEOUT }, async () => {
    const a = await track(startContextInstance());
    expect((await a.get('/admin')).status).toBe(404);
    expect((await a.get('/admin/')).status).toBe(404);
    expect((await a.post('/admin/login', { password: 'x'.repeat(20) })).status).toBe(404);
    expect(existsSync(path.join(a.dataDir, 'own-list.txt'))).toBe(false);
  });
});
