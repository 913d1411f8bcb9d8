// Tests for src/links/pinterest-url.ts: accepted and rejected inputs, and property-based round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PINTEREST_HOST_TLDS,
  isReservedName,
  localPathToPinterestUrl,
  parsePinId,
  pinterestUrlToLocalPath,
  routeToLocalPath,
  type PinterestRoute,
} from '../../src/links/pinterest-url.js';

const ACCEPTED: [string, string][] = [
  ['https://www.pinterest.com/pin/165366617561100485/', '/pin/165366617561100485/'],
  ['pinterest.com/pin/165366617561100485', '/pin/165366617561100485/'],
  ['  http://ru.pinterest.com/pin/165366617561100485/  ', '/pin/165366617561100485/'],
  ['//de.pinterest.de/pin/1/', '/pin/1/'],
  ['https://www.pinterest.co.uk/pin/beautiful-sunset--994873373926688735/', '/pin/994873373926688735/'],
  ['https://www.pinterest.com/pin/%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9--52213676923889828/', '/pin/52213676923889828/'],
  ['https://pinterest.com.au/pin/1234/sent/?invite_code=abc&sender=999&sfo=1', '/pin/1234/'],
  ['https://www.pinterest.com/pin/1234/comments/', '/pin/1234/'],
  ['https://www.pinterest.com/pin/AVBZICDCT7hRTla-jHiJ6w2eVUK1wuq7WRYG8P_uqZIziXisjxatHMA/', '/pin/AVBZICDCT7hRTla-jHiJ6w2eVUK1wuq7WRYG8P_uqZIziXisjxatHMA/'],
  ['https://pin.it/4Xq2bZc', '/pin.it/4Xq2bZc'],
  ['pin.it/4Xq2bZc/', '/pin.it/4Xq2bZc'],
  ['https://www.pinterest.com/idenconvey/', '/idenconvey/'],
  ['https://www.pinterest.com/idenconvey', '/idenconvey/'],
  ['https://www.pinterest.com/abracodabra357/_created/', '/abracodabra357/_created/'],
  ['https://www.pinterest.com/abracodabra357/_saved/', '/abracodabra357/_saved/'],
  ['https://www.pinterest.com/abracodabra357/_boards/', '/abracodabra357/_saved/'],
  ['https://www.pinterest.com/abracodabra357/pins/', '/abracodabra357/pins/'],
  ['https://www.pinterest.com/abracodabra357/_profile/_created/', '/abracodabra357/_created/'],
  ['https://www.pinterest.com/abracodabra357/_followers/', '/abracodabra357/'],
  ['https://www.pinterest.com/user/cool-board/', '/user/cool-board/'],
  ['https://www.pinterest.com/user/cool-board/?invite_code=x#frag', '/user/cool-board/'],
  ['https://www.pinterest.com/user/cool-board/more_ideas/', '/user/cool-board/'],
  ['https://www.pinterest.com/user/cool-board/sec-tion/', '/user/cool-board/sec-tion/'],
  ['https://www.pinterest.com/user/cool-board/sec-tion/_tools/more-ideas/', '/user/cool-board/sec-tion/'],
  ['https://ru.pinterest.com/user/млечный-путь/', '/user/%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9-%D0%BF%D1%83%D1%82%D1%8C/'],
  ['https://ru.pinterest.com/user/%d0%bc%d0%bb%d0%b5%d1%87%d0%bd%d1%8b%d0%b9/', '/user/%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9/'],
  ['https://www.pinterest.com/search/pins/?q=nature%20aesthetic&rs=typed', '/search/pins/?q=nature+aesthetic'],
  ['https://www.pinterest.fr/search/boards/?q=a.b', '/search/pins/?q=a%2Eb'],
  ['https://www.pinterest.com/search/?q=tea', '/search/pins/?q=tea'],
  ['https://www.pinterest.com/ideas/', '/'],
  ['https://www.pinterest.com/ideas/log-cabins/911285327470/', '/search/pins/?q=log+cabins'],
  ['https://www.pinterest.ru/ideas/%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9-%D0%BF%D1%83%D1%82%D1%8C/941662652795/', '/search/pins/?q=%D0%BC%D0%BB%D0%B5%D1%87%D0%BD%D1%8B%D0%B9+%D0%BF%D1%83%D1%82%D1%8C'],
  ['https://www.pinterest.com/today/', '/today/'],
  ['https://www.pinterest.com/today/best/cosy-cabins/123/', '/today/'],
  ['https://www.pinterest.com/search/pins/', '/'],
  ['https://www.pinterest.com/search/pins/?q=%00cats%0A', '/search/pins/?q=cats'],
  ['https://www.pinterest.com/', '/'],
  ['https://www.pinterest.com/user/feed.rss', '/user/feed.rss'],
  ['https://www.pinterest.com/user/cool-board.rss', '/user/cool-board.rss'],
  ['HTTPS://WWW.PINTEREST.COM/pin/1/', '/pin/1/'],
  ['https://www.pinterest.com:443/pin/1/', '/pin/1/'],
];

