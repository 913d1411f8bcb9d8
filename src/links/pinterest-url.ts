// Maps any Pinterest URL (every country host, pin.it, slugged and /sent/ pin links) to this instance's
// local path, and back. Pure string work; everything else is rejected (null).
import { isPinterestPageHost, isShortLinkHost } from './pinterest-hosts.js';
import { LOCAL_ROUTES } from '../domain/local-routes.js';

/** A page of Pinterest, as the local routes see it. Segments are decoded (Unicode), not percent-encoded. */
export type PinterestRoute =
  | { kind: 'home' }
  | { kind: 'shortlink'; code: string }
  | { kind: 'pin'; id: string }
  | { kind: 'user'; user: string; tab: UserTab | null }
  | { kind: 'board'; user: string; board: string; section: string | null }
  | { kind: 'search'; q: string }
  /** Pinterest's editorial "Today" pages: not mirrored; the local /today/ page says so. */
  | { kind: 'today' }
  | { kind: 'user-feed'; user: string }
  | { kind: 'board-feed'; user: string; board: string };

type UserTab = '_created' | '_saved' | 'pins';

// The hosts themselves (a closed list, so lookalikes never match) live in pinterest-hosts.ts.
export { PINTEREST_HOST_TLDS } from './pinterest-hosts.js';

// First path segments that are Pinterest's own pages, not usernames: the list in docs/pinterest-protocol.md §7, the
// first segments of __PWS_ROUTES__ in the recorded pages, and this instance's own top-level routes
// (so a mapped URL can never land on the media proxy or the health check).
const RESERVED = new Set([
  // docs/pinterest-protocol.md §7
  'pin', 'search', 'ideas', 'today', 'videos', 'shopping', 'settings', 'business', 'news_hub', 'categories',
  'topics', 'discover', 'login', 'signup', 'about', 'resource', 'docs', '_',
  // __PWS_ROUTES__ first segments (2024 fixtures)
  'board', 'boardsection', 'pin-builder', 'idea-pin-builder', 'homefeed', 'inbox', 'notifications', 'me',
  'lens-search', 'convert-business', 'convert-personal', 'add-account', 'advertiser', 'age-appeal',
  'age_verification', 'app-factory-oauth', 'appealed-pin', 'branded-pins', 'close-account', 'content-claiming',
  'conversation', 'copyright-reporting', 'create-business', 'create-personal', 'creator-onboarding-landing',
  'csrf_error', 'deactivate-account', 'edit', 'email', 'email_verification_error', 'engagement', 'idea-ads-tool',
  'invited', 'linked', 'logout', 'oauth', 'parent_contact_info', 'parental-passcode', 'password',
  'pin-creation-tool', 'pin_catalog', 'pin_redirect', 'pins', 'public-beta', 'pw', 'recently-viewed', 'report',
  'reports-and-violations', 'request-data', 'safe-redirect', 'secure', 'sso', 'story_feed', 'suspension-appeal',
  'switch_account', 'tried_it', 'unauth-profile', 'unlink', 'verify', 'web-custom-svg', 'web-mentorship',
  'website', 'welcome', 'index',
  // this instance's own top-level routes (src/domain/local-routes.ts)
  ...LOCAL_ROUTES.map((r) => r.segment),
]);

/** True when `segment` (a first path segment) is a Pinterest page or local route, not a username. */
export function isReservedName(segment: string): boolean {
  return RESERVED.has(safeDecode(segment)?.toLowerCase() ?? segment.toLowerCase());
}

const USER_TABS = new Map<string, UserTab | null>([
  ['_created', '_created'],
  ['_saved', '_saved'],
  ['_boards', '_saved'], // the boards tab is what /USER/_saved/ shows
  ['pins', 'pins'],
  ['_pins', 'pins'],
  // profile pages this instance does not mirror: the profile itself is the closest
  ['_profile', null], ['_followers', null], ['_following', null], ['_shopping_list', null], ['video_pins', null],
  ['story_pins', null], ['tried', null], ['topics', null], ['organize', null], ['profile-about', null],
  ['report', null], ['scheduled-pins', null], ['scheduled-pin', null],
]);
/** Board sub-pages that map back to the board (or section) itself. */
const BOARD_SUBPAGES = new Set(['more_ideas', '_tools', 'invite', 'organize']);
const SEARCH_SCOPES = new Set(['pins', 'boards', 'users', 'videos']);

