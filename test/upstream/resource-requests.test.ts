import { describe, expect, it } from 'vitest';
import * as calls from '../../src/upstream/resource-requests.js';
import { resourcePath } from '../../src/upstream/resource-requests.js';

const PIN = '994873373926688735'; // beyond 2^53: must stay a string

function decodeData(path: string): { options: Record<string, unknown>; context: unknown } {
  const q = new URLSearchParams(path.split('?')[1]);
  return JSON.parse(q.get('data')!);
}

describe('resource calls', () => {
  it('each call names its resource and the route template of the page it emulates', () => {
    const table: [calls.ResourceCall, string, string, string][] = [
      [calls.pinCall(PIN), 'PinResource', 'www/pin/[id].js', `/pin/${PIN}/`],
      [calls.relatedPinsCall(PIN), 'RelatedModulesResource', 'www/pin/[id].js', `/pin/${PIN}/`],
      [calls.userCall('someone'), 'UserResource', 'www/[username].js', '/someone/'],
      [calls.userBoardsCall('someone'), 'BoardsFeedResource', 'www/[username].js', '/someone/'],
      [calls.userPinsCall('someone'), 'UserPinsResource', 'www/[username].js', '/someone/pins/'],
      [calls.userCreatedCall('someone', '123'), 'UserActivityPinsResource', 'www/[username]/_created.js', '/someone/_created/'],
      [calls.boardCall('someone', 'my-board'), 'BoardResource', 'www/[username]/[slug].js', '/someone/my-board/'],
      [calls.boardFeedCall('42', '/someone/my-board/'), 'BoardFeedResource', 'www/[username]/[slug].js', '/someone/my-board/'],
      [calls.boardSectionsCall('42'), 'BoardSectionsResource', 'www/[username]/[slug].js', ''],
      [calls.sectionCall('someone', 'b', 's'), 'BoardSectionResource', 'www/[username]/[slug]/[section_slug].js', '/someone/b/s/'],
      [calls.sectionPinsCall('77'), 'BoardSectionPinsResource', 'www/[username]/[slug]/[section_slug].js', ''],
      [calls.searchCall('nature aesthetic'), 'BaseSearchResource', 'www/search/[scope].js', '/search/pins/?q=nature%20aesthetic&rs=typed'],
    ];
    for (const [call, name, handler, sourceUrl] of table) {
      expect(call.name).toBe(name);
      expect(call.handler).toBe(handler);
      expect(call.sourceUrl).toBe(sourceUrl);
    }
  });

  it('keeps ids as strings and asks for the AI-label field', () => {
    const pin = calls.pinCall(PIN);
    expect(pin.options).toEqual({ id: PIN, field_set_key: 'detailed', add_fields: 'pin.gen_ai_topics' });
    expect(decodeData(resourcePath(pin)).options.id).toBe(PIN);
    expect(calls.relatedPinsCall(PIN).options).toMatchObject({ pin_id: PIN, additional_fields: ['pin.gen_ai_topics'] });
  });

  it('puts a bookmark in options.bookmarks only when paging', () => {
    expect(calls.searchCall('cats').options).not.toHaveProperty('bookmarks');
    expect(calls.searchCall('cats', 'Y2JVSG81').options.bookmarks).toEqual(['Y2JVSG81']);
    expect(calls.boardFeedCall('42', '/u/b/', 'abc|def').options.bookmarks).toEqual(['abc|def']);
    expect(calls.userBoardsCall('u', '').options).not.toHaveProperty('bookmarks');
  });

  it('never asks for gated search results', () => {
    expect(JSON.stringify(calls.searchCall('cats', 'b'))).not.toMatch(/gated/);
    expect(calls.searchCall('cats').options).toMatchObject({ query: 'cats', scope: 'pins', rs: 'typed' });
  });

  it('builds the GET path with source_url and the {options, context} data', () => {
    const call = calls.searchCall('a&b=c');
    const path = resourcePath(call);
    expect(path.startsWith('/resource/BaseSearchResource/get/?source_url=')).toBe(true);
    const q = new URLSearchParams(path.split('?')[1]);
    expect(q.get('source_url')).toBe('/search/pins/?q=a%26b%3Dc&rs=typed');
    expect(decodeData(path)).toEqual({ options: call.options, context: {} });
    expect([...q.keys()]).toEqual(['source_url', 'data']);
  });

  it('encodes non-ASCII names into an ASCII-only source url', () => {
    const c = calls.boardCall('юзер', 'доска');
    expect(c.options).toMatchObject({ username: 'юзер', slug: 'доска' });
    expect(c.sourceUrl).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(c.sourceUrl)).toBe('/юзер/доска/');
    expect(calls.boardFeedCall('1', '/юзер/доска/').sourceUrl).toBe(c.sourceUrl);
  });

  it('rejects malformed input before anything is sent', () => {
    const bad: (() => unknown)[] = [
      () => calls.pinCall('1/../2'),
      () => calls.pinCall(''),
      () => calls.userCall('a/b'),
      () => calls.userCall(' padded'),
      () => calls.userCall('x'.repeat(201)),
      () => calls.userCreatedCall('u', 'notanumber'),
      () => calls.boardFeedCall('42', '//evil.example/x/'),
      () => calls.boardFeedCall('42', 'relative/'),
      () => calls.boardFeedCall('4.2', '/u/b/'),
      () => calls.searchCall('   '),
      () => calls.searchCall('x'.repeat(201)),
      () => calls.searchCall('a\u0000b'),
      () => calls.searchCall('ok', 'bad bookmark with spaces'),
      () => calls.searchCall('ok', 'x'.repeat(5000)),
      () => resourcePath({ name: '../admin', options: {}, sourceUrl: '' }),
    ];
    for (const f of bad) expect(f).toThrow(expect.objectContaining({ name: 'UpstreamError', kind: 'not-found' }));
  });
});
