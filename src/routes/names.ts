// Validation of the path segments that name Pinterest things, before anything goes upstream.
import { isReservedName, parsePinId } from '../links/pinterest-url.js';

// Usernames, board and section slugs: letters and digits of any script, `_` and `-`, no dots
// (Pinterest's slugs have none), bounded length.
const NAME_RE = /^[\p{L}\p{N}_-]{1,100}$/u;

export function validUsername(s: string | undefined): string | null {
  if (!s || !NAME_RE.test(s) || isReservedName(s)) return null;
  return s;
}

export function validSlug(s: string | undefined): string | null {
  return s && NAME_RE.test(s) ? s : null;
}

/** The pin ID from `ID` or `SLUG--ID`, or null. */
export function validPinId(s: string | undefined): string | null {
  return s ? parsePinId(s) : null;
}