const REJECTED: string[] = [
  '',
  '   ',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'mailto:a@pinterest.com',
  'ftp://www.pinterest.com/pin/1/',
  'https://pinterest.com.evil.com/pin/1/',
  'https://www.pinterest.evil/pin/1/',
  'https://evilpinterest.com/pin/1/',
  'https://pinterest.com@evil.com/pin/1/',
  'https://user:pw@www.pinterest.com/pin/1/',
  'https://www.pinterest.com:8443/pin/1/',
  'https://api.pinterest.com/pin/1/',
  'https://i.pinimg.com/736x/ab/cd/ef/abcdef.jpg',
  'https://example.com/pin/1/',
  'https://www.pinterest.com/pin/',
  'https://www.pinterest.com/pin/create/board/',
  'https://www.pinterest.com/pin/a-slug-without-an-id/',
  'https://www.pinterest.com/settings/',
  'https://www.pinterest.com/img/736x/a.jpg',
  'https://www.pinterest.com/user/board/section/extra/',
  'https://www.pinterest.com/user/bo%2Fard/',
  'https://www.pinterest.com/user/bo%5Card/',
  'https://www.pinterest.com/user/%E0%A4%A/',
  'https://www.pinterest.com/user/../../etc/passwd',
  'https://www.pinterest.com/us.er/',
  'https://pin.it/',
  'https://pin.it/abc/def',
  'https://pin.it/ab$c',
  'https://www.pinterest.com/search/nothing/?q=x',
  'pinterest.com/pin/1/\u0000',
  `https://www.pinterest.com/${'a'.repeat(3000)}/`,
];

describe('pinterestUrlToLocalPath', () => {
  it.each(ACCEPTED)('%s -> %s', (input, expected) => {
    expect(pinterestUrlToLocalPath(input)).toBe(expected);
  });

  it.each(REJECTED)('rejects %j', (input) => {
    expect(pinterestUrlToLocalPath(input)).toBeNull();
  });

  it('accepts every listed country TLD, and country/www subdomains', () => {
    for (const tld of PINTEREST_HOST_TLDS) {
      expect(pinterestUrlToLocalPath(`https://pinterest.${tld}/pin/7/`)).toBe('/pin/7/');
      expect(pinterestUrlToLocalPath(`www.pinterest.${tld}/pin/7/`)).toBe('/pin/7/');
      expect(pinterestUrlToLocalPath(`https://pinterest.${tld}.evil.com/pin/7/`)).toBeNull();
    }
    expect(pinterestUrlToLocalPath('https://jp.pinterest.com/pin/7/')).toBe('/pin/7/');
    expect(pinterestUrlToLocalPath('https://pinterest.se/pin/7/')).toBeNull(); // not in the list
  });
});

describe('parsePinId', () => {
  it.each([
    ['123', '123'],
    ['some-slug--456', '456'],
    ['a--b--789', '789'],
    ['%D0%BC--10', '10'],
    ['AVBZICDCT7hRTla-jHiJ6w2eVUK1wuq7WRYG8P_uqZIziXisjxatHMA', 'AVBZICDCT7hRTla-jHiJ6w2eVUK1wuq7WRYG8P_uqZIziXisjxatHMA'],
    ['slug-only', null],
    ['a-very-long-lowercase-slug-without-any-id', null],
    ['12a', null],
    ['--', null],
    ['%E0%A4%A', null],
    ['1'.repeat(26), null],
  ])('%s -> %s', (seg, id) => {
    expect(parsePinId(seg)).toBe(id);
  });
});

describe('isReservedName', () => {
  it('knows Pinterest pages and local routes, not usernames', () => {
    for (const n of ['pin', 'search', 'ideas', 'Settings', '_', 'homefeed', 'img', 'static', 'healthz']) expect(isReservedName(n)).toBe(true);
    for (const n of ['idenconvey', 'abracodabra357', 'pinner', 'searching']) expect(isReservedName(n)).toBe(false);
  });
});

describe('localPathToPinterestUrl', () => {
  it('maps canonical local paths back, and refuses others', () => {
    expect(localPathToPinterestUrl('/pin/1/')).toBe('https://www.pinterest.com/pin/1/');
    expect(localPathToPinterestUrl('/pin.it/abc')).toBe('https://pin.it/abc');
    expect(localPathToPinterestUrl('/user/board/', { host: 'de.pinterest.de' })).toBe('https://de.pinterest.de/user/board/');
    expect(localPathToPinterestUrl('/pin/1')).toBeNull(); // not canonical
    expect(localPathToPinterestUrl('/img/x.jpg')).toBeNull();
    expect(localPathToPinterestUrl('//evil.com/')).toBeNull();
    expect(localPathToPinterestUrl('/pin/1/', { host: 'evil.com' })).toBeNull();
  });
});

// ---- properties ----

