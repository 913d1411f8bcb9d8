// What the fake Pinterest knows: the project's own fixtures (test/fixtures/pinterest), the real
// recordings in ../shared when present, and synthetic objects for everything else. Answers resource
// API calls and page requests with upstream-shaped JSON and HTML.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractEmbedded } from '../src/parse/embedded.js';
import { fillMissing } from '../src/parse/html-pages.js';
import { pinPageHtml, ssrPage, type CachedResource } from './fake-html.js';
import {
  isSyntheticPinId,
  syntheticBoard,
  syntheticBoardSlugs,
  syntheticPin,
  syntheticPins,
  syntheticUser,
} from './fake-synthetic.js';

type Json = Record<string, unknown>;

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../test/fixtures/pinterest/', import.meta.url));

/** Queries, ids and names the fake answers from fixtures (everything else is synthetic or 404). */
export const FAKE_KNOWN = {
  searchQueries: ['forest cabin'],
  /** Answered with the real recording when ../shared is present. */
  realSearchQueries: ['nature aesthetic'],
  /** Search for this returns no results. */
  emptySearchQuery: 'no results',
  pins: {
    image: '9007199254740993',
    aiProvenance: '9007199254740995',
    aiDataset: '9007199254740997',
    realDataset: '9007199254740999',
    video: '9007199254741007',
    pinterestAiLabel: '9007199254741015',
    carousel: '9007199254741017',
    videoHlsOnly: '9007199254741019',
    ideaPin: '9007199254741021',
    genAiTopics: '9007199254741023',
    /** A carousel on the ai-experiments board whose third image carries AUTOMATIC1111 provenance. */
    carouselAiThird: '9007199254741025',
    promoted: '9007199254741005',
  },
  /** Pin pages from ../shared (relay data), when present. */
  realPins: ['165366617561100485', '994873373926688735', '52213676923889828'],
  users: ['corkboard_demo'],
  realUsers: ['idenconvey', 'abracodabra357'],
  boards: [{ username: 'corkboard_demo', slug: 'forest-cabins', id: '9007199254741201' }, { username: 'corkboard_demo', slug: 'ai-experiments', id: '9007199254741203' }],
  sections: [{ username: 'corkboard_demo', board: 'forest-cabins', slug: 'interiors', id: '9007199254741301' }],
  /** A pin id that PinResource answers with a 404 envelope. */
  missingPin: '9007199254749999',
  /** Usernames starting with this are unknown (404); any other name gets a synthetic profile. */
  missingUserPrefix: 'missing',
  shortLinks: { cork1: '/pin/9007199254740993/', cork2: '/corkboard_demo/forest-cabins/', realpin: '/pin/165366617561100485/' } as Record<string, string>,
};

