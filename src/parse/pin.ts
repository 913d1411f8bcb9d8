// One Pinterest pin object -> Pin. REST resources send snake_case (`toPin`); the Relay blocks in pin
// pages send camelCase with `imageSpec_<size>` keys and the numeric id in `entityId` (`relayToPin`).
import type { BoardRef, ImageSet, Pin, PinStep, PinVideo } from '../domain/types.js';
import { badShape } from '../domain/errors.js';
import { cleanOutboundLink, linkDomain } from '../links/clean-link.js';
import {
  child,
  clipText,
  idFromNodeId,
  isObject,
  numericId,
  obj,
  optArr,
  optId,
  optNum,
  toIsoDate,
  type JsonObject,
} from './decode.js';
import { imageSetFromMap, imageSetFromSignature, imageSetFromSpecs, relayImageSpecs } from './images.js';
import { lastSegmentName, localPagePath } from './local-path.js';
import { camel, toUserRef } from './user.js';
import { videoFromContainer } from './video.js';

type Dialect = 'rest' | 'relay';

/** Read `snake_key` in REST objects and `snakeKey` in Relay ones. */
function get(o: JsonObject | null | undefined, snake: string, d: Dialect): unknown {
  if (!o) return undefined;
  return d === 'rest' ? o[snake] : o[camel(snake)];
}

function getObj(o: JsonObject | null | undefined, snake: string, d: Dialect): JsonObject | null {
  const v = get(o, snake, d);
  return isObject(v) ? v : null;
}

function getText(o: JsonObject | null | undefined, snake: string, d: Dialect): string {
  const v = get(o, snake, d);
  return typeof v === 'string' ? v.trim() : '';
}

function pinId(o: JsonObject, d: Dialect, path: string): string {
  const id =
    d === 'relay'
      ? optId(o, 'entityId') ?? idFromNodeId(o['id'], 'Pin') ?? numericId(o, 'id')
      : optId(o, 'id') ?? idFromNodeId(o['node_id'], 'Pin');
  if (id === null) throw badShape(child(path, d === 'relay' ? 'entityId' : 'id'), 'pin without a readable id');
  return id;
}

function mainImage(o: JsonObject, d: Dialect): ImageSet | null {
  const signature = get(o, 'image_signature', d);
  const color = get(o, 'dominant_color', d);
  if (d === 'rest') return imageSetFromMap(o['images'], signature, color) ?? imageSetFromSignature(signature, color);
  const specs = relayImageSpecs(o);
  // Relay pages also carry `images: { url: <originals> }`.
  if (isObject(o['images'])) specs.push(o['images']);
  return imageSetFromSpecs(specs, signature, color) ?? imageSetFromSignature(signature, color);
}

/** An image map of a carousel slot or story block, in either dialect. */
function imageOf(holder: JsonObject, d: Dialect, signature: unknown, color: unknown): ImageSet | null {
  const images = holder['images'];
  const fromMap = d === 'rest' || !isObject(images) || typeof images['url'] !== 'string'
    ? imageSetFromMap(images, signature, color)
    : null;
  return fromMap ?? imageSetFromSpecs(relayImageSpecs(holder), signature, color);
}

function storyPages(o: JsonObject, d: Dialect): JsonObject[] {
  return optArr(getObj(o, 'story_pin_data', d), 'pages').filter(isObject);
}

function storyBlocks(page: JsonObject): JsonObject[] {
  return optArr(page, 'blocks').filter(isObject);
}

function blockKind(block: JsonObject): 'image' | 'video' | 'text' | 'other' {
  const type = String(block['type'] ?? block['__typename'] ?? '');
  if (type === 'story_pin_image_block' || type === 'StoryPinImageBlock') return 'image';
  if (type === 'story_pin_video_block' || type === 'StoryPinVideoBlock') return 'video';
  // `story_pin_paragraph_block` with `text`: docs/pinterest-protocol.md §4.1 (gallery-dl). The Relay spelling
  // `StoryPinParagraphBlock` is an assumption by analogy with the recorded StoryPinVideoBlock.
  if (type === 'story_pin_paragraph_block' || type === 'StoryPinParagraphBlock') return 'text';
  // Untyped blocks: go by what they hold.
  if (block['video'] !== undefined || block['videoData'] !== undefined) return 'video';
  if (block['image'] !== undefined) return 'image';
  return 'other';
}

