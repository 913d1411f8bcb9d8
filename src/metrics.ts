// Prometheus metrics on a registry of their own (not prom-client's global one), so tests can build
// several apps. Labels are bounded: free-form values are clamped so a visitor cannot mint series.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type CacheResult = 'hit' | 'miss' | 'stale';

export interface Metrics {
  readonly registry: Registry;
  /** Content-Type for the /metrics response. */
  readonly contentType: string;
  render(): Promise<string>;
  /** One answered request: `route` is its group (routeGroup in src/domain/local-routes.ts: 'pin', 'search', 'media', 'profile-or-board', ...). */
  observeRequest(route: string, status: number, seconds: number): void;
  /** One upstream call that succeeded (the caller passes `kind` 'ok'; failures go to upstreamError). */
  upstreamCall(host: string, kind: string): void;
  /** One failed upstream call: `kind` is the UpstreamErrorKind ('timeout', 'rate-limited', ...). */
  upstreamError(host: string, kind: string): void;
  cacheLookup(cache: string, result: CacheResult): void;
  /** One image scored by the model, with its verdict and how long scoring took. */
  imageScored(verdict: string, seconds: number): void;
  /** Pins hidden on a page, by reason (FilterResult.hiddenByReason). */
  pinsHidden(byReason: Partial<Record<string, number>>): void;
  setScoreQueueLength(n: number): void;
  setInflight(n: number): void;
}

const LABEL_RE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/** A label value from a bounded vocabulary: anything unexpected becomes 'other'. */
function label(v: string): string {
  const s = String(v).toLowerCase();
  return LABEL_RE.test(s) ? s : 'other';
}

function statusClass(status: number): string {
  return Number.isInteger(status) && status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

export function createMetrics(opts: { defaultMetrics?: boolean; prefix?: string } = {}): Metrics {
  const registry = new Registry();
  const p = opts.prefix ?? 'corkboard_';
  const registers = [registry];
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: p });

  const requests = new Counter({ name: `${p}http_requests_total`, help: 'Requests answered, by route group and status class', labelNames: ['route', 'status'] as const, registers });
  const requestSeconds = new Histogram({
    name: `${p}http_request_duration_seconds`,
    help: 'Time to answer a request, by route group',
    labelNames: ['route'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
    registers,
  });
  const upstreamCalls = new Counter({ name: `${p}upstream_requests_total`, help: 'Requests sent upstream, by host and kind', labelNames: ['host', 'kind'] as const, registers });
  const upstreamErrors = new Counter({ name: `${p}upstream_errors_total`, help: 'Failed upstream requests, by host and error kind', labelNames: ['host', 'kind'] as const, registers });
  const cacheLookups = new Counter({ name: `${p}cache_lookups_total`, help: 'Cache lookups, by cache name and result (hit, miss, stale)', labelNames: ['cache', 'result'] as const, registers });
  const imagesScored = new Counter({ name: `${p}images_scored_total`, help: 'Images scored by the AI model, by verdict', labelNames: ['verdict'] as const, registers });
  const scoringSeconds = new Histogram({
    name: `${p}scoring_duration_seconds`,
    help: 'Time to score one image (fetch excluded)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers,
  });
  const pinsHidden = new Counter({ name: `${p}pins_hidden_total`, help: 'Pins withheld from pages, by reason', labelNames: ['reason'] as const, registers });
  const queue = new Gauge({ name: `${p}score_queue_length`, help: 'Images waiting to be scored', registers });
  const inflight = new Gauge({ name: `${p}inflight_requests`, help: 'Page requests being answered now', registers });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observeRequest(route, status, seconds) {
      const r = label(route);
      requests.inc({ route: r, status: statusClass(status) });
      if (Number.isFinite(seconds) && seconds >= 0) requestSeconds.observe({ route: r }, seconds);
    },
    upstreamCall: (host, kind) => upstreamCalls.inc({ host: label(host), kind: label(kind) }),
    upstreamError: (host, kind) => upstreamErrors.inc({ host: label(host), kind: label(kind) }),
    cacheLookup: (cache, result) => cacheLookups.inc({ cache: label(cache), result: label(result) }),
    imageScored(verdict, seconds) {
      imagesScored.inc({ verdict: label(verdict) });
      if (Number.isFinite(seconds) && seconds >= 0) scoringSeconds.observe(seconds);
    },
    pinsHidden(byReason) {
      for (const [reason, n] of Object.entries(byReason)) {
        if (typeof n === 'number' && n > 0) pinsHidden.inc({ reason: label(reason) }, n);
      }
    },
    setScoreQueueLength: (n) => queue.set(Number.isFinite(n) ? n : 0),
    setInflight: (n) => inflight.set(Number.isFinite(n) ? n : 0),
  };
}
