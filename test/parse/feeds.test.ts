import { describe, expect, it } from 'vitest';
import {
  nextBookmark,
  parseBoardResource,
  parseBoardsFeed,
  parsePinFeed,
  parseRelated,
  parseSearch,
  parseSectionResource,
  parseSections,
  parseUserResource,
  parsePinResource,
  resourceData,
} from '../../src/parse/index.js';
import { catchUpstream, expectNoUpstreamUrls, fixtureJson, fixtureText, variant } from './helpers.js';

describe('search', () => {
  it('page 1: pins and story-group pins in order, promoted pin dropped, next bookmark kept', () => {
    const page = parseSearch(fixtureJson('search-forest-cabin-page1.json'));
    expect(page.items.map((p) => p.id)).toEqual([
      '9007199254740993', '9007199254740995', '9007199254740997', '9007199254740999',
      '9007199254741001', '9007199254741003', '9007199254741007',
    ]);
    expect(page.next).toBe((fixtureJson('search-forest-cabin-page1.json') as any).resource_response.bookmark);
    expectNoUpstreamUrls(page);
  });

  it('page 2 ends the feed (-end-)', () => {
    const page = parseSearch(fixtureJson('search-forest-cabin-page2.json'));
    expect(page.items).toHaveLength(4);
    expect(page.next).toBeNull();
    expect(page.items.find((p) => p.id === '9007199254741015')!.digitalMediaSourceType).toBe(11);
  });

  it('accepts the response as text as well as parsed JSON', () => {
    expect(parseSearch(fixtureText('search-forest-cabin-page2.json')).items).toHaveLength(4);
  });

  it('falls back to resource.options.bookmarks when resource_response.bookmark is missing', () => {
    const json = variant(fixtureJson('search-forest-cabin-page1.json'), (j: any) => {
      delete j.resource_response.bookmark;
      j.resource.options.bookmarks = ['b3B0aW9ucy1ib29rbWFyaw=='];
    });
    expect(parseSearch(json).next).toBe('b3B0aW9ucy1ib29rbWFyaw==');
  });

  it('skips one unreadable pin and keeps the rest', () => {
    const json = variant(fixtureJson('search-forest-cabin-page2.json'), (j: any) => {
      delete j.resource_response.data.results[0].id;
      delete j.resource_response.data.results[0].node_id;
    });
    expect(parseSearch(json).items.map((p) => p.id)).toEqual(['9007199254741011', '9007199254741013', '9007199254741015']);
  });

  it('fails with the path when results is not a list, or the body is not JSON', () => {
    const json = variant(fixtureJson('search-forest-cabin-page2.json'), (j: any) => (j.resource_response.data.results = { oops: true }));
    expect(catchUpstream(() => parseSearch(json), 'bad-shape').detail.path).toBe('resource_response.data.results');
    expect(catchUpstream(() => parseSearch('<html>rate limited</html>'), 'bad-shape').detail.path).toBe('$');
    expect(catchUpstream(() => parseSearch({ nothing: 1 }), 'bad-shape').detail.path).toBe('resource_response');
  });
});

describe('bookmarks', () => {
  it.each([
    [undefined, null], [null, null], ['', null], ['-end-', null], ['Y2JOb25lO3w=', null], [42, null],
    ['Y2JVSG81V2sx', 'Y2JVSG81V2sx'],
  ])('%j -> %j', (raw, expected) => {
    expect(nextBookmark(raw)).toBe(expected);
  });

  it('a page ending in the cbNone bookmark has no next page', () => {
    expect(parsePinFeed(fixtureJson('board-feed-forest-cabins-page2.json')).next).toBeNull();
  });
});

describe('error envelopes', () => {
  it('a 404 envelope becomes not-found with its status', () => {
    const e = catchUpstream(() => parsePinResource(fixtureJson('error-404-pin.json')), 'not-found');
    expect(e.detail.status).toBe(404);
    expect(e.message).toContain('Pin not found');
  });

  it.each([
    [429, 'rate-limited'], [403, 'blocked'], [401, 'blocked'], [500, 'unavailable'], [410, 'not-found'],
  ] as const)('status %i -> %s', (status, kind) => {
    const json = variant(fixtureJson('error-404-pin.json'), (j: any) => (j.resource_response.error.http_status = status));
    expect(catchUpstream(() => resourceData(json), kind).detail.status).toBe(status);
  });

  it('a failure status without an error object is still an error, of the kind the upstream client gives it', () => {
    catchUpstream(() => resourceData({ resource_response: { status: 'failure', message: 'nope', data: null } }), 'bad-shape');
  });
});