function storyBlockImage(block: JsonObject, page: JsonObject, d: Dialect): ImageSet | null {
  const image = getObj(block, 'image', d) ?? {};
  const signature = get(block, 'image_signature', d) ?? get(page, 'image_signature', d);
  return imageOf(image, d, signature, get(page, 'dominant_color', d)) ?? imageSetFromSignature(signature, null);
}

/** Idea-pin pages as steps (pictures and paragraph text); null when no page has any text. */
function storySteps(o: JsonObject, d: Dialect): PinStep[] | null {
  const steps = storyPages(o, d).map((page): PinStep => {
    const images: ImageSet[] = [];
    const texts: string[] = [];
    for (const block of storyBlocks(page)) {
      const kind = blockKind(block);
      if (kind === 'image') {
        const set = storyBlockImage(block, page, d);
        if (set) images.push(set);
      } else if (kind === 'text') {
        const text = typeof block['text'] === 'string' ? block['text'].trim() : '';
        if (text) texts.push(text);
      }
    }
    return { images, text: texts.join('\n\n') };
  });
  return steps.some((s) => s.text !== '') ? steps.filter((s) => s.text !== '' || s.images.length > 0) : null;
}

/** Idea-pin page images and carousel slots: the pictures beyond the main one. */
function extraImages(o: JsonObject, d: Dialect): ImageSet[] {
  const sets: ImageSet[] = [];
  for (const page of storyPages(o, d)) {
    for (const block of storyBlocks(page)) {
      if (blockKind(block) !== 'image') continue;
      const set = storyBlockImage(block, page, d);
      if (set) sets.push(set);
    }
  }
  const carousel = getObj(o, 'carousel_data', d);
  for (const slot of optArr(carousel, d === 'rest' ? 'carousel_slots' : 'carouselSlots').filter(isObject)) {
    const set = imageOf(slot, d, get(slot, 'image_signature', d), get(slot, 'dominant_color', d));
    if (set) sets.push(set);
  }
  return sets;
}

function allImages(o: JsonObject, d: Dialect): ImageSet[] {
  const out: ImageSet[] = [];
  const main = mainImage(o, d);
  if (main) out.push(main);
  for (const set of extraImages(o, d)) {
    // The cover usually repeats the first page or slot; keep each picture once.
    const dup = out.some(
      (s) => (s.signature !== null && s.signature === set.signature) || s.variants.some((v) => set.variants.some((w) => w.path === v.path)),
    );
    if (!dup) out.push(set);
  }
  return out;
}

function findVideo(o: JsonObject, d: Dialect): PinVideo | null {
  const direct = videoFromContainer(o['videos']);
  if (direct) return direct;
  for (const page of storyPages(o, d)) {
    for (const block of storyBlocks(page)) {
      if (blockKind(block) !== 'video') continue;
      const v = videoFromContainer(block['videoData']) ?? videoFromContainer(block['video']);
      if (v) return v;
    }
    const pageVideo = videoFromContainer(page['video']);
    if (pageVideo) return pageVideo;
  }
  const carousel = getObj(o, 'carousel_data', d);
  for (const slot of optArr(carousel, d === 'rest' ? 'carousel_slots' : 'carouselSlots').filter(isObject)) {
    const v = videoFromContainer(slot['videos']);
    if (v) return v;
  }
  return null;
}

function boardRef(raw: unknown): BoardRef | null {
  if (!isObject(raw)) return null;
  const path = localPagePath(raw['url']);
  if (!path) return null;
  const name = typeof raw['name'] === 'string' && raw['name'].trim() ? raw['name'].trim() : lastSegmentName(path);
  return { name, path };
}

