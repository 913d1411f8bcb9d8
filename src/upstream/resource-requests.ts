// The resource-API calls Corkboard makes, as pure data: resource name, options (exactly as the
// working public code of docs/pinterest-protocol.md §2 sends them), the page path it emulates
// (source_url) and the PWS handler. No I/O here, so each request shape is unit-testable.

import { UpstreamError } from '../domain/errors.js';
import { PWS_HANDLERS } from './upstream-headers.js';

export interface ResourceCall {
  name: string;
  options: Record<string, unknown>;
  /** The pinterest.com path being emulated, percent-encoded ('' when unknown). */
  sourceUrl: string;
  handler: string;
}

/** Page size for paged feeds: what the site and most working code use. */
const PAGE_SIZE = 25;

// Upstream ids are digit strings beyond 2^53 (never numbers); some pins have opaque ids
// (docs/pinterest-protocol.md §7: `/pin/AVBZ...-jHiJ6w.../`), hence letters, `_` and `-` are allowed.
const ID_RE = /^[A-Za-z0-9_-]{1,80}$/;
const NUMERIC_ID_RE = /^[0-9]{1,25}$/;

function invalid(what: string): UpstreamError {
  return new UpstreamError('not-found', `invalid ${what}`);
}

function pinId(id: string): string {
  if (!ID_RE.test(id)) throw invalid('pin id');
  return id;
}

function numericId(what: string, id: string): string {
  if (!NUMERIC_ID_RE.test(id)) throw invalid(what);
  return id;
}

