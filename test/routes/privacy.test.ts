// The privacy invariants over every route, visited once with a visitor's identifying headers:
// (1) nothing references an origin but the instance's own (outbound pin anchors excepted), and
// Pinterest's hosts are named nowhere; (2) security headers on every response; (3) only the
// settings routes set cookies; (4) none of the visitor's headers reach the fake Pinterest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import {
  foreignReferencesInCss,
  foreignReferencesInFeed,
  foreignReferencesInHtml,
  outboundAnchors,
  pinterestHostMentions,
  securityHeaderProblems,
} from './helpers/checks.js';

const P = FAKE_KNOWN.pins;
const USER = FAKE_KNOWN.users[0]!;
const BOARD = FAKE_KNOWN.boards[0]!;
const SECTION = FAKE_KNOWN.sections[0]!;
const Q = encodeURIComponent(FAKE_KNOWN.searchQueries[0]!);
const SIG = 'abcdef0123456789abcdef0123456789';

/** What a browser would send; none of these values may travel upstream. */
const VISITOR = {
  cookie: 'visitor_session=sekrit-c00kie-value; theme=dark',
  'user-agent': 'VisitorUA/1.0',
  referer: 'https://referrer.example/private-page-7f3a',
  'accept-language': 'xx-YY',
  'x-forwarded-for': '203.0.113.77',
  'x-real-ip': '203.0.113.78',
};
const VISITOR_VALUES = ['sekrit-c00kie-value', 'visitor_session', 'VisitorUA/1.0', 'referrer.example', 'private-page-7f3a', 'xx-YY', '203.0.113.77', '203.0.113.78'];

const HTML_PAGES = [
  '/',
  `/pin/${P.image}/`,
  `/pin/${P.video}/`,
  `/pin/${P.videoHlsOnly}/`,
  `/pin/${P.carousel}/`,
  `/pin/${P.ideaPin}/`,
  `/pin/${P.genAiTopics}/`,
  `/pin/${P.pinterestAiLabel}/`,
  `/pin/${P.pinterestAiLabel}/?show=hidden`,
  `/pin/${P.aiProvenance}/?ai=blur`,
  `/${USER}/`,
  `/${USER}/_created/`,
  `/${USER}/_saved/`,
  `/${USER}/pins/`,
  `/${BOARD.username}/${BOARD.slug}/`,
  `/${SECTION.username}/${SECTION.board}/${SECTION.slug}/`,
  `/search/pins/?q=${Q}`,
  `/search/pins/?q=${Q}&ai=label`,
  `/search/pins/?q=${Q}&ai=blur`,
  '/search/pins/?q=alpine+lakes',
  '/search/pins/',
  '/settings',
  '/info',
  '/privacy',
  `/pin/${FAKE_KNOWN.missingPin}/`,
  '/go?url=garbage',
];
const FEEDS = [`/${USER}/feed.rss`, `/${BOARD.username}/${BOARD.slug}.rss`, `/search/pins/feed.rss?q=${Q}`, `/search/pins/feed.rss?q=${Q}&ai=off`];
const OTHER = [
  `/img/736x/ab/cd/ef/${SIG}.jpg`,
  `/img/736x/zz/cd/ef/${SIG}.jpg`,
  `/vid/videos/mc/720p/ab/cd/ef/${SIG}.mp4`,
  `/vid/videos/mc/hls/ab/cd/ef/${SIG}.m3u8`,
  '/static/style.css',
  '/static/nope.png',
  '/healthz',
  '/info.json',
  '/metrics',
  '/robots.txt',
  '/opensearch.xml',
  '/pin.it/cork1',
  `/pin/slug--${P.image}/`,
  `/pin/${P.image}/sent/?invite_code=abc&sender=1`,
  `/go?url=${encodeURIComponent(`https://www.pinterest.com/pin/${P.image}/`)}`,
  '/no/such/route/at/all/',
];
const ALL = [...HTML_PAGES, ...FEEDS, ...OTHER];

interface Visit {
  res: Response;
  body: string;
}

let inst: TestInstance;
const visits = new Map<string, Visit>();

beforeAll(async () => {
  inst = await startTestInstance({ model: null });
  for (const path of ALL) {
    const res = await inst.get(path, VISITOR);
    visits.set(path, { res, body: await res.text() });
  }
  // Background work (scoring fetches) may still be going upstream: let it finish before checking.
  await inst.deps.scorer.idle();
});
afterAll(async () => {
  await inst?.close();
});

function visit(path: string): Visit {
  const v = visits.get(path);
  if (!v) throw new Error(`not visited: ${path}`);
  return v;
}

