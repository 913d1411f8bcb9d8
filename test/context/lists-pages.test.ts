// Done when (issue 16, part 2): a list file with pinner:, board:, domain: and image: entries
// hides those pins by default, `!` exceptions override, an edit takes effect without a restart;
// /ai-list.txt publishes the labelled pinner with its reason, and a second instance subscribed to
// it over https (loopback, self-signed certificate made at test time) hides that pinner's pins
// without having seen any label, and keeps doing so from its copy on disk when the first is gone.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { startContextInstance, type ContextInstance } from './helpers/context-instance.js';
import { makePin, startPinUpstream } from './helpers/pin-upstream.js';
import { startHttpsRelay, type HttpsRelay } from './helpers/https-relay.js';

const TIMEOUT = 90_000;
const SIG = 'ab12cd34ef56ab12cd34ef56ab12cd34';

function verdicts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/data-pin-id="(\d+)"[^>]*?data-ai-verdict="([a-z-]+)"/g)) out.set(m[1]!, m[2]!);
  return out;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});
async function track<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const v = await p;
  open.push(v);
  return v;
}

describe('instance AI lists', () => {
  it('pinner, board, domain and image entries hide pins; exceptions win; edits apply without restart', { timeout: TIMEOUT }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corkboard-list-'));
    const listFile = path.join(dir, 'my-list.txt');
    const pins = {
      byPinner: makePin('lp 1', { username: 'listed_pinner' }),
      excepted: makePin('lp 2', { username: 'listed_pinner' }),
      onBoard: makePin('bo 1', { username: 'board_owner', board: 'generated-art' }),
      sameOwnerOtherBoard: makePin('bo 2', { username: 'board_owner', board: 'photos' }),
      onDomain: makePin('dom 1', { username: 'someone', link: 'https://cdn.ai-pics.example/x.html' }),
      byImage: makePin('img 1', { username: 'someone_else', signature: SIG }),
      plain: makePin('plain 1', { username: 'plain_person' }),
    };
    writeFileSync(listFile, [
      '# test list',
      'pinner:listed_pinner',
      'board:board_owner/generated-art',
      'domain:ai-pics.example   # and its subdomains',
      `image:${SIG}`,
      `!pin:${pins.excepted.id}  # a wrongly flagged pin`,
      'nonsense line',
      '',
    ].join('\n'));
    const a = await track(startContextInstance({ env: { CORKBOARD_AI_LISTS: listFile }, context: { listCheckMs: 0 } }));
    a.upstream.searches.set('lists', Object.values(pins));

    const hiddenIds = [pins.byPinner, pins.onBoard, pins.onDomain, pins.byImage].map((p) => p.id);
    const def = await (await a.get('/search/pins/?q=lists')).text();
    const shown = verdicts(def);
    for (const id of hiddenIds) expect(shown.has(id)).toBe(false);
    expect(def).toMatch(/data-ai-hidden="4"/);
    for (const p of [pins.excepted, pins.sameOwnerOtherBoard, pins.plain]) expect(shown.get(p.id)).toBe('not-ai');

    const labelled = verdicts(await (await a.get('/search/pins/?q=lists&ai=label')).text());
    for (const id of hiddenIds) expect(labelled.get(id)).toBe('ai');

    const pinPage = await (await a.get(`/pin/${pins.byPinner.id}/`)).text();
    expect(pinPage).toMatch(new RegExp(`data-pin-id="${pins.byPinner.id}"[^>]*data-ai-verdict="ai"`));
    // The AI box writes the sentence with a capital letter (views/evidence-words.ts).
    expect(pinPage).toContain('Listed by this instance (my-list.txt, line 2: pinner:listed_pinner)');

    // A line it does not understand is reported (with its number) and skipped, not fatal.
    expect(a.deps.context.lists.files()[0]!.problems).toEqual([{ line: 7, message: expect.stringContaining('expected pinner:') }]);

    // The admin excepts the pinner and drops the domain: the next page follows, no restart.
    writeFileSync(listFile, ['pinner:listed_pinner', '!pinner:listed_pinner', 'board:board_owner/generated-art', `image:${SIG}`, ''].join('\n'));
    const after = verdicts(await (await a.get('/search/pins/?q=lists&ai=label')).text());
    expect(after.get(pins.byPinner.id)).toBe('not-ai');
    expect(after.get(pins.onDomain.id)).toBe('not-ai');
    expect(after.get(pins.onBoard.id)).toBe('ai');
    expect(after.get(pins.byImage.id)).toBe('ai');
  });

  it('a second instance subscribed over https hides a pinner it never saw labelled, and keeps its copy on disk', { timeout: TIMEOUT }, async () => {
    const first = await track(startContextInstance());
    const labelled = [0, 1, 2].map((i) => makePin(`sub labelled ${i}`, { username: 'ai_studio', board: 'dreamy', labelled: true }));
    first.upstream.searches.set('first', labelled);
    await first.get('/search/pins/?q=first');

    const listRes = await first.get('/ai-list.txt');
    expect(listRes.status).toBe(200);
    expect(listRes.headers.get('content-type')).toMatch(/^text\/plain/);
    const listText = await listRes.text();
    expect(listText).toMatch(/^pinner:ai_studio {2}# 3 of the 3 pins from this account seen here are labelled AI by Pinterest; last seen \d{4}-\d\d-\d\d$/m);
    expect(listText).toMatch(/^board:ai_studio\/dreamy {2}# /m);
    expect(listText.match(/^image:[0-9a-f]{32} {2}# labelled AI by Pinterest \(pin \d+\); seen /gm)?.length).toBeGreaterThanOrEqual(1);

    const relay: HttpsRelay = await track(startHttpsRelay((p) => Promise.resolve(first.app.request(p, { headers: { host: 'first.test' } }))));
    const later = [0, 1].map((i) => makePin(`sub plain ${i}`, { username: 'ai_studio', board: 'other-board' }));
    const bystander = makePin('sub bystander', { username: 'someone_real' });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'corkboard-sub-'));
    const listUrl = `${relay.url}/ai-list.txt`;
    const env = { CORKBOARD_AI_LIST_URLS: listUrl };
    const upstream = await track(startPinUpstream());
    const second = await startContextInstance({ env, dataDir, upstream, context: { subscriptionCa: relay.ca } });
    second.upstream.searches.set('later', [...later, bystander]);
    await second.deps.context.fetchSubscriptions();
    expect(relay.requests).toBe(1);
    expect(second.deps.context.lists.subscriptions()[0]).toMatchObject({ url: listUrl, error: null });

    const page = await (await second.get('/search/pins/?q=later')).text();
    const v = verdicts(page);
    for (const p of later) expect(v.has(p.id)).toBe(false);
    expect(v.get(bystander.id)).toBe('not-ai');
    const pinPage = await (await second.get(`/pin/${later[0]!.id}/`)).text();
    expect(pinPage).toMatch(/data-ai-verdict="ai"/);
    expect(pinPage).toContain(`Listed by ${listUrl} (line `);
    await second.close();

    // The first instance is gone: a restarted second instance uses its last good copy.
    await relay.close();
    open.splice(open.indexOf(relay), 1);
    const again = await track(startContextInstance({ env, dataDir, upstream, context: { subscriptionCa: relay.ca } }));
    await again.deps.context.fetchSubscriptions();
    const status = again.deps.context.lists.subscriptions()[0]!;
    expect(status.error).not.toBeNull();
    expect(status.entries).toBeGreaterThan(0);
    const v2 = verdicts(await (await again.get('/search/pins/?q=later&ai=label')).text());
    for (const p of later) expect(v2.get(p.id)).toBe('ai');
  });

  it('subscriptions must be https; a bad value stops the start naming the variable', () => {
    expect(() => loadConfig({ CORKBOARD_AI_LIST_URLS: 'http://cork.example/ai-list.txt' })).toThrowError(ConfigError);
    expect(() => loadConfig({ CORKBOARD_AI_LIST_URLS: 'http://cork.example/ai-list.txt' })).toThrowError(/CORKBOARD_AI_LIST_URLS/);
    expect(loadConfig({ CORKBOARD_AI_LIST_URLS: 'https://a.example/ai-list.txt, https://b.example/ai-list.txt' }).context.listUrls).toHaveLength(2);
    expect(() => loadConfig({ CORKBOARD_ADMIN_TOKEN: 'short' })).toThrowError(/CORKBOARD_ADMIN_TOKEN/);
  });
});
