// Rewrites an HLS playlist (master or media) so every URI in it is a local /vid/... path of this
// instance. URIs that do not map onto the media path grammar are dropped, together with the
// tags that describe them, so a proxied playlist can never point a player off-instance.

import { UpstreamError } from '../domain/errors.js';
import { isVideoPath, toLocalMediaPath } from '../media/paths.js';

export interface HlsRewriteOptions {
  /** Upstream path of the playlist itself (e.g. /videos/mc/hls/aa/bb/cc/<sig>.m3u8): the base for relative URIs. */
  playlistPath: string;
  /**
   * The configured videos origin when it is not the real one (tests, the demo): absolute URIs on
   * it map too. URIs on the real video hosts always map through the media path grammar.
   */
  videosOrigin?: string;
}

/** The host playlists are resolved against; relative URIs then map like absolute ones. */
const CANONICAL_VIDEO_BASE = 'https://v1.pinimg.com';

// Tags that describe the URI line after them; dropped with it when it does not map.
const URI_BOUND_TAGS = ['#EXTINF', '#EXT-X-STREAM-INF', '#EXT-X-BYTERANGE'];

/** A playlist URI as a local /vid/ path, or null. */
export function localUriFor(uri: string, opts: HlsRewriteOptions): string | null {
  if (!uri || uri.length > 2048) return null;
  let resolved: URL;
  try {
    resolved = new URL(uri, CANONICAL_VIDEO_BASE + opts.playlistPath);
  } catch {
    return null;
  }
  if (opts.videosOrigin) {
    let configured: string | null = null;
    try {
      configured = new URL(opts.videosOrigin).origin;
    } catch {
      configured = null;
    }
    if (configured && resolved.origin === configured && configured !== CANONICAL_VIDEO_BASE) {
      return isVideoPath(resolved.pathname) ? `/vid${resolved.pathname}` : null;
    }
  }
  const local = toLocalMediaPath(resolved.href);
  return local && local.startsWith('/vid/') ? local : null;
}

/**
 * Attribute names are matched without regard to case and with optional spaces around `=`: players
 * parse leniently (hls.js trims names), and a lower-case `uri="http://..."` key line passed through
 * unrewritten (issue 18 row 11). Any name ending in URI counts (URI, X-ASSET-URI, ...).
 */
const URI_ATTR = /URI\s*=\s*"([^"]*)"/gi;
const UNQUOTED_URI_ATTR = /URI\s*=(?!\s*")/i;
/** What is left of an absolute or scheme-relative URL after rewriting: the line is dropped. */
const LEFTOVER_URL = /[a-z][a-z0-9+.-]*:\/\/|\/\//i;

/** Rewrites `URI="..."` attributes of a tag line; null when any of them does not map. */
function rewriteTagLine(line: string, opts: HlsRewriteOptions): string | null {
  // An unquoted URI= would slip past the pattern below; refuse the line instead.
  if (UNQUOTED_URI_ATTR.test(line)) return null;
  let ok = true;
  const out = line.replace(URI_ATTR, (_m, uri: string) => {
    const local = localUriFor(uri, opts);
    if (!local) ok = false;
    return `URI="${local ?? ''}"`;
  });
  return ok ? out : null;
}

/**
 * A tag line as relayed, or null to drop it. Besides the URI attributes, any URL left in the line
 * (an attribute this code does not know as URI-bearing, such as X-ASSET-LIST) drops the line: a
 * proxied playlist never points a player off-instance.
 */
function relayTagLine(line: string, opts: HlsRewriteOptions): string | null {
  const rewritten = /URI/i.test(line) ? rewriteTagLine(line, opts) : line;
  if (rewritten === null || LEFTOVER_URL.test(rewritten)) return null;
  return rewritten;
}

/** Throws UpstreamError 'bad-shape' when the text is not an HLS playlist. */
export function rewriteHlsPlaylist(text: string, opts: HlsRewriteOptions): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '#EXTM3U') throw new UpstreamError('bad-shape', 'not an HLS playlist (no #EXTM3U)');
  const out: string[] = ['#EXTM3U'];
  let pending: string[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      if (!line.startsWith('#EXT')) continue; // plain comments: never needed by a player
      const rewritten = relayTagLine(line, opts);
      if (rewritten === null) continue;
      if (URI_BOUND_TAGS.some((t) => line === t || line.startsWith(`${t}:`))) pending.push(rewritten);
      else out.push(rewritten);
      continue;
    }
    const local = localUriFor(line, opts);
    if (local) out.push(...pending, local);
    pending = [];
  }
  // Tags with no URI after them (e.g. an EXTINF at a truncated end) are dropped too.
  return `${out.join('\n')}\n`;
}