/** `title` may be an object `{format, args}` in related feeds (pinless); only plain strings count. */
function titleOf(o: JsonObject, d: Dialect): string {
  const storyTitle = getText(getObj(getObj(o, 'story_pin_data', d), 'metadata', d), 'pin_title', d);
  return getText(o, 'title', d) || storyTitle || getText(o, 'grid_title', d) || getText(o, 'seo_title', d);
}

function descriptionOf(o: JsonObject, d: Dialect): string {
  return (
    getText(o, 'description', d) ||
    getText(o, 'closeup_unified_description', d) ||
    getText(o, 'closeup_description', d)
  );
}

const HASHTAG_RE = /(?:^|[^\p{L}\p{N}_&#])#([\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*)/gu;

function hashtagsOf(o: JsonObject, description: string): string[] {
  const tags: string[] = [];
  for (const m of description.matchAll(HASHTAG_RE)) tags.push(m[1]!);
  for (const t of optArr(o, 'hashtags').slice(0, 200)) if (typeof t === 'string') tags.push(t.replace(/^#/, '').trim());
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = t.toLowerCase();
    if (t === '' || t.length > 100 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rawAiLabel(v: unknown): number | string | null {
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

/**
 * Longest title and description kept. Pinterest's editor allows 100-character titles and
 * 500-character descriptions; ten times that leaves room for older or imported pins while one
 * hostile pin can no longer bloat a page or feed by megabytes (issue 18 row 5).
 */
export const MAX_TITLE_CHARS = 1000;
export const MAX_DESCRIPTION_CHARS = 5000;
/** Images per pin (carousel slots, idea-pin pages); real carousels hold at most a few dozen. */
const MAX_IMAGES = 50;
const MAX_HASHTAGS = 30;

function buildPin(raw: unknown, path: string, d: Dialect): Pin {
  const o = obj(raw, path);
  const id = pinId(o, d, path);
  const title = clipText(titleOf(o, d), MAX_TITLE_CHARS);
  const description = clipText(descriptionOf(o, d), MAX_DESCRIPTION_CHARS);
  const link = cleanOutboundLink(get(o, 'link', d)) ?? cleanOutboundLink(get(o, 'tracked_link', d));
  const images = allImages(o, d).slice(0, MAX_IMAGES);
  const video = findVideo(o, d);
  if (video && video.poster === null && images[0]) video.poster = images[0];
  const aggregated = getObj(o, 'aggregated_pin_data', d);
  const stats = getObj(aggregated, 'aggregated_stats', d);
  const steps = storySteps(o, d);
  return {
    id,
    title,
    description,
    altText: clipText(getText(o, 'alt_text', d) || getText(o, 'auto_alt_text', d), MAX_TITLE_CHARS) || title,
    images,
    video,
    link,
    domain: linkDomain(link),
    createdAt: toIsoDate(get(o, 'created_at', d)),
    pinner: toUserRef(get(o, 'pinner', d)),
    board: boardRef(get(o, 'board', d)),
    saves: optNum(stats, 'saves'),
    commentCount: optNum(o, d === 'rest' ? 'comment_count' : 'commentCount') ?? optNum(aggregated, d === 'rest' ? 'comment_count' : 'commentCount'),
    isPromoted: get(o, 'is_promoted', d) === true,
    digitalMediaSourceType: rawAiLabel(get(o, 'digital_media_source_type', d)),
    // Assumption: Relay would spell it `genAiTopics`; only the REST name is documented.
    genAiTopics: get(o, 'gen_ai_topics', d) ?? null,
    hashtags: hashtagsOf(o, description).slice(0, MAX_HASHTAGS),
    ...(steps ? { steps } : {}),
  };
}

/** A REST (snake_case) pin object, e.g. `resource_response.data` of PinResource or a feed item. */
export function toPin(raw: unknown, path = 'pin'): Pin {
  return buildPin(raw, path, 'rest');
}

/** A Relay (camelCase) pin, e.g. `response.data.v3GetPinQuery.data` of a pin page. */
export function relayToPin(raw: unknown, path = 'v3GetPinQuery.data'): Pin {
  return buildPin(raw, path, 'relay');
}

