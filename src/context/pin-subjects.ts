// What a pin is judged by besides its pixels: its pinner, its board, its outbound link's domain
// and its images' signatures, normalised the way the AI list format writes them.
import type { Pin } from '../domain/types.js';
import { normaliseValue } from './list-format.js';

export interface PinSubjects {
  pinId: string;
  pinner: string | null;
  /** `username/board-slug`. */
  board: string | null;
  domain: string | null;
  signatures: string[];
}

export function pinSubjects(pin: Pin): PinSubjects {
  const pinner = pin.pinner ? normaliseValue('pinner', pin.pinner.username) : null;
  let board: string | null = null;
  if (pin.board?.path) {
    let p = pin.board.path;
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep it encoded: it then simply matches no list entry
    }
    board = normaliseValue('board', p);
  }
  let domain: string | null = null;
  if (pin.link) {
    try {
      domain = normaliseValue('domain', new URL(pin.link).hostname);
    } catch {
      domain = null;
    }
  }
  // Pinterest's `domain` field says "Uploaded by user" for uploads: normaliseValue rejects that.
  if (!domain && pin.domain) domain = normaliseValue('domain', pin.domain);
  const signatures: string[] = [];
  for (const set of [...(pin.images ?? []), ...(pin.video?.poster ? [pin.video.poster] : [])]) {
    const sig = set.signature ? normaliseValue('image', set.signature) : null;
    if (sig && !signatures.includes(sig)) signatures.push(sig);
  }
  // The pin page scores each image of a carousel as `ID#n`: they all speak for pin ID.
  return { pinId: pin.id.replace(/#\d+$/, ''), pinner, board, domain, signatures };
}

/** `domain` and each parent domain with at least two labels: a.b.example.com -> b.example.com, example.com. */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}
