// Deterministic made-up Pinterest objects (REST snake_case, the recorded shapes) for anything the
// fixtures do not cover, so the demo can be browsed anywhere: any search, any user, any board.
// Synthetic pin ids start with 77, board ids with 78; each object is derived from its id alone.
import { createHash } from 'node:crypto';
import { FAKE_SIGNATURES } from './fake-images.js';

type Json = Record<string, unknown>;

function hash(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function hex(key: string): string {
  return createHash('md5').update(key).digest('hex');
}

/** An 18-digit id with a fixed prefix (above 2^53, like real pin ids). */
export function syntheticId(prefix: '77' | '78', key: string): string {
  const n = hash(key).readBigUInt64BE(0) % 10n ** 16n;
  return prefix + n.toString().padStart(16, '0');
}

export function isSyntheticPinId(id: string): boolean {
  return /^77\d{16}$/.test(id);
}

const WORDS = ['Cabin', 'Forest', 'Lake', 'Meadow', 'Studio', 'Garden', 'Harbour', 'Kitchen', 'Attic', 'Orchard', 'Canyon', 'Library'];
const MOODS = ['quiet', 'sunlit', 'rainy', 'golden', 'misty', 'cosy', 'wild', 'minimal'];
const USERS = ['woodland_maker', 'pixel_dreamer', 'rainy_day_notes', 'fern_and_stone'];

const dirs = (sig: string) => `${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}`;
const imgUrl = (size: string, sig: string, ext = 'jpg') => `https://i.pinimg.com/${size}/${dirs(sig)}/${sig}.${ext}`;

/** Every fifth synthetic pin shows one of the special pictures, so filtering is visible in the demo. */
function signatureFor(id: string): { sig: string; ext: string } {
  const h = hash(`sig ${id}`);
  if (h[0]! % 5 === 0) {
    // Only the first provenance picture: the others belong to fixtures, and the picks stay stable.
    const special = [FAKE_SIGNATURES.aiProvenance[0], ...FAKE_SIGNATURES.aiDataset, ...FAKE_SIGNATURES.realDataset];
    const sig = special[h[1]! % special.length]!;
    return { sig, ext: FAKE_SIGNATURES.aiProvenance.includes(sig as never) ? 'png' : 'jpg' };
  }
  return { sig: hex(`synthetic image ${id}`), ext: 'jpg' };
}

function syntheticUserRef(username: string): Json {
  const avatar = hex(`avatar ${username}`);
  return {
    node_id: Buffer.from(`User:${syntheticId('78', `user ${username}`)}`).toString('base64'),
    id: syntheticId('78', `user ${username}`),
    username,
    full_name: username.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    image_medium_url: hash(username)[0]! % 3 === 0 ? 'https://s.pinimg.com/images/user/default_75.png' : imgUrl('75x75_RS', avatar),
    type: 'user',
  };
}

export function syntheticPin(id: string, context: { username?: string; boardSlug?: string } = {}): Json {
  const h = hash(`pin ${id}`);
  const { sig, ext } = signatureFor(id);
  const username = context.username ?? USERS[h[0]! % USERS.length]!;
  const slug = context.boardSlug ?? `${WORDS[h[1]! % WORDS.length]!.toLowerCase()}-ideas`;
  const title = `${MOODS[h[2]! % MOODS.length]} ${WORDS[h[3]! % WORDS.length]!.toLowerCase()}`;
  const w = 1000;
  const hgt = [1500, 1250, 1000, 750][h[4]! % 4]!;
  const scaled = (W: number) => ({ width: W, height: Math.round((hgt * W) / w), url: imgUrl(`${W}x`, sig) });
  return {
    node_id: Buffer.from(`Pin:${id}`).toString('base64'),
    id,
    type: 'pin',
    title: title[0]!.toUpperCase() + title.slice(1),
    grid_title: '',
    description: h[5]! % 2 === 0 ? ' ' : `Saved for later. #${WORDS[h[3]! % WORDS.length]!.toLowerCase()}`,
    alt_text: null,
    auto_alt_text: `a ${title}`,
    images: { '170x': scaled(236), '236x': scaled(236), '474x': scaled(474), '736x': scaled(736), orig: { width: w, height: hgt, url: imgUrl('originals', sig, ext) } },
    image_signature: sig,
    dominant_color: `#${hex(id).slice(0, 6)}`,
    created_at: new Date(Date.UTC(2023, h[6]! % 12, 1 + (h[7]! % 28), 12)).toUTCString().replace('GMT', '+0000'),
    link: h[8]! % 3 === 0 ? null : `https://example.com/${slug}/${id}?utm_source=pinterest`,
    domain: h[8]! % 3 === 0 ? 'Uploaded by user' : 'example.com',
    pinner: syntheticUserRef(username),
    board: { id: syntheticId('78', `board ${username}/${slug}`), name: slug.replace(/-/g, ' '), url: `/${username}/${slug}/` },
    is_promoted: false,
    videos: null,
    carousel_data: null,
    story_pin_data: null,
    digital_media_source_type: null,
    aggregated_pin_data: { aggregated_stats: { saves: h[9]! * 7, done: 0 } },
  };
}

/** `count` pins for a feed keyed by `key` (a query, a board id...), page `page` (0-based). */
export function syntheticPins(key: string, page: number, count: number, context: { username?: string; boardSlug?: string } = {}): Json[] {
  return Array.from({ length: count }, (_, i) => syntheticPin(syntheticId('77', `${key}#${page}#${i}`), context));
}

export function syntheticUser(username: string): Json {
  const h = hash(`user ${username}`);
  const ref = syntheticUserRef(username);
  return {
    ...ref,
    about: `Collecting ${MOODS[h[0]! % MOODS.length]} ideas.`,
    image_xlarge_url: String(ref['image_medium_url']).replace('/75x75_RS/', '/280x280_RS/'),
    follower_count: h[1]! * 13,
    following_count: h[2]!,
    pin_count: 36,
    board_count: 3,
    website_url: null,
    seo_title: `${String(ref['full_name'])} (${username}) - Profile | Pinterest`,
  };
}

export function syntheticBoardSlugs(username: string): string[] {
  const h = hash(`boards ${username}`);
  return [0, 1, 2].map((i) => `${WORDS[(h[i]! + i) % WORDS.length]!.toLowerCase()}-ideas`);
}

export function syntheticBoard(username: string, slug: string): Json {
  const id = syntheticId('78', `board ${username}/${slug}`);
  const cover = hex(`cover ${id}`);
  return {
    node_id: Buffer.from(`Board:${id}`).toString('base64'),
    id,
    type: 'board',
    name: slug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
    url: `/${username}/${slug}/`,
    description: '',
    privacy: 'public',
    pin_count: 24,
    section_count: 0,
    follower_count: hash(id)[0]!,
    owner: syntheticUserRef(username),
    image_cover_hd_url: imgUrl('550x', cover),
    cover_pin: { image_signature: cover },
  };
}
