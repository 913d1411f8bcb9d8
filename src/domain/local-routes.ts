// This instance's own top-level paths, in one table: the metrics group of each, whether the
// rendered-page cache may keep its answers, and (derived in links/pinterest-url.ts) which first
// segments can never be a Pinterest username. Everything else at the top level is a profile or a
// board (`/USER/...`). test/routes/route-table.test.ts checks this table against the routes the
// app really registers, both ways, and that each is served.

export interface LocalRoute {
  /** First path segment, e.g. `pin` for `/pin/ID/`. */
  segment: string;
  /** Label for /metrics (a bounded vocabulary). */
  group: string;
  /** The rendered-page cache may keep its HTML (pages that depend on nothing but path, query and settings). */
  renderedCache: boolean;
}

export const LOCAL_ROUTES: readonly LocalRoute[] = [
  { segment: 'pin', group: 'pin', renderedCache: true },
  { segment: 'search', group: 'search', renderedCache: true },
  { segment: 'pin.it', group: 'pin', renderedCache: true },
  { segment: 'ideas', group: 'search', renderedCache: true },
  { segment: 'today', group: 'search', renderedCache: true },
  { segment: 'go', group: 'home', renderedCache: true },
  { segment: 'info', group: 'info', renderedCache: true },
  { segment: 'privacy', group: 'info', renderedCache: true },
  { segment: 'view-on-pinterest', group: 'home', renderedCache: true },
  { segment: 'img', group: 'media', renderedCache: false },
  { segment: 'vid', group: 'media', renderedCache: false },
  { segment: 'static', group: 'static', renderedCache: false },
  { segment: 'favicon.ico', group: 'static', renderedCache: false },
  { segment: 'robots.txt', group: 'static', renderedCache: false },
  { segment: 'opensearch.xml', group: 'static', renderedCache: false },
  { segment: 'settings', group: 'settings', renderedCache: false },
  { segment: 'healthz', group: 'healthz', renderedCache: false },
  { segment: 'metrics', group: 'metrics', renderedCache: false },
  { segment: 'info.json', group: 'info.json', renderedCache: false },
  { segment: 'admin', group: 'admin', renderedCache: false },
  { segment: 'ai-list.txt', group: 'ai-list', renderedCache: false },
];

const BY_SEGMENT = new Map(LOCAL_ROUTES.map((r) => [r.segment, r]));

function firstSegment(path: string): string {
  return path.split('/')[1] ?? '';
}

/** The local route a path falls under, or null for `/` and profiles and boards. */
export function localRouteOf(path: string): LocalRoute | null {
  return BY_SEGMENT.get(firstSegment(path)) ?? null;
}

/** Metrics group of a request path. */
export function routeGroup(path: string): string {
  if (path === '/') return 'home';
  if (path.endsWith('.rss')) return 'feed';
  return localRouteOf(path)?.group ?? 'profile-or-board';
}
