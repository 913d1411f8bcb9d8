// What the client's parts (page-fetch.ts, media-fetch.ts) share; pinterest-client.ts builds it once.
import type { GuardedRequests, UpstreamHost } from './guarded-request.js';
import type { InstanceIdentity } from './upstream-headers.js';

export interface ClientContext {
  /** Normalized configured origins; never taken from a visitor. */
  origins: Record<UpstreamHost, string>;
  identity: InstanceIdentity;
  now: () => number;
  requests: GuardedRequests;
  /** Cache-aside (coalesced, stale-if-error) in the pages cache: JSON, HTML, short-link targets, playlists. */
  cachedPages<V>(key: string, ttlMs: number, loader: () => Promise<{ value: V; size: number }>): Promise<V>;
}