describe('(1) only the instance\'s own origin is referenced', () => {
  it.each(HTML_PAGES)('page %s', (path) => {
    const { res, body } = visit(path);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect.soft(foreignReferencesInHtml(body)).toEqual([]);
    expect.soft(pinterestHostMentions(body)).toEqual([]);
    for (const a of outboundAnchors(body)) expect(a.rel, a.href).toEqual(expect.arrayContaining(['noopener', 'noreferrer', 'nofollow']));
  });

  it.each(FEEDS)('feed %s', (path) => {
    const { res, body } = visit(path);
    expect(res.status).toBe(200);
    expect.soft(foreignReferencesInFeed(body)).toEqual([]);
    expect.soft(pinterestHostMentions(body)).toEqual([]);
  });

  it('the stylesheet loads nothing from elsewhere', () => {
    const { res, body } = visit('/static/style.css');
    expect(res.status).toBe(200);
    expect(foreignReferencesInCss(body)).toEqual([]);
  });

  it('the pin page\'s cleaned outbound link is an anchor with rel noopener noreferrer nofollow, never a resource', () => {
    const { body } = visit(`/pin/${P.image}/`);
    const out = outboundAnchors(body);
    expect(out.map((a) => new URL(a.href).hostname)).toContain('cabins.example.org');
  });

  it.each(OTHER)('other response %s names no Pinterest host', (path) => {
    const { res, body } = visit(path);
    const type = res.headers.get('content-type') ?? '';
    if (/^(image|video)\//.test(type)) return; // binary media: no references to check
    expect(pinterestHostMentions(body)).toEqual([]);
    if (/mpegurl/i.test(type)) expect(body).not.toMatch(/https?:|\/\//);
    const location = res.headers.get('location');
    if (location) expect(location.startsWith('/') && !location.startsWith('//'), location).toBe(true);
  });
});

describe('(2) security headers on every response', () => {
  it.each(ALL)('%s', (path) => {
    expect(securityHeaderProblems(visit(path).res)).toEqual([]);
  });

  it('also on 304 answers and on POST /settings', async () => {
    const feed = visit(FEEDS[0]!).res;
    const notModified = await inst.get(FEEDS[0]!, { 'if-none-match': feed.headers.get('etag') ?? '' });
    expect(notModified.status).toBe(304);
    expect(securityHeaderProblems(notModified)).toEqual([]);
    const posted = await inst.app.request('/settings', {
      method: 'POST', headers: { host: 'corkboard.test', 'content-type': 'application/x-www-form-urlencoded' }, body: 'ai=label',
    });
    expect(securityHeaderProblems(posted)).toEqual([]);
  });
});

describe('(3) pages set no cookies', () => {
  it.each(ALL)('%s sets no cookie', (path) => {
    expect(visit(path).res.headers.getSetCookie()).toEqual([]);
  });

  it('the upstream\'s own cookies are never passed on', () => {
    // The fake's home page sets csrftoken; whatever the client did with it, no visitor got it.
    for (const [path, v] of visits) expect(v.res.headers.get('set-cookie') ?? '', path).not.toMatch(/csrftoken/);
  });
});

describe('(4) nothing identifying the visitor goes upstream', () => {
  it('the pages above made upstream requests', () => {
    const paths = inst.fake.requests.map((r) => r.path);
    expect(paths.some((p) => p.startsWith('/resource/'))).toBe(true);
    expect(paths.some((p) => /^\/(?:236x|474x|736x)\//.test(p))).toBe(true);
    expect(paths.some((p) => p.startsWith('/videos/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/url_shortener/'))).toBe(true);
  });

  it('none of the visitor\'s header values appear in any upstream request', () => {
    const leaks: string[] = [];
    for (const r of inst.fake.requests) {
      const text = [r.path, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)].join('\n');
      for (const value of VISITOR_VALUES) if (text.toLowerCase().includes(value.toLowerCase())) leaks.push(`${r.method} ${r.path.slice(0, 80)} carries ${value}`);
    }
    expect(leaks).toEqual([]);
  });

  it('no upstream request carries forwarding or referrer headers at all', () => {
    for (const r of inst.fake.requests) {
      for (const h of ['x-forwarded-for', 'x-real-ip', 'forwarded', 'referer', 'cookie']) {
        if (h === 'cookie' && r.headers[h] && !/visitor|sekrit/.test(r.headers[h]!)) continue; // the instance's own session with Pinterest, if any
        expect(r.headers[h], `${h} on ${r.path.slice(0, 80)}`).toBeUndefined();
      }
    }
  });
});