const MAX_INPUT = 2048;
const MAX_QUERY = 200;
const MAX_SEGMENT = 200;

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

// Usernames, board and section slugs: letters, digits and marks of any script, '_' and '-'. No dots,
// so `BOARD.rss` is unambiguous and no segment can be '.' or '..'.
const NAME_RE = /^[\p{L}\p{N}\p{M}_-]+$/u;

function nameSegment(raw: string): string | null {
  const s = safeDecode(raw);
  if (s === null || s.length === 0 || s.length > MAX_SEGMENT) return null;
  const n = s.normalize('NFC');
  return NAME_RE.test(n) ? n : null;
}

function userSegment(raw: string): string | null {
  const u = nameSegment(raw);
  return u !== null && !isReservedName(u) ? u : null;
}

/**
 * The pin ID in a `/pin/<segment>/` path: a numeric ID, the ID after the last `--` of a slugged
 * link, or one of the non-numeric IDs (e.g. `AVBZICDCT7hRTla-jHiJ6w2eVUK1wuq7WRYG8P_uqZIziXisjxatHMA`).
 */
export function parsePinId(segment: string): string | null {
  const s = safeDecode(segment);
  if (s === null) return null;
  if (/^\d{1,25}$/.test(s)) return s;
  const slugged = /--(\d{1,25})$/.exec(s);
  if (slugged && s.length <= 400) return slugged[1]!;
  // Non-numeric IDs are long base64url strings. Assumption: they always hold an uppercase letter,
  // which Pinterest's lowercase slugs never do, so a slug without `--ID` is not taken for one.
  if (/^[A-Za-z0-9_-]{30,100}$/.test(s) && /[A-Z]/.test(s)) return s;
  return null;
}

const enc = encodeURIComponent;

/** The local path of a route: the same path as on pinterest.com, canonically encoded. */
export function routeToLocalPath(route: PinterestRoute): string {
  switch (route.kind) {
    case 'home':
      return '/';
    case 'shortlink':
      return `/pin.it/${route.code}`;
    case 'pin':
      return `/pin/${enc(route.id)}/`;
    case 'user':
      return `/${enc(route.user)}/${route.tab ? `${route.tab}/` : ''}`;
    case 'board':
      return `/${enc(route.user)}/${enc(route.board)}/${route.section !== null ? `${enc(route.section)}/` : ''}`;
    case 'search':
      // Dots encoded too, so no local path ever contains '..'.
      return `/search/pins/?${new URLSearchParams({ q: route.q }).toString().replace(/\./g, '%2E')}`;
    case 'today':
      return '/today/';
    case 'user-feed':
      return `/${enc(route.user)}/feed.rss`;
    case 'board-feed':
      return `/${enc(route.user)}/${enc(route.board)}.rss`;
  }
}

