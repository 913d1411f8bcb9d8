// Server-rendered Pinterest pages -> typed objects: a pin page (Relay blocks, else the Redux pin
// map), a profile page and a board page (the Redux `resources` cache).
import type { Board, BoardSection, Page, Pin, User } from '../domain/types.js';
import { badShape } from '../domain/errors.js';
import { isObject, optObj, type JsonObject } from './decode.js';
import { extractEmbedded, type EmbeddedData } from './embedded.js';
import { notPromoted, toPage } from './page.js';
import { relayToPin, toPin } from './pin.js';
import { toBoard, toBoardItem, toSection } from './board.js';
import { toUser } from './user.js';

// ---- merging the partial Relay blocks ----

/**
 * A pin page splits one pin over several Relay queries (CloseupPageQuery, CloseupDetailQuery,
 * CloseupStoryPinQuery), each with some fields. Fill what one lacks from the others; equal-length
 * arrays (story pages, blocks) merge element by element.
 */
export function fillMissing(target: unknown, source: unknown, depth = 0): unknown {
  if (depth > 12) return target;
  if (target === null || target === undefined) return source;
  if (Array.isArray(target) && Array.isArray(source)) {
    if (target.length === 0) return source;
    if (target.length !== source.length) return target;
    return target.map((t, i) => fillMissing(t, source[i], depth + 1));
  }
  if (isObject(target) && isObject(source)) {
    const out: JsonObject = { ...target };
    for (const [k, v] of Object.entries(source)) out[k] = fillMissing(out[k], v, depth + 1);
    return out;
  }
  return target;
}

function relayPins(emb: EmbeddedData): Map<string, JsonObject> {
  const byId = new Map<string, JsonObject>();
  for (const r of emb.relay) {
    if (!isObject(r)) continue;
    const data = optObj(optObj(optObj(optObj(r, 'response'), 'data'), 'v3GetPinQuery'), 'data');
    if (!data) continue;
    const variablesId = optObj(r, 'variables')?.['pinId'];
    const id = typeof data['entityId'] === 'string' ? data['entityId'] : typeof variablesId === 'string' ? variablesId : null;
    if (!id) continue;
    const seen = byId.get(id);
    byId.set(id, seen ? (fillMissing(seen, data) as JsonObject) : data);
  }
  return byId;
}

/** The Redux state of each `__PWS_INITIAL_PROPS__` (or the pre-2022 `__PWS_DATA__.props`). */
function reduxStates(emb: EmbeddedData): JsonObject[] {
  const states: JsonObject[] = [];
  for (const p of emb.initialProps) {
    const s = optObj(isObject(p) ? p : null, 'initialReduxState');
    if (s) states.push(s);
  }
  for (const d of emb.pwsData) {
    const s = optObj(optObj(isObject(d) ? d : null, 'props'), 'initialReduxState');
    if (s) states.push(s);
  }
  return states;
}

/** A pin page: Relay first (full data), else `initialReduxState.pins[id]` (REST shape). */
export function parsePinPage(html: string, pinId?: string): Pin {
  const emb = extractEmbedded(html);
  const relay = relayPins(emb);
  const relayHit = pinId !== undefined ? relay.get(pinId) : relay.values().next().value;
  if (relayHit) return relayToPin(relayHit, 'data-relay-response.response.data.v3GetPinQuery.data');
  for (const state of reduxStates(emb)) {
    const pins = optObj(state, 'pins');
    if (!pins) continue;
    const key = pinId ?? Object.keys(pins)[0];
    if (key !== undefined && isObject(pins[key])) return toPin(pins[key], `initialReduxState.pins.${key}`);
  }
  throw badShape('$', pinId ? `no data for pin ${pinId} in page` : 'no pin data in page');
}

// ---- the Redux resource cache ----

interface ResourceEntry {
  /** Cache key, e.g. `field_set_key="unauth_profile",is_mobile_fork=true,username="x"`. */
  key: string;
  data: unknown;
  nextBookmark: unknown;
  path: string;
}

function resourceEntries(state: JsonObject, name: string): ResourceEntry[] {
  const byKey = optObj(optObj(state, 'resources'), name);
  if (!byKey) return [];
  return Object.entries(byKey)
    .filter((e): e is [string, JsonObject] => isObject(e[1]))
    .map(([key, e]) => ({ key, data: e['data'], nextBookmark: e['nextBookmark'], path: `initialReduxState.resources.${name}[${JSON.stringify(key)}].data` }));
}

function resourceCount(state: JsonObject): number {
  const resources = optObj(state, 'resources');
  return resources ? Object.values(resources).reduce<number>((n, v) => n + (isObject(v) ? Object.keys(v).length : 0), 0) : 0;
}