const USER_WORDS = new Set(['pins', 'tried', 'topics', 'organize', 'report', 'more_ideas', 'invite', 'feed']);
const latinName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_]{2,29}$/);
const unicodeName = fc
  .array(fc.constantFrom(...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяäöüßçéñ日本語中文한국어αβγ0123456789-_'), { minLength: 1, maxLength: 20 })
  .map((cs) => cs.join(''))
  .filter((s) => /[^_-]/.test(s[0]!) && !s.startsWith('-'));
const username = fc.oneof(latinName, unicodeName).filter((u) => !isReservedName(u) && !USER_WORDS.has(u.toLowerCase()));
const slug = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/), unicodeName).filter((s) => !USER_WORDS.has(s) && !s.startsWith('_'));
const numericId = fc.bigInt({ min: 1n, max: 10n ** 19n }).map(String);
const code = fc.stringMatching(/^[A-Za-z0-9]{5,10}$/);
const query = fc.string({ minLength: 1, maxLength: 60 }).filter((q) => q.trim().length > 0 && q.trim() === q);
const host = fc.tuple(fc.constantFrom('', 'www.', 'de.', 'ru.', 'uk.', 'in.'), fc.constantFrom(...PINTEREST_HOST_TLDS)).map(([sub, tld]) => `${sub}pinterest.${tld}`);

const route: fc.Arbitrary<PinterestRoute> = fc.oneof(
  fc.constant({ kind: 'home' as const }),
  code.map((c) => ({ kind: 'shortlink' as const, code: c })),
  numericId.map((id) => ({ kind: 'pin' as const, id })),
  fc.record({ kind: fc.constant('user' as const), user: username, tab: fc.constantFrom(null, '_created' as const, '_saved' as const, 'pins' as const) }),
  fc.record({ kind: fc.constant('board' as const), user: username, board: slug, section: fc.option(slug, { nil: null }) }),
  query.map((q) => ({ kind: 'search' as const, q })),
  username.map((user) => ({ kind: 'user-feed' as const, user })),
  fc.record({ kind: fc.constant('board-feed' as const), user: username, board: slug }),
);

function expectSafeLocalPath(p: string): void {
  expect(p.startsWith('/')).toBe(true);
  expect(p).not.toContain('//');
  expect(p).not.toContain('..');
  expect(p).not.toContain('\\');
  expect(p).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
  expect(p).not.toMatch(/[\s<>"']/);
}

describe('properties', () => {
  it('pinterestUrlToLocalPath(localPathToPinterestUrl(p)) === p, for any country host', () => {
    fc.assert(
      fc.property(route, host, (r, h) => {
        const p = routeToLocalPath(r);
        expectSafeLocalPath(p);
        const url = localPathToPinterestUrl(p, { host: h });
        expect(url).not.toBeNull();
        expect(pinterestUrlToLocalPath(url!)).toBe(p);
      }),
      { numRuns: 500 },
    );
  });

  it('URLs as people paste them (raw Unicode or encoded, any scheme, slugs, /sent/) map to the expected path', () => {
    const scheme = fc.constantFrom('https://', 'http://', '//', '', 'HTTPS://');
    const encodeOrNot = (s: string, raw: boolean) => (raw ? s : encodeURIComponent(s));
    fc.assert(
      fc.property(scheme, host, username, slug, slug, numericId, fc.boolean(), (sch, h, user, board, section, id, raw) => {
        const base = `${sch}${h}`;
        const u = encodeOrNot(user, raw);
        const b = encodeOrNot(board, raw);
        const s = encodeOrNot(section, raw);
        const eu = encodeURIComponent(user);
        const eb = encodeURIComponent(board);
        expect(pinterestUrlToLocalPath(`${base}/pin/${b}--${id}/sent/?invite_code=x&sender=1&sfo=1`)).toBe(`/pin/${id}/`);
        expect(pinterestUrlToLocalPath(`${base}/${u}/`)).toBe(`/${eu}/`);
        expect(pinterestUrlToLocalPath(`${base}/${u}/${b}/${s}/?utm_source=x`)).toBe(`/${eu}/${eb}/${encodeURIComponent(section)}/`);
        expect(pinterestUrlToLocalPath(`${base}/${u}/${b}.rss`)).toBe(`/${eu}/${eb}.rss`);
      }),
      { numRuns: 300 },
    );
  });

  it('any input gives null or a safe local path', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(host, fc.array(fc.constantFrom('pin', '..', '.', '%2e%2e', '%2F', '\\', 'a', '1', 'x--2', '_saved', 'feed.rss', 'b.rss', '%00', '//', '?q=..', 'search', 'pins'), { maxLength: 6 })).map(([h, segs]) => `https://${h}/${segs.join('/')}`),
    );
    fc.assert(
      fc.property(hostile, (input) => {
        const p = pinterestUrlToLocalPath(input);
        if (p !== null) expectSafeLocalPath(p);
      }),
      { numRuns: 2000 },
    );
  });
});