export interface ResourceAnswer {
  status: number;
  body: unknown;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function envelope(name: string, options: Json, data: unknown, bookmark?: string | null): Json {
  const rr: Json = { status: 'success', code: 0, message: 'ok', data, http_status: 200 };
  if (bookmark !== undefined && bookmark !== null) rr['bookmark'] = bookmark;
  return {
    resource_response: rr,
    client_context: { is_authenticated: false, app_version: 'fake000' },
    resource: { name, options: bookmark ? { ...options, bookmarks: [bookmark] } : options },
    request_identifier: '7000000000000000',
  };
}

function notFoundEnvelope(name: string, options: Json, message: string): ResourceAnswer {
  return {
    status: 404,
    body: {
      resource_response: {
        status: 'failure',
        code: 30,
        message,
        data: null,
        error: { http_status: 404, code: 30, message, status: 'failure' },
        http_status: 404,
      },
      resource: { name, options },
    },
  };
}

/** Synthetic pagination: `synthetic|<key>|<page>` in base64; three pages per feed. */
const SYNTHETIC_PAGES = 3;
const PAGE_SIZE = 12;
function syntheticBookmark(key: string, page: number): string | null {
  return page + 1 < SYNTHETIC_PAGES ? Buffer.from(`synthetic|${key}|${page + 1}`).toString('base64') : '-end-';
}
function syntheticPage(bookmark: unknown, key: string): number {
  if (typeof bookmark !== 'string') return 0;
  const text = Buffer.from(bookmark, 'base64').toString('utf8');
  const m = /^synthetic\|(.*)\|(\d)$/.exec(text);
  return m && m[1] === key ? Number(m[2]) : 0;
}

/** A REST-shaped pin from a pin page's merged Relay data, so PinResource can answer for real pages. */
function restFromRelay(r: Json): Json {
  const images: Json = {};
  for (const [k, v] of Object.entries(r)) {
    const m = /^imageSpec_(\d+x|orig)$/.exec(k);
    if (m && isObject(v) && typeof v['url'] === 'string') images[m[1]!] = v;
  }
  const story = isObject(r['storyPinData']) ? r['storyPinData'] : null;
  const pages = Array.isArray(story?.['pages']) ? (story!['pages'] as unknown[]) : [];
  const pinner = isObject(r['pinner']) ? r['pinner'] : {};
  const board = isObject(r['board']) ? r['board'] : {};
  const agg = isObject(r['aggregatedPinData']) ? r['aggregatedPinData'] : {};
  return {
    id: r['entityId'],
    type: 'pin',
    title: r['title'],
    grid_title: r['gridTitle'],
    description: r['description'],
    closeup_unified_description: r['closeupUnifiedDescription'],
    alt_text: r['altText'],
    auto_alt_text: r['autoAltText'],
    seo_title: r['seoTitle'],
    images,
    image_signature: r['imageSignature'],
    dominant_color: r['dominantColor'],
    created_at: r['createdAt'],
    link: r['link'],
    tracked_link: r['trackedLink'],
    domain: r['domain'],
    pinner: { id: pinner['entityId'], username: pinner['username'], full_name: pinner['fullName'], image_medium_url: pinner['imageMediumUrl'] },
    board: { id: board['entityId'], name: board['name'], url: board['url'] },
    is_promoted: r['isPromoted'] === true,
    digital_media_source_type: r['digitalMediaSourceType'] ?? null,
    aggregated_pin_data: { aggregated_stats: isObject(agg['aggregatedStats']) ? agg['aggregatedStats'] : {}, comment_count: agg['commentCount'] },
    videos: null,
    story_pin_data: story
      ? {
          pages: pages.filter(isObject).map((page) => ({
            blocks: (Array.isArray(page['blocks']) ? page['blocks'] : []).filter(isObject).map((b) => {
              const videoList: Json = {};
              const data = isObject(b['videoData']) ? b['videoData'] : {};
              for (const [k, list] of Object.entries(data)) {
                if (!k.startsWith('videoList') || !isObject(list)) continue;
                for (const [name, entry] of Object.entries(list)) if (isObject(entry)) videoList[`V_${name.slice(1)}`] = entry;
              }
              return b['__typename'] === 'StoryPinVideoBlock'
                ? { type: 'story_pin_video_block', block_type: 3, video: { video_list: videoList } }
                : { type: String(b['__typename'] ?? '') };
            }),
          })),
        }
      : null,
  };
}

interface RealProfile {
  html: string;
  resources: Map<string, { data: unknown; nextBookmark: unknown }>;
}

export class FakeCatalog {
  /** Every REST pin the fixtures mention, by id (detailed resources override grid items). */
  private readonly pins = new Map<string, Json>();
  private readonly fixtureFiles = new Map<string, Json>();
  private readonly pinPages = new Map<string, string>();
  private readonly realPinRest = new Map<string, Json>();
  private readonly realProfiles = new Map<string, RealProfile>();
  private realSearch: Json | null = null;
  private readonly syntheticBoards = new Map<string, { username: string; slug: string }>();

