// Loaders: one upstream call (or an HTML page with an API fallback) plus its parser, per kind of
// content. Routes and feeds call these and never see raw Pinterest data. Each pairs a request
// shape from resource-requests.ts with its parser; the client only runs it (client.resource), so a
// new resource is one builder there and one line here.
import type { Board, BoardSection, Page, Pin, User } from '../domain/types.js';
import { isUpstreamError } from '../domain/errors.js';
import type { PinterestClient } from '../upstream/pinterest-client.js';
import * as calls from '../upstream/resource-requests.js';
import {
  parseBoardResource,
  parseBoardsFeed,
  parsePinFeed,
  parsePinPage,
  parsePinResource,
  parseRelated,
  parseSearch,
  parseSectionResource,
  parseSections,
  parseUserPage,
  parseUserResource,
} from '../parse/index.js';

/** Falls back to `second` when `first` could not be read or was refused; other errors propagate. */
async function withFallback<T>(first: () => Promise<T>, second: () => Promise<T>): Promise<T> {
  try {
    return await first();
  } catch (e) {
    if (isUpstreamError(e) && (e.kind === 'bad-shape' || e.kind === 'blocked')) return second();
    throw e;
  }
}

export function createLoaders(client: PinterestClient) {
  return {
    /** A pin: the server-rendered page carries the whole pin (Relay data); the API is the fallback. */
    pin: (id: string): Promise<Pin> =>
      withFallback(
        async () => parsePinPage(await client.page(`/pin/${id}/`), id),
        async () => parsePinResource(await client.resource(calls.pinCall(id))),
      ),

    related: async (id: string, bookmark: string | null): Promise<Page<Pin>> =>
      parseRelated(await client.resource(calls.relatedPinsCall(id, bookmark ?? undefined))),

    search: async (query: string, bookmark: string | null): Promise<Page<Pin>> =>
      parseSearch(await client.resource(calls.searchCall(query, bookmark ?? undefined))),

    /** Profile header plus its boards; the profile page embeds both, the API is the fallback. */
    profile: (username: string): Promise<{ user: User; boards: Page<Board> | null; pins: Page<Pin> | null }> =>
      withFallback(
        async () => parseUserPage(await client.page(`/${encodeURIComponent(username)}/`), username),
        async () => ({
          user: parseUserResource(await client.resource(calls.userCall(username))),
          boards: parseBoardsFeed(await client.resource(calls.userBoardsCall(username))),
          pins: null,
        }),
      ),

    userBoards: async (username: string, bookmark: string | null): Promise<Page<Board>> =>
      parseBoardsFeed(await client.resource(calls.userBoardsCall(username, bookmark ?? undefined))),

    userPins: async (username: string, bookmark: string | null): Promise<Page<Pin>> =>
      parsePinFeed(await client.resource(calls.userPinsCall(username, bookmark ?? undefined))),

    userCreated: async (username: string, userId: string, bookmark: string | null): Promise<Page<Pin>> =>
      parsePinFeed(await client.resource(calls.userCreatedCall(username, userId, bookmark ?? undefined))),

    board: async (username: string, slug: string): Promise<Board> =>
      parseBoardResource(await client.resource(calls.boardCall(username, slug))),

    boardPins: async (board: Board, bookmark: string | null): Promise<Page<Pin>> =>
      parsePinFeed(await client.resource(calls.boardFeedCall(board.id, board.path, bookmark ?? undefined))),

    boardSections: async (board: Board): Promise<Page<BoardSection>> => parseSections(await client.resource(calls.boardSectionsCall(board.id))),

    section: async (username: string, slug: string, sectionSlug: string): Promise<BoardSection> =>
      parseSectionResource(await client.resource(calls.sectionCall(username, slug, sectionSlug))),

    sectionPins: async (section: BoardSection, bookmark: string | null): Promise<Page<Pin>> =>
      parsePinFeed(await client.resource(calls.sectionPinsCall(section.id, bookmark ?? undefined))),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