describe('related pins', () => {
  it('keeps pins only, drops the promoted one and the non-pin module', () => {
    const page = parseRelated(fixtureJson('related-9007199254740993.json'));
    expect(page.items.map((p) => p.id)).toEqual(['9007199254741025', '9007199254741027', '9007199254740997']);
    expect(page.next).toBeNull();
  });
});

describe('users and boards', () => {
  it('UserResource', () => {
    const user = parseUserResource(fixtureJson('user-resource-corkboard_demo.json'));
    expect(user).toEqual({
      id: '9007199254741100', username: 'corkboard_demo', fullName: 'Corkboard Demo', about: 'Boards for testing Corkboard. #fixtures',
      avatar: expect.stringMatching(/^\/img\/280x280_RS\//), followerCount: 4321, followingCount: 12, pinCount: 16, boardCount: 2,
      website: 'https://corkboard.example.org/',
    });
    expectNoUpstreamUrls(user);
  });

  it('a thin user object reads name and about from the SEO fields', () => {
    const user = parseUserResource(variant(fixtureJson('user-resource-corkboard_demo.json'), (j: any) => {
      const d = j.resource_response.data;
      j.resource_response.data = { node_id: d.node_id, seo_title: d.seo_title, seo_description: d.seo_description };
    }));
    expect(user).toMatchObject({ id: '9007199254741100', username: 'corkboard_demo', fullName: 'Corkboard Demo', about: 'Boards for testing Corkboard. #fixtures', followerCount: null });
    expect(user.avatar).toBe('/static/default-avatar.png');
  });

  it('a user object without any username fails', () => {
    const json = variant(fixtureJson('user-resource-corkboard_demo.json'), (j: any) => (j.resource_response.data = { full_name: 'Nobody' }));
    expect(catchUpstream(() => parseUserResource(json), 'bad-shape').detail.path).toBe('resource_response.data.username');
  });

  it('BoardsFeedResource and BoardResource', () => {
    const boards = parseBoardsFeed(fixtureJson('boards-feed-corkboard_demo.json'));
    expect(boards.items.map((b) => [b.id, b.name, b.path])).toEqual([
      ['9007199254741201', 'Forest cabins', '/corkboard_demo/forest-cabins/'],
      ['9007199254741203', 'AI experiments', '/corkboard_demo/ai-experiments/'],
    ]);
    const board = parseBoardResource(fixtureJson('board-resource-forest-cabins.json'));
    expect(board).toMatchObject({ pinCount: 4, sectionCount: 1, followerCount: 88, description: 'Small houses among trees.', owner: { username: 'corkboard_demo' } });
    expect(board.cover!.variants.map((v) => v.size)).toEqual(['200x150', '222x', '550x']);
    expectNoUpstreamUrls(boards);
    expectNoUpstreamUrls(board);
  });

  it('a board url that is not a local path fails the board', () => {
    const json = variant(fixtureJson('board-resource-forest-cabins.json'), (j: any) => (j.resource_response.data.url = 'javascript:alert(1)'));
    expect(catchUpstream(() => parseBoardResource(json), 'bad-shape').detail.path).toBe('resource_response.data.url');
  });

  it('pin feeds: user pins, created pins, board feed (promoted dropped), section pins', () => {
    const saved = parsePinFeed(fixtureJson('user-pins-corkboard_demo.json'));
    expect(saved.items).toHaveLength(4);
    expect(saved.next).toMatch(/^Y29y/);
    const created = parsePinFeed(fixtureJson('user-activity-pins-corkboard_demo.json'));
    expect(created.items.map((p) => p.images.length)).toEqual([1, 3, 3]);
    const board = parsePinFeed(fixtureJson('board-feed-forest-cabins.json'));
    expect(board.items.map((p) => p.id)).toEqual(['9007199254740993', '9007199254740999', '9007199254741013']);
    expect(parsePinFeed(fixtureJson('board-section-pins-interiors.json')).items[0]!.id).toBe('9007199254741017');
  });

  it('sections', () => {
    expect(parseSections(fixtureJson('board-sections-forest-cabins.json'))).toEqual({
      items: [{ id: '9007199254741301', slug: 'interiors', title: 'Interiors', pinCount: 1 }],
      next: null,
    });
    expect(parseSectionResource(fixtureJson('board-section-interiors.json')).slug).toBe('interiors');
    const bad = variant(fixtureJson('board-section-interiors.json'), (j: any) => (j.resource_response.data.slug = '../x'));
    expect(catchUpstream(() => parseSectionResource(bad), 'bad-shape').detail.path).toBe('resource_response.data.slug');
  });
});
