import { describe, expect, it } from 'vitest';
import { extractEmbedded, extractEmbeddedWithCheerio, parsePinPage, parseUserPage } from '../../src/parse/index.js';
import { catchUpstream, expectNoUpstreamUrls, fixtureText } from './helpers.js';

const pinHtml = fixtureText('pin-page-9007199254740993.html');
const profileHtml = fixtureText('profile-page-corkboard_demo.html');

describe('embedded JSON', () => {
  it('finds the scripts that come after </html>, and skips non-JSON scripts', () => {
    expect(pinHtml.indexOf('__PWS_INITIAL_PROPS__')).toBeGreaterThan(pinHtml.indexOf('</html>'));
    const emb = extractEmbedded(pinHtml);
    expect([emb.pwsData.length, emb.initialProps.length, emb.relay.length]).toEqual([1, 1, 2]);
    expect(emb).toEqual(extractEmbeddedWithCheerio(pinHtml));
  });

  it('decodes entity-escaped script bodies', () => {
    const html = `<html><body></body></html><script id="__PWS_DATA__" type="application/json">{&quot;a&quot;:1}</script>`;
    expect(extractEmbedded(html).pwsData).toEqual([{ a: 1 }]);
  });

  it('refuses non-text and oversized input', () => {
    catchUpstream(() => extractEmbedded(42 as unknown as string), 'bad-shape');
    catchUpstream(() => extractEmbedded('x'.repeat(9 * 1024 * 1024)), 'bad-shape');
  });
});

describe('pin page', () => {
  it('merges the partial Relay queries into one pin', () => {
    const pin = parsePinPage(pinHtml);
    expect(pin.id).toBe('9007199254740993');
    expect(pin.title).toBe('Lake cabin at dawn');
    // fullName and board name are only in the second (detail) query; saves in the first.
    expect(pin.pinner).toMatchObject({ username: 'corkboard_demo', fullName: 'Corkboard Demo' });
    expect(pin.board).toEqual({ name: 'Forest cabins', path: '/corkboard_demo/forest-cabins/' });
    expect([pin.saves, pin.commentCount]).toEqual([1234, 7]);
    expect(pin.images[0]!.variants.map((v) => v.size)).toEqual(['236x', '474x', '736x', 'originals']);
    expect(pin.link).toBe('https://cabins.example.org/lake-cabin?ref=board');
    expectNoUpstreamUrls(pin);
  });

  it('selects the requested pin and fails for one the page does not hold', () => {
    expect(parsePinPage(pinHtml, '9007199254740993').id).toBe('9007199254740993');
    catchUpstream(() => parsePinPage(pinHtml, '9007199254740995'), 'bad-shape');
  });

  it('falls back to initialReduxState.pins when there is no Relay data', () => {
    const rest = JSON.parse(fixtureText('search-forest-cabin-page2.json')).resource_response.data.results[0];
    const html = `<!DOCTYPE html><html><body></body></html><script id="__PWS_INITIAL_PROPS__" type="application/json">${JSON.stringify({ initialReduxState: { pins: { [rest.id]: rest } } })}</script>`;
    expect(parsePinPage(html, rest.id).title).toBe(rest.title);
  });

  it('a page without pin data is bad-shape', () => {
    catchUpstream(() => parsePinPage('<html><body>Sorry</body></html>'), 'bad-shape');
  });
});

describe('profile page', () => {
  it('user, boards and saved pins from the resources cache', () => {
    const page = parseUserPage(profileHtml);
    expect(page.user).toMatchObject({ id: '9007199254741100', username: 'corkboard_demo', fullName: 'Corkboard Demo', followerCount: 4321 });
    expect(page.boards!.items.map((b) => b.path)).toEqual(['/corkboard_demo/forest-cabins/', '/corkboard_demo/ai-experiments/']);
    expect(page.boards!.next).toBeNull();
    // The promoted pin in the cache is dropped.
    expect(page.pins!.items.map((p) => p.id)).toEqual(['9007199254740993', '9007199254740995', '9007199254740999']);
    expect(page.pins!.next).toMatch(/^Y29y/);
    expectNoUpstreamUrls(page);
  });

  it('survives a truncated document followed by two full copies', () => {
    // Cut inside the first __PWS_DATA__ script, as in the real DUPLICATED-DOC capture.
    const cut = profileHtml.indexOf('"initialHandlerId"');
    const broken = profileHtml.slice(0, cut) + profileHtml + profileHtml;
    const page = parseUserPage(broken);
    expect(page.user.username).toBe('corkboard_demo');
    expect(page.pins!.items).toHaveLength(3);
    expect(extractEmbedded(broken)).toEqual(extractEmbeddedWithCheerio(broken));
  });

  it('a page without state is bad-shape', () => {
    catchUpstream(() => parseUserPage('<html><body>nothing</body></html>'), 'bad-shape');
  });
});