/** Reads a Pinterest (or, identically, local) path and query into a route; null if unsupported. */
export function parsePinterestPath(pathname: string, search: URLSearchParams): PinterestRoute | null {
  const segs = pathname.split('/').filter((s) => s.length > 0);
  if (pathname.includes('//') || pathname.includes('\\')) return null;
  const [first, second, third, fourth] = segs;
  if (first === undefined) return { kind: 'home' };
  const head = first.toLowerCase();

  if (head === 'pin') {
    const id = second === undefined ? null : parsePinId(second);
    return id === null ? null : { kind: 'pin', id }; // /pin/ID/sent/, /comments/, ...: the pin itself
  }
  if (head === 'search') {
    // /search/?q= and /search/boards|users|videos/?q=: pin search is the nearest page this instance has.
    if ((second !== undefined && !SEARCH_SCOPES.has(second.toLowerCase())) || segs.length > 2) return null;
    const q = (search.get('q') ?? '').replace(/[\u0000-\u001F\u007F]/g, ' ').trim().slice(0, MAX_QUERY).trim();
    return q ? { kind: 'search', q } : { kind: 'home' };
  }
  if (head === 'ideas') {
    // /ideas/<interest-slug>/<id>/ (slugs in any script): a pin search for the interest's words.
    // The interest feed itself (InterestResource) is not mirrored. /ideas/ alone: the home page.
    if (second === undefined) return { kind: 'home' };
    const slug = nameSegment(second);
    if (slug === null || segs.length > 3 || (third !== undefined && !/^\d{1,25}$/.test(third))) return null;
    const q = slug.replace(/[-_]+/g, ' ').trim().slice(0, MAX_QUERY);
    return q ? { kind: 'search', q } : { kind: 'home' };
  }
  if (head === 'today') return { kind: 'today' };
  if (segs.length === 1) {
    const user = userSegment(first);
    return user === null ? null : { kind: 'user', user, tab: null };
  }
  // From here: /USER/...
  const user = userSegment(first);
  if (user === null || second === undefined) return null;

  if (segs.length === 2 && second.endsWith('.rss')) {
    if (second === 'feed.rss') return { kind: 'user-feed', user };
    const board = nameSegment(second.slice(0, -'.rss'.length));
    return board === null ? null : { kind: 'board-feed', user, board };
  }
  const tabName = second.toLowerCase();
  if (USER_TABS.has(tabName) || second.startsWith('_')) {
    let tab = USER_TABS.get(tabName) ?? null;
    // /USER/_profile/_created/ and /USER/_profile/_saved/ are the same tabs
    if (tabName === '_profile' && third !== undefined) tab = USER_TABS.get(third.toLowerCase()) ?? null;
    return { kind: 'user', user, tab };
  }
  const board = nameSegment(second);
  if (board === null) return null;
  // /USER/BOARD/more_ideas/, /USER/BOARD/_tools/...: the board itself
  if (third === undefined || BOARD_SUBPAGES.has(third.toLowerCase())) return { kind: 'board', user, board, section: null };
  const section = nameSegment(third);
  if (section === null) return null;
  if (fourth === undefined || BOARD_SUBPAGES.has(fourth.toLowerCase())) return { kind: 'board', user, board, section };
  return null;
}

/** Parses any form of Pinterest URL into a route; null for anything that is not one. */
export function parsePinterestUrl(input: string): PinterestRoute | null {
  if (typeof input !== 'string') return null;
  let s = input.trim();
  if (s.length === 0 || s.length > MAX_INPUT || /[\u0000-\u001F\u007F]/.test(s)) return null;
  // The URL parser would resolve dot segments (`/user/../x`); such input is not a Pinterest link.
  if (/(^|[/\\])(\.|%2e){1,2}([/\\?#]|$)/i.test(s)) return null;
  if (/^https?:\/\//i.test(s)) {
    // as is
  } else if (s.startsWith('//')) {
    s = `https:${s}`;
  } else if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(s)) {
    return null; // javascript:, data:, mailto:, ftp:, ...
  } else {
    s = `https://${s}`;
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();

  if (isShortLinkHost(host)) {
    const m = /^\/([A-Za-z0-9]{1,32})\/?$/.exec(url.pathname);
    return m ? { kind: 'shortlink', code: m[1]! } : null;
  }
  if (!isPinterestPageHost(host)) return null;
  return parsePinterestPath(url.pathname, url.searchParams);
}

/**
 * Any Pinterest URL form to the local path of this instance (`/pin/ID/`, `/USER/BOARD/`,
 * `/search/pins/?q=…`, `/pin.it/CODE`, ...), tracking parameters dropped; null for anything else.
 */
export function pinterestUrlToLocalPath(input: string): string | null {
  const route = parsePinterestUrl(input);
  return route === null ? null : routeToLocalPath(route);
}

/**
 * The pinterest.com URL of a canonical local path (the reverse mapping); null if `path` is not one
 * that pinterestUrlToLocalPath produces. `host` picks a country host (default www.pinterest.com).
 */
export function localPathToPinterestUrl(path: string, opts: { host?: string } = {}): string | null {
  const host = (opts.host ?? 'www.pinterest.com').toLowerCase();
  if (!isPinterestPageHost(host) || !path.startsWith('/') || path.startsWith('//')) return null;
  const shortlink = /^\/pin\.it\/([A-Za-z0-9]{1,32})$/.exec(path);
  if (shortlink) return `https://pin.it/${shortlink[1]}`;
  const q = path.indexOf('?');
  const pathname = q === -1 ? path : path.slice(0, q);
  const route = parsePinterestPath(pathname, new URLSearchParams(q === -1 ? '' : path.slice(q + 1)));
  if (route === null || routeToLocalPath(route) !== path) return null;
  return `https://${host}${path}`;
}
