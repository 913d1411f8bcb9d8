// Media's own concurrency budget, apart from pages: how many uncached media requests may be
// working at once, how many video bodies may stream at once, and how many of those one client may
// hold. A client is told apart by a keyed hash of its address kept in memory only while it holds a
// stream: the address itself is never stored, logged or sent anywhere, and the key changes with
// every start of the instance.
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';

export interface MediaLimits {
  /** Uncached media requests (image fetches, playlists, video headers) working at once. */
  maxFetches: number;
  /** Video bodies streaming at once, all clients together (also the video agent's connections). */
  maxStreams: number;
  /** Video bodies one client may stream at once. */
  perClientStreams: number;
  /** A stream that moves no byte to the visitor for this long is ended. */
  streamIdleMs: number;
  /** No stream lasts longer than this. */
  streamMaxMs: number;
}

export const DEFAULT_MEDIA_LIMITS: Readonly<MediaLimits> = Object.freeze({
  maxFetches: 256,
  maxStreams: 32,
  perClientStreams: 6,
  streamIdleMs: 20_000,
  streamMaxMs: 10 * 60_000,
});

type Refusal = 'busy' | 'client';

export interface MediaBudget {
  /** A slot for an uncached media fetch, or null when media is at its limit. */
  tryFetch(): (() => void) | null;
  /** A stream slot for this client, or why not. Call the release exactly once when it ends. */
  tryStream(clientKey: string): { release: () => void } | { refused: Refusal };
  load(): { fetches: number; streams: number; clients: number };
  readonly limits: Readonly<MediaLimits>;
}

export function createMediaBudget(limits: MediaLimits): MediaBudget {
  let fetches = 0;
  let streams = 0;
  const perClient = new Map<string, number>();
  const once = (f: () => void) => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        f();
      }
    };
  };
  return {
    limits,
    tryFetch() {
      if (fetches >= limits.maxFetches) return null;
      fetches++;
      return once(() => fetches--);
    },
    tryStream(clientKey) {
      const mine = perClient.get(clientKey) ?? 0;
      if (mine >= limits.perClientStreams) return { refused: 'client' };
      if (streams >= limits.maxStreams) return { refused: 'busy' };
      streams++;
      perClient.set(clientKey, mine + 1);
      return {
        release: once(() => {
          streams--;
          const left = (perClient.get(clientKey) ?? 1) - 1;
          // Forgotten as soon as the client holds nothing: no table of clients builds up.
          if (left <= 0) perClient.delete(clientKey);
          else perClient.set(clientKey, left);
        }),
      };
    },
    load: () => ({ fetches, streams, clients: perClient.size }),
  };
}

const KEY = randomBytes(32);

/**
 * An opaque per-client key: a keyed hash of the socket's peer address, or with a trusted proxy of
 * the last X-Forwarded-For hop (the one the proxy itself added). Requests without a socket (tests
 * calling app.request) share one key.
 */
export function clientKey(c: Context, trustProxy: boolean): string {
  let address: string | undefined;
  if (trustProxy) address = c.req.header('x-forwarded-for')?.split(',').pop()?.trim() || undefined;
  address ??= (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return createHmac('sha256', KEY).update(address ?? 'no-socket').digest('base64url').slice(0, 22);
}