/** Usernames, board and section slugs: decoded text (the router decodes %XX), bounded. */
function name(what: string, s: string): string {
  // No '/', '?', '#', control characters or surrounding space: each is one path segment.
  if (s.length < 1 || s.length > 200 || /[/?#\\\u0000-\u001f\u007f]/.test(s) || s.trim() !== s) throw invalid(what);
  return s;
}

/**
 * Bookmarks are opaque upstream cursors (base64 plus `|`, `*`, `-`...). They may come back from a
 * visitor's URL, so bound them; they only ever travel inside the JSON `data` parameter.
 */
function bookmarks(bookmark: string | undefined): { bookmarks?: string[] } {
  if (bookmark === undefined || bookmark === '') return {};
  if (bookmark.length > 4096 || !/^[\x21-\x7e]+$/.test(bookmark)) throw invalid('bookmark');
  return { bookmarks: [bookmark] };
}

const seg = encodeURIComponent;

/** An emulated page path from upstream data (e.g. board.url "/user/slug/"), kept ASCII-safe. */
function pagePath(what: string, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || path.length > 1000 || /[\s?#\\]/.test(path)) throw invalid(what);
  // encodeURI leaves existing %XX, '/' and ASCII alone and encodes non-ASCII.
  return /^[\x21-\x7e]+$/.test(path) ? path : encodeURI(path);
}

export function pinCall(id: string): ResourceCall {
  pinId(id);
  return {
    name: 'PinResource',
    // field_set_key "detailed": gallery-dl, danbooru, a Go client (docs/pinterest-protocol.md §2).
    // add_fields "pin.gen_ai_topics": py3-pinterest 2026 requests it this way; docs/pinterest-protocol.md §9
    // recommend it as an AI-label signal. Assumption: harmless where the field set lacks it.
    options: { id, field_set_key: 'detailed', add_fields: 'pin.gen_ai_topics' },
    sourceUrl: `/pin/${seg(id)}/`,
    handler: PWS_HANDLERS.pin,
  };
}

export function relatedPinsCall(id: string, bookmark?: string): ResourceCall {
  pinId(id);
  return {
    name: 'RelatedModulesResource',
    // The option set of pinless (2026) and pinterest-dl; additional_fields as several scrapers
    // send it for AI labels (docs/pinterest-protocol.md §9).
    options: {
      pin_id: id,
      context_pin_ids: [],
      page_size: PAGE_SIZE,
      search_query: '',
      source: 'deep_linking',
      top_level_source: 'deep_linking',
      top_level_source_depth: 1,
      is_pdp: false,
      additional_fields: ['pin.gen_ai_topics'],
      ...bookmarks(bookmark),
    },
    sourceUrl: `/pin/${seg(id)}/`,
    handler: PWS_HANDLERS.pin,
  };
}

export function userCall(username: string): ResourceCall {
  name('username', username);
  return {
    name: 'UserResource',
    // The exact options of the recorded profile page's resource cache key.
    options: { username, field_set_key: 'unauth_profile', is_mobile_fork: true },
    sourceUrl: `/${seg(username)}/`,
    handler: PWS_HANDLERS.user,
  };
}

export function userBoardsCall(username: string, bookmark?: string): ResourceCall {
  name('username', username);
  return {
    name: 'BoardsFeedResource',
    options: {
      username,
      field_set_key: 'profile_grid_item',
      filter_stories: false,
      sort: 'last_pinned_to',
      page_size: PAGE_SIZE,
      privacy_filter: 'all',
      include_archived: true,
      ...bookmarks(bookmark),
    },
    sourceUrl: `/${seg(username)}/`,
    handler: PWS_HANDLERS.user,
  };
}

export function userPinsCall(username: string, bookmark?: string): ResourceCall {
  name('username', username);
  return {
    name: 'UserPinsResource',
    // As in the recorded profile page's resource cache ("mobile_grid_item"), plus pin_filter.
    options: {
      username,
      is_own_profile_pins: false,
      field_set_key: 'mobile_grid_item',
      add_vase: true,
      pin_filter: null,
      ...bookmarks(bookmark),
    },
    sourceUrl: `/${seg(username)}/pins/`,
    handler: PWS_HANDLERS.user,
  };
}

export function userCreatedCall(username: string, userId: string, bookmark?: string): ResourceCall {
  name('username', username);
  numericId('user id', userId);
  return {
    name: 'UserActivityPinsResource',
    options: {
      username,
      user_id: userId,
      exclude_add_pin_rep: true,
      field_set_key: 'grid_item',
      is_own_profile_pins: false,
      ...bookmarks(bookmark),
    },
    sourceUrl: `/${seg(username)}/_created/`,
    handler: PWS_HANDLERS.userCreated,
  };
}

export function boardCall(username: string, slug: string): ResourceCall {
  name('username', username);
  name('board slug', slug);
  return {
    name: 'BoardResource',
    options: { username, slug, field_set_key: 'detailed' },
    sourceUrl: `/${seg(username)}/${seg(slug)}/`,
    handler: PWS_HANDLERS.board,
  };
}

export function boardFeedCall(boardId: string, boardUrl: string, bookmark?: string): ResourceCall {
  numericId('board id', boardId);
  const url = pagePath('board url', boardUrl);
  return {
    name: 'BoardFeedResource',
    // gallery-dl's post-2024-11 option set. filter_section_pins false returns every pin of the
    // board, sectioned ones included (pinless does this; true would hide pins kept in sections,
    // which a no-JS board page would then never show).
    options: {
      board_id: boardId,
      board_url: boardUrl,
      field_set_key: 'react_grid_pin',
      filter_section_pins: false,
      sort: 'default',
      layout: 'default',
      page_size: PAGE_SIZE,
      redux_normalize_feed: true,
      currentFilter: -1,
      prepend: false,
      add_vase: true,
      ...bookmarks(bookmark),
    },
    sourceUrl: url,
    handler: PWS_HANDLERS.board,
  };
}

export function boardSectionsCall(boardId: string, bookmark?: string): ResourceCall {
  numericId('board id', boardId);
  return {
    name: 'BoardSectionsResource',
    options: { board_id: boardId, redux_normalize_feed: true, ...bookmarks(bookmark) },
    sourceUrl: '',
    handler: PWS_HANDLERS.board,
  };
}

export function sectionCall(username: string, slug: string, sectionSlug: string): ResourceCall {
  name('username', username);
  name('board slug', slug);
  name('section slug', sectionSlug);
  return {
    name: 'BoardSectionResource',
    options: { username, board_slug: slug, section_slug: sectionSlug },
    sourceUrl: `/${seg(username)}/${seg(slug)}/${seg(sectionSlug)}/`,
    handler: PWS_HANDLERS.section,
  };
}

export function sectionPinsCall(sectionId: string, bookmark?: string): ResourceCall {
  numericId('section id', sectionId);
  return {
    name: 'BoardSectionPinsResource',
    options: {
      section_id: sectionId,
      page_size: PAGE_SIZE,
      field_set_key: 'react_grid_pin',
      redux_normalize_feed: true,
      ...bookmarks(bookmark),
    },
    sourceUrl: '',
    handler: PWS_HANDLERS.section,
  };
}

/** Longest search query sent upstream. */
export const MAX_QUERY_LENGTH = 200;

export function searchCall(query: string, bookmark?: string): ResourceCall {
  const q = query.trim();
  if (!q || q.length > MAX_QUERY_LENGTH || /[\u0000-\u001f\u007f]/.test(q)) throw invalid('search query');
  return {
    name: 'BaseSearchResource',
    // Never `gated: true`: it returns image stubs only (docs/pinterest-protocol.md §0.5).
    options: {
      query: q,
      scope: 'pins',
      rs: 'typed',
      redux_normalize_feed: true,
      page_size: PAGE_SIZE,
      appliedProductFilters: '---',
      ...bookmarks(bookmark),
    },
    sourceUrl: `/search/pins/?q=${seg(q)}&rs=typed`,
    handler: PWS_HANDLERS.search,
  };
}

/** GET path of a resource call: `/resource/<Name>/get/?source_url=...&data=...` (docs/pinterest-protocol.md §2). */
export function resourcePath(call: Pick<ResourceCall, 'name' | 'options' | 'sourceUrl'>): string {
  if (!/^[A-Za-z0-9]{1,80}Resource$/.test(call.name)) throw invalid('resource name');
  const data = JSON.stringify({ options: call.options, context: {} });
  return `/resource/${call.name}/get/?source_url=${encodeURIComponent(call.sourceUrl)}&data=${encodeURIComponent(data)}`;
}
