// Small typed sample objects for the view tests: pins, users, boards, verdicts, filter results.
import type { AiVerdict, Board, BoardSection, ImageSet, Pin, User } from '../../../src/domain/types.js';
import type { FilterResult, Prefs, ShownPin, Treatment } from '../../../src/policy/types.js';
import type { ViewContext } from '../../../views/context.js';

function hexSig(n: number): string {
  return n.toString(16).padStart(32, 'a').slice(-32);
}

/** An image set with 236x/474x/736x/originals variants, as local proxy paths. */
export function imageSet(n = 1, w = 736, h = 1104): ImageSet {
  const sig = hexSig(n);
  const p = (size: string) => `/img/${size}/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.jpg`;
  return {
    signature: sig,
    dominantColor: '#aabbcc',
    variants: [
      { size: '236x', path: p('236x'), width: 236, height: Math.round((h / w) * 236) },
      { size: '474x', path: p('474x'), width: 474, height: Math.round((h / w) * 474) },
      { size: '736x', path: p('736x'), width: w, height: h },
      { size: 'originals', path: p('originals'), width: 1500, height: Math.round((h / w) * 1500) },
    ],
  };
}

export function makePin(over: Partial<Pin> = {}): Pin {
  const id = over.id ?? '1234567890123456789';
  return {
    id,
    title: 'A quiet lake at dawn',
    description: 'Mist over the water.\nShot on film.',
    altText: 'A lake with mist',
    images: [imageSet(Number(id.slice(-6)) || 1)],
    video: null,
    link: 'https://example.com/lake?ref=1',
    domain: 'example.com',
    createdAt: '2024-03-05T10:00:00Z',
    pinner: { username: 'alice', fullName: 'Alice A.', avatar: '/static/default-avatar.png' },
    board: { name: 'Lakes', path: '/alice/lakes/' },
    saves: 1234,
    commentCount: 2,
    isPromoted: false,
    digitalMediaSourceType: null,
    genAiTopics: null,
    hashtags: [],
    ...over,
  };
}

export function verdict(kind: AiVerdict['verdict'], score: number | null = null): AiVerdict {
  const signals: AiVerdict['signals'] = score === null ? [] : [{ source: 'model', detail: `model ${score.toFixed(2)}`, decisive: false }];
  return { verdict: kind, score, signals };
}

export function shown(pin: Pin, v: AiVerdict = verdict('not-ai', 0.02), treatment: Treatment = 'plain'): ShownPin {
  return { pin, verdict: v, treatment };
}

export function result(items: ShownPin[], hidden: Partial<FilterResult['hiddenByReason']> = {}): FilterResult {
  const hiddenCount = Object.values(hidden).reduce((a, b) => a + (b ?? 0), 0);
  return { shown: items, hiddenCount, hiddenByReason: hidden };
}

export const DEFAULT_PREFS: Prefs = {
  ai: 'hide', sensitivity: 'medium', theme: 'system', size: 'medium', autoplay: false, badge: false, context: true,
  mute_words: [], mute_pinners: [], mute_boards: [], mute_domains: [],
};

export function ctx(prefs: Partial<Prefs> = {}): ViewContext {
  return { instanceName: 'Corkboard', prefs: { ...DEFAULT_PREFS, ...prefs } };
}

export function makeUser(over: Partial<User> = {}): User {
  return {
    id: '42', username: 'alice', fullName: 'Alice A.', about: 'I pin lakes.\nAnd hills.', avatar: '/static/default-avatar.png',
    followerCount: 1500, followingCount: 12, pinCount: 300, boardCount: 4, website: 'https://alice.example/', ...over,
  };
}

export function makeBoard(over: Partial<Board> = {}): Board {
  return {
    id: '77', name: 'Lakes', path: '/alice/lakes/', description: 'Water, mostly.', pinCount: 120, sectionCount: 2,
    followerCount: 9, owner: { username: 'alice', fullName: 'Alice A.', avatar: '/static/default-avatar.png' },
    cover: imageSet(99), ...over,
  };
}

export function makeSection(over: Partial<BoardSection> = {}): BoardSection {
  return { id: 's1', slug: 'winter', title: 'Winter', pinCount: 10, ...over };
}

/** Text that tries every trick: markup, attribute breakout, CDATA end, controls, lone surrogates, RTL override. */
export const HOSTILE =
  '"><script>alert(1)</script><img src=x onerror=alert(1)> \' ]]> &amp; \u0000\u0007\u001b \uD800 \uDFFF \u202Eevil\u202C javascript:alert(1)';

/** What the page must show for HOSTILE: the same text minus the characters XML/HTML cannot carry. */
export const HOSTILE_VISIBLE = HOSTILE.replace(/[\u0000\u0007\u001b]/g, '').replace(/\uD800|\uDFFF/g, '');