  constructor(fixturesDir: string, sharedDir: string | null) {
    if (existsSync(fixturesDir)) this.loadFixtures(fixturesDir);
    if (sharedDir && existsSync(join(sharedDir, 'fixtures', 'pinterest'))) this.loadShared(join(sharedDir, 'fixtures', 'pinterest'));
  }

  private loadFixtures(dir: string): void {
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.json')) {
        const json = readJson(join(dir, f));
        this.fixtureFiles.set(f, json);
        const rr = isObject(json['resource_response']) ? json['resource_response'] : {};
        const data = rr['data'];
        const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data['results']) ? data['results'] : [];
        for (const item of list) this.rememberPins(item, false);
        if (f.startsWith('pin-resource-')) this.rememberPins(data, true);
      } else if (/^pin-page-(\d+)\.html$/.test(f)) {
        this.pinPages.set(/^pin-page-(\d+)\.html$/.exec(f)![1]!, readFileSync(join(dir, f), 'utf8'));
      }
    }
  }

  private rememberPins(item: unknown, detailed: boolean): void {
    if (!isObject(item)) return;
    if (item['type'] === 'story' && Array.isArray(item['objects'])) for (const o of item['objects']) this.rememberPins(o, detailed);
    if (item['type'] === 'pin' && typeof item['id'] === 'string' && (detailed || !this.pins.has(item['id']))) this.pins.set(item['id'], item);
  }

  private loadShared(dir: string): void {
    for (const f of readdirSync(dir)) {
      const pinPage = /^html-pin-(\d+)-/.exec(f);
      const userPage = /^html-user-([A-Za-z0-9_.-]+?)-/.exec(f);
      if (f === 'api-BaseSearchResource-v3_search_pins-nature-aesthetic-loggedout-2024.json') {
        this.realSearch = readJson(join(dir, f));
        const rr = this.realSearch['resource_response'];
        const data = isObject(rr) ? rr['data'] : null;
        if (isObject(data) && Array.isArray(data['results'])) for (const p of data['results']) this.rememberPins(p, false);
      } else if (pinPage) {
        const html = readFileSync(join(dir, f), 'utf8');
        this.pinPages.set(pinPage[1]!, html);
        const merged = this.mergedRelay(html, pinPage[1]!);
        if (merged) this.realPinRest.set(pinPage[1]!, restFromRelay(merged));
      } else if (userPage) {
        const html = readFileSync(join(dir, f), 'utf8');
        this.realProfiles.set(userPage[1]!, { html, resources: this.resourceCache(html) });
      }
    }
  }

  private mergedRelay(html: string, id: string): Json | null {
    let merged: unknown = null;
    for (const r of extractEmbedded(html).relay) {
      const data = isObject(r) && isObject(r['response']) && isObject(r['response']['data']) ? r['response']['data']['v3GetPinQuery'] : null;
      const pin = isObject(data) ? data['data'] : null;
      if (isObject(pin) && pin['entityId'] === id) merged = fillMissing(merged, pin);
    }
    return isObject(merged) ? merged : null;
  }

  /** `Name` -> the richest cached entry of that resource in a profile page. */
  private resourceCache(html: string): Map<string, { data: unknown; nextBookmark: unknown }> {
    const out = new Map<string, { data: unknown; nextBookmark: unknown }>();
    for (const props of extractEmbedded(html).initialProps) {
      const state = isObject(props) && isObject(props['initialReduxState']) ? props['initialReduxState'] : null;
      const resources = state && isObject(state['resources']) ? state['resources'] : {};
      for (const [name, entries] of Object.entries(resources)) {
        if (!isObject(entries)) continue;
        for (const e of Object.values(entries)) {
          if (!isObject(e)) continue;
          const size = JSON.stringify(e['data'] ?? null).length;
          const seen = out.get(name);
          if (!seen || JSON.stringify(seen.data ?? null).length < size) out.set(name, { data: e['data'], nextBookmark: e['nextBookmark'] });
        }
      }
    }
    return out;
  }

  private file(name: string): Json | null {
    return this.fixtureFiles.get(name) ?? null;
  }

  private fromFile(name: string): ResourceAnswer | null {
    const json = this.file(name);
    return json ? { status: 200, body: json } : null;
  }

  private bookmarkOf(file: string): string | null {
    const rr = this.file(file)?.['resource_response'];
    return isObject(rr) && typeof rr['bookmark'] === 'string' ? rr['bookmark'] : null;
  }

  /** A pin as PinResource would send it, or null when unknown. */
  pin(id: string): Json | null {
    return this.pins.get(id) ?? this.realPinRest.get(id) ?? (isSyntheticPinId(id) ? syntheticPin(id) : null);
  }

  resource(name: string, options: Json): ResourceAnswer {
    const bookmark = Array.isArray(options['bookmarks']) ? options['bookmarks'][0] : undefined;
    const str = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : typeof options[k] === 'number' ? String(options[k]) : '');
    const ok = (data: unknown, next?: string | null): ResourceAnswer => ({ status: 200, body: envelope(name, options, data, next) });
    const synthetic = (key: string, context: { username?: string; boardSlug?: string } = {}): ResourceAnswer => {
      const page = syntheticPage(bookmark, key);
      return ok(syntheticPins(key, page, PAGE_SIZE, context), syntheticBookmark(key, page));
    };

    switch (name) {
      case 'BaseSearchResource': {
        const query = str('query').trim().toLowerCase();
        if (query === FAKE_KNOWN.emptySearchQuery) return ok({ results: [] }, '-end-');
        if (query === 'forest cabin') {
          const page2 = this.bookmarkOf('search-forest-cabin-page1.json');
          const f = bookmark === undefined ? 'search-forest-cabin-page1.json' : bookmark === page2 ? 'search-forest-cabin-page2.json' : null;
          const answer = f ? this.fromFile(f) : null;
          if (answer) return answer;
        }
        if (query === 'nature aesthetic' && this.realSearch && bookmark === undefined) return { status: 200, body: this.realSearch };
        const key = `search:${query}`;
        const page = syntheticPage(bookmark, key);
        return ok({ results: syntheticPins(key, page, PAGE_SIZE) }, syntheticBookmark(key, page));
      }
      case 'PinResource': {
        const id = str('id') || str('pin_id');
        const detailed = [...this.fixtureFiles.entries()].find(
          ([f, j]) => f.startsWith('pin-resource-') && isObject(j['resource_response']) && isObject(j['resource_response']['data']) && j['resource_response']['data']['id'] === id,
        );
        if (detailed) return { status: 200, body: detailed[1] };
        const pin = this.pin(id);
        return pin ? ok(pin) : notFoundEnvelope(name, options, 'Pin not found.');
      }
      case 'RelatedModulesResource':
      case 'RelatedPinFeedResource': {
        const id = str('pin_id') || str('pin') || str('id');
        const fixture = id === FAKE_KNOWN.pins.image && bookmark === undefined ? this.fromFile('related-9007199254740993.json') : null;
        if (fixture) return fixture;
        return this.pin(id) ? synthetic(`related:${id}`) : notFoundEnvelope(name, options, 'Pin not found.');
      }
      case 'UserResource': {
        const username = str('username');
        const fixture = username === 'corkboard_demo' ? this.fromFile('user-resource-corkboard_demo.json') : null;
        if (fixture) return fixture;
        const real = this.realProfiles.get(username)?.resources.get('UserResource');
        if (real) return ok(real.data);
        if (!username || username.startsWith(FAKE_KNOWN.missingUserPrefix)) return notFoundEnvelope(name, options, 'User not found.');
        return ok(syntheticUser(username));
      }
      case 'BoardsFeedResource':
      case 'BoardsResource': {
        const username = str('username');
        const fixture = username === 'corkboard_demo' && bookmark === undefined ? this.fromFile('boards-feed-corkboard_demo.json') : null;
        if (fixture) return fixture;
        const real = this.realProfiles.get(username)?.resources.get('BoardsFeedResource');
        if (real && bookmark === undefined) return ok(real.data, typeof real.nextBookmark === 'string' ? real.nextBookmark : null);
        if (!username || username.startsWith(FAKE_KNOWN.missingUserPrefix)) return notFoundEnvelope(name, options, 'User not found.');
        if (bookmark !== undefined) return ok([], '-end-');
        return ok(syntheticBoardSlugs(username).map((slug) => this.rememberBoard(syntheticBoard(username, slug), username, slug)), '-end-');
      }
      case 'UserPinsResource':
      case 'UserActivityPinsResource': {
        const username = str('username');
        const fixture = name === 'UserPinsResource' ? 'user-pins-corkboard_demo.json' : 'user-activity-pins-corkboard_demo.json';
        const answer = username === 'corkboard_demo' && bookmark === undefined ? this.fromFile(fixture) : null;
        if (answer) return answer;
        const real = this.realProfiles.get(username)?.resources.get(name);
        if (real && bookmark === undefined) return ok(real.data, typeof real.nextBookmark === 'string' ? real.nextBookmark : null);
        if (!username || username.startsWith(FAKE_KNOWN.missingUserPrefix)) return notFoundEnvelope(name, options, 'User not found.');
        return synthetic(`${name}:${username}`, { username });
      }
      case 'BoardResource': {
        const username = str('username');
        const slug = str('slug');
        const board = this.board(username, slug);
        return board ? ok(board) : notFoundEnvelope(name, options, 'Board not found.');
      }
      case 'BoardFeedResource': {
        const boardId = str('board_id');
        if (boardId === '9007199254741201') {
          const page2 = this.bookmarkOf('board-feed-forest-cabins.json');
          const f = bookmark === undefined ? 'board-feed-forest-cabins.json' : bookmark === page2 ? 'board-feed-forest-cabins-page2.json' : null;
          const answer = f ? this.fromFile(f) : null;
          if (answer) return answer;
        }
        if (boardId === '9007199254741203' && bookmark === undefined) {
          const pins = [...this.pins.values()].filter((p) => isObject(p['board']) && p['board']['id'] === boardId);
          return ok(pins, '-end-');
        }
        if (!/^\d{1,25}$/.test(boardId)) return notFoundEnvelope(name, options, 'Board not found.');
        const known = this.syntheticBoards.get(boardId);
        return synthetic(`board:${boardId}`, known ? { username: known.username, boardSlug: known.slug } : {});
      }
      case 'BoardSectionsResource': {
        const boardId = str('board_id');
        const fixture = boardId === '9007199254741201' ? this.fromFile('board-sections-forest-cabins.json') : null;
        if (fixture) return fixture;
        return /^\d{1,25}$/.test(boardId) ? ok([], '-end-') : notFoundEnvelope(name, options, 'Board not found.');
      }
      case 'BoardSectionResource': {
        const section = FAKE_KNOWN.sections[0]!;
        const byId = str('section_id') === section.id;
        const byName = str('username') === section.username && str('board_slug') === section.board && str('section_slug') === section.slug;
        return (byId || byName ? this.fromFile('board-section-interiors.json') : null) ?? notFoundEnvelope(name, options, 'Section not found.');
      }
      case 'BoardSectionPinsResource': {
        const fixture = str('section_id') === FAKE_KNOWN.sections[0]!.id && bookmark === undefined ? this.fromFile('board-section-pins-interiors.json') : null;
        return fixture ?? notFoundEnvelope(name, options, 'Section not found.');
      }
      default:
        return notFoundEnvelope(name, options, `Unknown resource ${name}.`);
    }
  }

  private rememberBoard(board: Json, username: string, slug: string): Json {
    this.syntheticBoards.set(String(board['id']), { username, slug });
    return board;
  }

  /** A board by owner and slug: fixture boards, the real profile's boards, or a synthetic one. */
  board(username: string, slug: string): Json | null {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(username) || !/^[A-Za-z0-9%._~-]{1,200}$/.test(slug)) return null;
    const url = `/${username}/${slug}/`;
    const fixtureBoards = [this.file('board-resource-forest-cabins.json'), this.file('boards-feed-corkboard_demo.json')]
      .map((j) => (j && isObject(j['resource_response']) ? j['resource_response']['data'] : null))
      .flatMap((d) => (Array.isArray(d) ? d : [d]))
      .filter(isObject);
    const real = this.realProfiles.get(username)?.resources.get('BoardsFeedResource')?.data;
    const candidates = [...fixtureBoards, ...(Array.isArray(real) ? real.filter(isObject) : [])];
    const hit = candidates.find((b) => b['url'] === url);
    if (hit) return hit;
    if (username === 'corkboard_demo' || this.realProfiles.has(username) || username.startsWith(FAKE_KNOWN.missingUserPrefix)) return null;
    return this.rememberBoard(syntheticBoard(username, slug), username, slug);
  }

  /** HTML of `/pin/<id>/`, or null for an unknown pin. */
  pinPageHtml(id: string): string | null {
    const page = this.pinPages.get(id);
    if (page) return page;
    const pin = this.pins.get(id) ?? (isSyntheticPinId(id) ? syntheticPin(id) : null);
    return pin ? pinPageHtml(pin) : null;
  }

  /** HTML of a profile (`/<user>/`, `/<user>/_created/`, ...), or null for an unknown user. */
  userPageHtml(username: string, tab: string): string | null {
    const real = this.realProfiles.get(username);
    if (real) return real.html;
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(username) || username.startsWith(FAKE_KNOWN.missingUserPrefix)) return null;
    const answer = (name: string, options: Json) => {
      const a = this.resource(name, options);
      const rr = isObject(a.body) && isObject(a.body['resource_response']) ? a.body['resource_response'] : {};
      return { data: rr['data'], next: typeof rr['bookmark'] === 'string' ? rr['bookmark'] : null };
    };
    const user = answer('UserResource', { username });
    const boards = answer('BoardsFeedResource', { username });
    const pinsName = tab === '_created' ? 'UserActivityPinsResource' : 'UserPinsResource';
    const pins = answer(pinsName, { username });
    const resources: CachedResource[] = [
      { name: 'UserResource', options: { field_set_key: 'unauth_profile', is_mobile_fork: true, username }, data: user.data },
      { name: 'BoardsFeedResource', options: { field_set_key: 'profile_grid_item', sort: 'last_pinned_to', username }, data: boards.data, nextBookmark: boards.next },
      { name: pinsName, options: { field_set_key: 'mobile_grid_item', username }, data: pins.data, nextBookmark: pins.next },
    ];
    return ssrPage({
      title: `${username} - Profile | Pinterest`,
      handler: tab === '_created' ? 'www/[username]/_created.js' : 'www/[username].js',
      fullPath: tab ? `/${username}/${tab}/` : `/${username}/`,
      resources,
    });
  }

  /** HTML of `/<user>/<board>/`, or null for an unknown board. */
  boardPageHtml(username: string, slug: string): string | null {
    const board = this.board(username, slug);
    if (!board) return null;
    const feed = this.resource('BoardFeedResource', { board_id: String(board['id']) });
    const rr = isObject(feed.body) && isObject(feed.body['resource_response']) ? feed.body['resource_response'] : {};
    return ssrPage({
      title: `${String(board['name'])} | Pinterest`,
      handler: 'www/[username]/[slug].js',
      fullPath: `/${username}/${slug}/`,
      resources: [
        { name: 'BoardResource', options: { field_set_key: 'detailed', slug, username }, data: board },
        { name: 'BoardFeedResource', options: { board_id: String(board['id']), field_set_key: 'react_grid_pin' }, data: rr['data'], nextBookmark: typeof rr['bookmark'] === 'string' ? rr['bookmark'] : null },
      ],
    });
  }
}