/** The malformed duplicated-document page holds several states; use the one with the most resources. */
function richestState(emb: EmbeddedData): JsonObject {
  const states = reduxStates(emb);
  if (states.length === 0) throw badShape('$', 'no __PWS_INITIAL_PROPS__ state in page');
  return states.reduce((best, s) => (resourceCount(s) > resourceCount(best) ? s : best));
}

function handlerId(emb: EmbeddedData): string {
  for (const d of emb.pwsData) {
    const h = isObject(d) ? d['initialHandlerId'] : undefined;
    if (typeof h === 'string') return h;
  }
  return '';
}

function usernameFromPage(emb: EmbeddedData, state: JsonObject): string | null {
  for (const e of resourceEntries(state, 'UserResource')) {
    const m = /username="([A-Za-z0-9_.-]{1,100})"/.exec(e.key);
    if (m) return m[1]!;
  }
  for (const d of emb.pwsData) {
    const fullPath = optObj(isObject(d) ? d : null, 'context')?.['full_path'];
    const m = typeof fullPath === 'string' ? /^\/([A-Za-z0-9_.-]{1,100})\//.exec(fullPath) : null;
    if (m) return m[1]!;
  }
  return null;
}

function mentionsUser(o: JsonObject, username: string): boolean {
  if (o['username'] === username) return true;
  const seoTitle = o['seo_title'];
  return typeof seoTitle === 'string' && seoTitle.includes(`(${username})`);
}

/** Merge every object the page holds about this user, richest first. */
function userObject(state: JsonObject, username: string): JsonObject | null {
  const candidates: JsonObject[] = [];
  for (const e of resourceEntries(state, 'UserResource')) if (isObject(e.data)) candidates.push(e.data);
  const users = optObj(state, 'users');
  if (users) for (const u of Object.values(users)) if (isObject(u)) candidates.push(u);
  const mine = candidates.filter((c) => mentionsUser(c, username));
  if (mine.length === 0) return null;
  mine.sort((a, b) => Object.keys(b).length - Object.keys(a).length);
  return mine.reduce<JsonObject>((acc, c) => fillMissing(acc, c) as JsonObject, {});
}

function pinFeed(entry: ResourceEntry | undefined): Page<Pin> | null {
  if (!entry) return null;
  return toPage(entry.data, entry.nextBookmark, toPin, { path: entry.path, keep: notPromoted });
}

interface UserPage {
  user: User;
  boards: Page<Board> | null;
  pins: Page<Pin> | null;
}

/**
 * A profile page (`/USER/`, `/USER/_created/`, ...). `pins` is the created feed on `_created`
 * pages and the saved feed otherwise, whichever the page holds.
 */
export function parseUserPage(html: string, username?: string): UserPage {
  const emb = extractEmbedded(html);
  const state = richestState(emb);
  const name = username ?? usernameFromPage(emb, state);
  if (!name) throw badShape('initialReduxState.resources.UserResource', 'no username in page');
  const raw = userObject(state, name);
  if (!raw) throw badShape('initialReduxState.resources.UserResource', `no data for user ${name} in page`);
  const user = toUser(raw, 'initialReduxState.resources.UserResource', name);
  const boardsEntry = resourceEntries(state, 'BoardsFeedResource')[0];
  const boards = boardsEntry
    ? toPage(boardsEntry.data, boardsEntry.nextBookmark, toBoardItem, { path: boardsEntry.path, kind: 'any' })
    : null;
  const created = resourceEntries(state, 'UserActivityPinsResource')[0];
  const saved = resourceEntries(state, 'UserPinsResource')[0];
  const pins = handlerId(emb).includes('_created') ? pinFeed(created ?? saved) : pinFeed(saved ?? created);
  return { user, boards, pins };
}

interface BoardPage {
  board: Board;
  pins: Page<Pin> | null;
  sections: Page<BoardSection> | null;
}

/** A board page, from the same cache (`BoardResource`, `BoardFeedResource`, `BoardSectionsResource`). */
export function parseBoardPage(html: string): BoardPage {
  const state = richestState(extractEmbedded(html));
  const boardEntry = resourceEntries(state, 'BoardResource').find((e) => isObject(e.data));
  if (!boardEntry) throw badShape('initialReduxState.resources.BoardResource', 'no board in page');
  const sectionsEntry = resourceEntries(state, 'BoardSectionsResource')[0];
  return {
    board: toBoard(boardEntry.data, boardEntry.path),
    pins: pinFeed(resourceEntries(state, 'BoardFeedResource')[0]),
    sections: sectionsEntry
      ? toPage(sectionsEntry.data, sectionsEntry.nextBookmark, toSection, { path: sectionsEntry.path, kind: 'any' })
      : null,
  };
}
