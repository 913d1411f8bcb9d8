// The parsers' public face: one function per upstream response kind, each pure (JSON or HTML text
// in, typed model out, UpstreamError on failure). Routes call only these.
import type { Board, BoardSection, Page, Pin, User } from '../domain/types.js';
import { feedItems, resourceData } from './envelope.js';
import { notPromoted, toPage } from './page.js';
import { toPin } from './pin.js';
import { toBoard, toBoardItem, toSection } from './board.js';
import { toUser } from './user.js';

export { parsePinPage, parseUserPage, parseBoardPage } from './html-pages.js';
export { toPin, relayToPin } from './pin.js';
export { nextBookmark } from './page.js';
export { resourceData } from './envelope.js';
export { extractEmbedded, extractEmbeddedWithCheerio } from './embedded.js';

function pinPage(json: unknown): Page<Pin> {
  const { data, bookmark } = resourceData(json);
  const { items, path } = feedItems(data);
  return toPage(items, bookmark, toPin, { path, keep: notPromoted });
}

/** BaseSearchResource: `data.results[]`, pins and `story` groups. */
export function parseSearch(json: unknown): Page<Pin> {
  return pinPage(json);
}

/** RelatedModulesResource / RelatedPinFeedResource: `data[]` of mixed modules; pins only. */
export function parseRelated(json: unknown): Page<Pin> {
  return pinPage(json);
}

/** UserPinsResource, UserActivityPinsResource, BoardFeedResource, BoardSectionPinsResource. */
export function parsePinFeed(json: unknown): Page<Pin> {
  return pinPage(json);
}

/** BoardsFeedResource: the user's boards. */
export function parseBoardsFeed(json: unknown): Page<Board> {
  const { data, bookmark } = resourceData(json);
  const { items, path } = feedItems(data);
  return toPage(items, bookmark, toBoardItem, { path, kind: 'any' });
}

/** PinResource: one pin. */
export function parsePinResource(json: unknown): Pin {
  return toPin(resourceData(json).data, 'resource_response.data');
}

/** UserResource: one profile. */
export function parseUserResource(json: unknown): User {
  return toUser(resourceData(json).data, 'resource_response.data');
}

/** BoardResource: one board. */
export function parseBoardResource(json: unknown): Board {
  return toBoard(resourceData(json).data, 'resource_response.data');
}

/** BoardSectionsResource: a board's sections. */
export function parseSections(json: unknown): Page<BoardSection> {
  const { data, bookmark } = resourceData(json);
  const { items, path } = feedItems(data);
  return toPage(items, bookmark, toSection, { path, kind: 'any' });
}

/** BoardSectionResource: one section. */
export function parseSectionResource(json: unknown): BoardSection {
  return toSection(resourceData(json).data, 'resource_response.data');
}
