// Pinterest user objects (REST snake_case or Relay camelCase) -> UserRef for pinners and owners,
// and the full User of a profile (`UserResource`).
import type { User, UserRef } from '../domain/types.js';
import { badShape } from '../domain/errors.js';
import { cleanOutboundLink } from '../links/clean-link.js';
import { toLocalMediaPath } from '../media/paths.js';
import { child, clipText, idFromNodeId, isObject, numericId, obj, optId, optNum, optStr, optText, type JsonObject } from './decode.js';

/** The instance's own stand-in for Pinterest's default avatars (`s.pinimg.com/images/user/default_*.png`). */
export const DEFAULT_AVATAR = '/static/default-avatar.png';

const USERNAME_RE = /^[A-Za-z0-9_.-]{1,100}$/;

function field(o: JsonObject, snake: string): unknown {
  return o[snake] ?? o[camel(snake)];
}

export function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function text(o: JsonObject, snake: string): string {
  const v = field(o, snake);
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * The first avatar URL that maps to a proxied image; Pinterest's default avatars live on
 * s.pinimg.com, which we never proxy, so they (and anything unmappable) become our own file.
 */
function avatarPath(o: JsonObject, order: string[]): string {
  for (const key of order) {
    const v = field(o, key);
    const local = typeof v === 'string' ? toLocalMediaPath(v) : null;
    if (local) return local;
  }
  return DEFAULT_AVATAR;
}

const SMALL_FIRST = ['image_medium_url', 'image_small_url', 'image_large_url', 'image_xlarge_url'];
const LARGE_FIRST = ['image_xlarge_url', 'image_large_url', 'image_medium_url', 'image_small_url'];

/** A pinner / owner reference, or null when the object has no readable username. */
export function toUserRef(raw: unknown): UserRef | null {
  if (!isObject(raw)) return null;
  const username = text(raw, 'username');
  if (!USERNAME_RE.test(username)) return null;
  return {
    username,
    fullName: text(raw, 'full_name') || text(raw, 'first_name') || username,
    avatar: avatarPath(raw, SMALL_FIRST),
  };
}

/** `"Iden Convey (idenconvey) - Profile | Pinterest"` -> name and username. */
function fromSeoTitle(seoTitle: string): { fullName: string; username: string } | null {
  // Bounded first: the leading (.*) backtracks over every ' (' in the title.
  const m = seoTitle.length > 400 ? null : /^(.*) \(([A-Za-z0-9_.-]{1,100})\)(?: - |$)/.exec(seoTitle);
  return m ? { fullName: m[1]!.trim(), username: m[2]! } : null;
}

/**
 * A profile. Thin field sets (`board_visibility`, seen on a real `_created` page) carry only
 * `seo_title` / `seo_description` / `node_id`; we then read the name from the title and the
 * about text from the description, whose recorded form is `"<full name> | <about>"`.
 */
export function toUser(raw: unknown, path = 'user', knownUsername?: string): User {
  const o = obj(raw, path);
  const seo = fromSeoTitle(text(o, 'seo_title'));
  const username = text(o, 'username') || seo?.username || knownUsername || '';
  if (!USERNAME_RE.test(username)) throw badShape(child(path, 'username'), 'missing or unreadable username');
  const fullName = text(o, 'full_name') || seo?.fullName || username;
  let about = text(o, 'about');
  if (!about) {
    const seoDescription = text(o, 'seo_description');
    const prefix = `${fullName} | `;
    if (seoDescription.startsWith(prefix)) about = seoDescription.slice(prefix.length).trim();
  }
  return {
    // Relay's `id` is base64 (`VXNlcjo...`); its numeric id is `entityId`.
    id: optId(o, 'entityId') ?? numericId(o, 'id') ?? idFromNodeId(o['node_id'] ?? o['id'], 'User'),
    username,
    fullName,
    about: clipText(about, 5000),
    avatar: avatarPath(o, LARGE_FIRST),
    followerCount: optNum(o, 'follower_count') ?? optNum(o, 'followerCount'),
    followingCount: optNum(o, 'following_count') ?? optNum(o, 'followingCount'),
    pinCount: optNum(o, 'pin_count') ?? optNum(o, 'pinCount'),
    boardCount: optNum(o, 'board_count') ?? optNum(o, 'boardCount'),
    website: websiteOf(o),
  };
}

/** `website_url` when set; else `domain_url`, a bare host such as `www.homerunv.com` (assumed https). */
function websiteOf(o: JsonObject): string | null {
  const website = cleanOutboundLink(optStr(o, 'website_url') || optStr(o, 'websiteUrl'));
  if (website) return website;
  const domain = optText(o, 'domain_url') ?? optText(o, 'domainUrl');
  if (domain && /^[A-Za-z0-9.-]{1,253}$/.test(domain)) return cleanOutboundLink(`https://${domain}/`);
  return null;
}
