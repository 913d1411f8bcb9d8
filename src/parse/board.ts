// Board and board-section objects (BoardResource, BoardsFeedResource items, BoardSectionsResource)
// -> Board / BoardSection.
import type { Board, BoardSection, ImageSet } from '../domain/types.js';
import { badShape } from '../domain/errors.js';
import { child, clipText, idFromNodeId, isObject, numericId, obj, optArr, optId, optNum, optObj, optStr, type JsonObject } from './decode.js';
import { imageSetFromSpecs } from './images.js';
import { lastSegmentName, localPagePath } from './local-path.js';
import { toUserRef } from './user.js';

/**
 * The board's cover: the HD cover (`image_cover_hd_url`, a 550x copy of `cover_pin`) and the custom
 * crops in `cover_images`; without those, the first picture of the preview mosaic (`images.170x`).
 */
function coverOf(o: JsonObject): ImageSet | null {
  const specs: unknown[] = [];
  const hd = optStr(o, 'image_cover_hd_url');
  if (hd) specs.push({ url: hd });
  const covers = optObj(o, 'cover_images');
  if (covers) specs.push(...Object.values(covers));
  const cover = optStr(o, 'image_cover_url');
  if (cover) specs.push({ url: cover });
  const coverPin = optObj(o, 'cover_pin');
  const set = imageSetFromSpecs(specs, coverPin?.['image_signature'], null, { anySize: true });
  if (set) return set;
  const mosaic = optArr(optObj(o, 'images'), '170x').filter(isObject);
  const first = mosaic[0];
  return first ? imageSetFromSpecs([first], null, first['dominant_color'], { anySize: true }) : null;
}

export function toBoard(raw: unknown, path = 'board'): Board {
  const o = obj(raw, path);
  const id = numericId(o, 'id') ?? optId(o, 'entityId') ?? idFromNodeId(o['node_id'] ?? o['id'], 'Board');
  if (id === null) throw badShape(child(path, 'id'), 'board without a readable id');
  const boardPath = localPagePath(o['url']);
  if (boardPath === null) throw badShape(child(path, 'url'), 'board without a readable url');
  const name = optStr(o, 'name').trim() || lastSegmentName(boardPath);
  return {
    id,
    name,
    path: boardPath,
    description: clipText(optStr(o, 'description').trim(), 5000),
    pinCount: optNum(o, 'pin_count'),
    sectionCount: optNum(o, 'section_count'),
    followerCount: optNum(o, 'follower_count'),
    owner: toUserRef(o['owner']),
    cover: coverOf(o),
  };
}

/** A feed item that must be a board; other item types fail (and feeds skip them). */
export function toBoardItem(raw: unknown, path: string): Board {
  if (isObject(raw) && raw['type'] !== undefined && raw['type'] !== 'board') throw badShape(child(path, 'type'), 'not a board');
  return toBoard(raw, path);
}

export function toSection(raw: unknown, path = 'section'): BoardSection {
  const o = obj(raw, path);
  const id = numericId(o, 'id') ?? idFromNodeId(o['node_id'], 'BoardSection');
  if (id === null) throw badShape(child(path, 'id'), 'section without a readable id');
  const slug = optStr(o, 'slug').trim();
  if (!/^[A-Za-z0-9%._~-]{1,200}$/.test(slug)) throw badShape(child(path, 'slug'), 'section without a readable slug');
  return {
    id,
    slug,
    title: optStr(o, 'title').trim() || slug,
    pinCount: optNum(o, 'pin_count'),
  };
}
