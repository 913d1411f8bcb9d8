// The grammar of proxied media paths, in both directions, in one place:
//   parser:  https://i.pinimg.com/736x/ab/cd/ef/<sig>.jpg  ->  /img/736x/ab/cd/ef/<sig>.jpg
//   proxy:   /img/736x/ab/cd/ef/<sig>.jpg                   ->  upstream path /736x/ab/cd/ef/<sig>.jpg
// The upstream host is never taken from the client: the proxy joins the validated path to the
// configured images/videos origin. Only paths that match these patterns exactly are accepted, so
// `..`, encodings, other hosts, `@`, backslashes and query strings can never reach upstream.

import { parseHttpUrl } from '../links/http-url.js';

export type MediaKind = 'image' | 'video';

/** Size folders seen in recorded responses and public code (docs/pinterest-protocol.md §8). */
const IMAGE_SIZES = new Set([
  'originals', '1200x', '736x', '564x', '550x', '474x', '236x', '222x', '170x',
  '136x136', '150x150', '60x60', '600x315',
  '30x30_RS', '75x75_RS', '140x140_RS', '280x280_RS',
]);

const HEX2 = '[0-9a-f]{2}';
const SIG = '[0-9a-f]{32}';
const IMAGE_EXT = '(?:jpg|jpeg|png|gif|webp)';

// Each pattern matches the upstream path (without host); the local path is `/img` or `/vid` + it.
const IMAGE_PATTERNS: RegExp[] = [
  // /<size>/<aa>/<bb>/<cc>/<sig>.<ext>, with the folders equal to the signature's first 6 hex
  new RegExp(`^/([0-9a-zA-Z_]{2,12})/(${HEX2})/(${HEX2})/(${HEX2})/(${SIG})\\.${IMAGE_EXT}$`),
  // board covers: /custom_covers/200x150/<boardId>_<timestamp>.jpg
  /^\/custom_covers\/(?:200x150|222x|30x30|60x60|140x140|216x146)\/[0-9]{1,25}_[0-9]{1,15}\.(?:jpg|jpeg|png|webp)$/,
  // board thumbnails: /upload/<boardId>_board_thumbnail_<date>_<n>_60.jpg
  /^\/upload\/[0-9]{1,25}_board_thumbnail_[0-9-]{10,19}_[0-9]{1,10}_[0-9]{1,4}\.(?:jpg|jpeg|png|webp)$/,
  // video thumbnails: /videos/thumbnails/originals/<aa>/<bb>/<cc>/<sig>.0000000.jpg
  new RegExp(`^/videos/thumbnails/originals/(${HEX2})/(${HEX2})/(${HEX2})/(${SIG})\\.[0-9]{7}\\.(?:jpg|jpeg|webp)$`),
];

const VIDEO_PATTERNS: RegExp[] = [
  // /videos/<mc|iht|...>/<720p|expMp4|hls|...>/<aa>/<bb>/<cc>/<sig><suffix>.<ext>
  // suffixes seen: `_t1`..`_t4` (expMp4); HLS variant playlists and segments add more, so allow
  // a bounded run of [A-Za-z0-9_-] after the signature.
  new RegExp(`^/videos/[a-z0-9]{1,10}/[A-Za-z0-9]{1,12}/(${HEX2})/(${HEX2})/(${HEX2})/(${SIG})[A-Za-z0-9_-]{0,40}\\.(?:mp4|m3u8|ts|m4s|aac|cmfv|cmfa)$`),
  // captions: /videos/captions/<lang>/<aa>/<bb>/<cc>/<sig>.vtt
  new RegExp(`^/videos/captions/[a-z]{2}(?:-[a-z]{2})?/(${HEX2})/(${HEX2})/(${HEX2})/(${SIG})\\.vtt$`),
];

function matchesWithFolders(path: string, patterns: RegExp[], checkSize: boolean): boolean {
  if (path.length > 200) return false;
  for (const re of patterns) {
    const m = re.exec(path);
    if (!m) continue;
    if (checkSize && re === IMAGE_PATTERNS[0] && !IMAGE_SIZES.has(m[1] ?? '')) return false;
    // Where the pattern captures folders and a signature, the folders must be its prefix.
    const groups = m.slice(1).filter((g): g is string => g !== undefined);
    const sig = groups.find((g) => g.length === 32);
    const folders = groups.filter((g) => g.length === 2 && /^[0-9a-f]{2}$/.test(g));
    if (sig && folders.length === 3 && folders.join('') !== sig.slice(0, 6)) return false;
    return true;
  }
  return false;
}

/** Is `upstreamPath` (e.g. `/736x/ab/cd/ef/<sig>.jpg`) a valid image path? */
export function isImagePath(upstreamPath: string): boolean {
  return matchesWithFolders(upstreamPath, IMAGE_PATTERNS, true);
}

/** Is `upstreamPath` (e.g. `/videos/mc/720p/ab/cd/ef/<sig>.mp4`) a valid video path? */
export function isVideoPath(upstreamPath: string): boolean {
  return matchesWithFolders(upstreamPath, VIDEO_PATTERNS, false);
}

const IMAGE_HOSTS = new Set(['i.pinimg.com']);
const VIDEO_HOSTS = new Set(['v1.pinimg.com', 'v.pinimg.com']);

/**
 * Upstream media URL -> local proxy path, or null when the URL is not one we proxy.
 * Query strings and fragments are dropped (they only carry cache busters and trackers).
 */
export function toLocalMediaPath(url: string | null | undefined): string | null {
  if (!url) return null;
  const u = parseHttpUrl(url);
  if (!u || u.username || u.password || u.port) return null;
  const host = u.hostname.toLowerCase();
  if (IMAGE_HOSTS.has(host) && isImagePath(u.pathname)) return `/img${u.pathname}`;
  if (VIDEO_HOSTS.has(host)) {
    if (isVideoPath(u.pathname)) return `/vid${u.pathname}`;
  }
  return null;
}

/**
 * Local proxy path -> the kind and upstream path (to join with the configured origin), or null
 * when the path is not an exact match of the grammar.
 */
export function fromLocalMediaPath(localPath: string): { kind: MediaKind; upstreamPath: string } | null {
  if (localPath.startsWith('/img/')) {
    const upstreamPath = localPath.slice(4);
    return isImagePath(upstreamPath) ? { kind: 'image', upstreamPath } : null;
  }
  if (localPath.startsWith('/vid/')) {
    const upstreamPath = localPath.slice(4);
    return isVideoPath(upstreamPath) ? { kind: 'video', upstreamPath } : null;
  }
  return null;
}
