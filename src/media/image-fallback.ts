// When one size of a picture fails upstream (missing, refused, unreadable or too large), the next
// smaller size, then the next larger one, usually exists: Pinterest makes them all from the same
// upload, and `/originals/` is refused for some pins (docs/pinterest-protocol.md §8). A visitor then gets
// a picture instead of a grey box. Only for answers that say "this file"; when upstream itself is
// struggling (rate limit, timeout, 5xx) more requests would only add load.
import { isUpstreamError, type UpstreamErrorKind } from '../domain/errors.js';

/** Pinterest's sized copies of one picture, smallest first (docs/pinterest-protocol.md §8). */
const LADDER = ['236x', '474x', '564x', '736x', '1200x', 'originals'];
const RETRY_ON: ReadonlySet<UpstreamErrorKind> = new Set(['not-found', 'blocked', 'bad-media', 'too-large']);
const SIZED = /^\/([0-9a-zA-Z_]{2,12})(\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}\.[a-z]{3,4})$/;

/** The upstream paths to try after `upstreamPath` failed: the next smaller size, then the next larger. */
export function fallbackPaths(upstreamPath: string): string[] {
  const m = SIZED.exec(upstreamPath);
  if (!m) return [];
  const i = LADDER.indexOf(m[1]!);
  if (i === -1) return [];
  return [LADDER[i - 1], LADDER[i + 1]].filter((s): s is string => s !== undefined).map((s) => `/${s}${m[2]}`);
}

/** `fetch(upstreamPath)`, else the first fallback size that works; `size` names the one served. */
export async function fetchImageWithFallback<T>(fetch: (upstreamPath: string) => Promise<T>, upstreamPath: string): Promise<{ image: T; fallbackSize: string | null }> {
  try {
    return { image: await fetch(upstreamPath), fallbackSize: null };
  } catch (first) {
    if (!isUpstreamError(first) || !RETRY_ON.has(first.kind)) throw first;
    for (const path of fallbackPaths(upstreamPath)) {
      try {
        return { image: await fetch(path), fallbackSize: path.split('/')[1]! };
      } catch (e) {
        if (!isUpstreamError(e)) throw e;
      }
    }
    throw first;
  }
}
