// Everything the app is built from, passed in: tests assemble their own Deps (fake upstream,
// stub scorer); buildDeps(config) assembles the real ones for src/main.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { ImageModel } from './ai/types.js';
import type { AsyncCache, CacheStats } from './domain/cache.js';
import type { CachedEvidence, PinScorerWithStats } from './ai/scorer.js';
import { createPinScorer } from './ai/scorer.js';
import { logUnknownLabelOnce } from './ai/pinterest-label.js';
import { createOnnxModel } from './ai/onnx-model.js';
import { createMemoryCache } from './upstream/memory-cache.js';
import { createUpstreamCaches } from './upstream/caches.js';
import { DEFAULT_ACCEPT_LANGUAGE, DEFAULT_UPSTREAM_USER_AGENT } from './upstream/upstream-headers.js';
import { createPinterestClient, type PinterestClient } from './upstream/pinterest-client.js';
import { createLoaders, type Loaders } from './content/loaders.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { loadStaticFiles, type StaticFile } from './web/static-files.js';
import type { RenderedPage } from './web/page-cache.js';
import { fromLocalMediaPath } from './media/paths.js';
import { createMediaBudget, DEFAULT_MEDIA_LIMITS, type MediaBudget, type MediaLimits } from './web/media-budget.js';
import { createHealthMonitor, type HealthMonitor, type HealthMonitorOptions } from './web/health-monitor.js';
import { withoutRequestScope } from './upstream/request-scope.js';
import { createScaleOut } from './store/scale-out.js';
import type { SharedStore } from './store/redis-store.js';
import { createContextServices, type ContextBuildOptions, type ContextServices } from './context/services.js';
import { isRecord as isReputationRecord } from './context/reputation.js';

import { PROJECT_ROOT } from './project-root.js';

export interface Deps {
  config: Config;
  client: PinterestClient;
  loaders: Loaders;
  scorer: PinScorerWithStats;
  /** Null when the model could not be loaded: the instance still runs on labels and provenance. */
  model: ImageModel | null;
  modelError: string | null;
  log: Logger;
  metrics: Metrics;
  /** Rendered pages, kept a minute (src/web/page-cache.ts). */
  renderedPages: AsyncCache<RenderedPage>;
  /** The shared Valkey/Redis (CORKBOARD_REDIS_URL), or null: this instance's caches only. */
  store: SharedStore | null;
  caches: AsyncCache<unknown>[];
  staticFiles: Map<string, StaticFile>;
  /** Reputation, AI lists, reports and their state (src/context/). */
  context: ContextServices;
  version: string;
  startedAt: number;
  /** Media's own concurrency budget (src/web/media-budget.ts). */
  media: MediaBudget;
  /** Event-loop and upstream-slot stall detection for /healthz. */
  health: HealthMonitor;
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** The instance's one fixed identity towards Pinterest: the same for every visitor. */
/** Pinterest image URLs are content-addressed (the signature), so their bytes never change. */
const IMAGE_TTL_MS = 24 * 3600_000;

/** How long a rendered page is reused: short, so new pins and settings changes show soon. */
export const RENDERED_TTL_MS = 60_000;

/** AI evidence depends only on the image and the model version: kept a month. */
const VERDICT_TTL_MS = 30 * 24 * 3600_000;

export interface BuildOptions {
  /** Load the ONNX model (default true). Tests of pages may pass a model of their own instead. */
  model?: ImageModel | null;
  /** The upstream client's clock (cache freshness, breaker, retry budget); tests advance it instead of sleeping. */
  now?: () => number;
  /** Overrides of the media limits (tests: short stream timeouts, small caps). */
  media?: Partial<MediaLimits>;
  /** Overrides of the stall detector's timing (tests). */
  health?: Omit<HealthMonitorOptions, 'slots'>;
  /** A shared store built by the caller (tests); else one from CORKBOARD_REDIS_URL, if set. */
  store?: SharedStore;
  /** Clock, list check interval, test-only subscription CA (src/context/services.ts). */
  context?: ContextBuildOptions;
}

export async function buildDeps(config: Config, opts: BuildOptions = {}): Promise<Deps> {
  const log = createLogger({ level: config.log.level, debug: config.log.debug });
  const metrics = createMetrics();

  // The client sets each entry's own lifetime; keepMs is only the upper bound (images live a day).
  const { pages: localPages, images: localImages } = createUpstreamCaches({
    pagesMaxBytes: config.cache.pagesBytes,
    imagesMaxBytes: config.cache.imagesBytes,
    keepMs: Math.max(IMAGE_TTL_MS, config.cache.ttlMs + config.cache.staleMs),
  });
  // A quarter of the page budget holds rendered HTML: a popular page renders once a minute.
  const localRendered = createMemoryCache<RenderedPage>({
    name: 'rendered', maxBytes: Math.floor(config.cache.pagesBytes / 4), ttlMs: RENDERED_TTL_MS, sizeOf: (p) => p.body.length * 2,
  });
  const localEvidence = createMemoryCache<CachedEvidence>({
    name: 'verdicts', maxBytes: Math.max(1, config.cache.verdictEntries) * 512, ttlMs: VERDICT_TTL_MS, sizeOf: () => 512,
  });
  // With CORKBOARD_REDIS_URL the local caches become the first level of shared ones (src/store/).
  const scale = createScaleOut({
    config,
    local: { pages: localPages, images: localImages, verdicts: localEvidence, rendered: localRendered },
    registry: metrics.registry,
    log: (message, fields) => log.warn(message, fields),
    ttl: { pagesMs: config.cache.ttlMs + config.cache.staleMs, imagesMs: IMAGE_TTL_MS, verdictsMs: VERDICT_TTL_MS, renderedMs: RENDERED_TTL_MS },
    ...(opts.store ? { store: opts.store } : {}),
  });
  const { pages: pagesCache, images: imagesCache, verdicts: evidenceCache, rendered: renderedPages } = scale;

  const mediaLimits: MediaLimits = { ...DEFAULT_MEDIA_LIMITS, ...opts.media };
  const client = createPinterestClient({
    origins: {
      www: config.upstream.www, images: config.upstream.images, videos: config.upstream.videos, shortlinks: config.upstream.shortlinks,
    },
    timeouts: { connectMs: Math.min(5000, config.upstream.timeoutMs), headersMs: config.upstream.timeoutMs, bodyMs: config.upstream.timeoutMs },
    maxBodyBytes: 8 * 1024 * 1024,
    maxImageBytes: config.upstream.maxImageBytes,
    retries: config.upstream.retries,
    maxConcurrent: config.upstream.concurrency,
    // Media gets a pool of its own, as large as the page pool; video bodies their own connections.
    maxConcurrentMedia: config.upstream.concurrency,
    videoConnections: mediaLimits.maxStreams,
    requestBudgetMs: config.upstream.timeoutMs * (config.upstream.retries + 1),
    // The instance's one fixed identity towards Pinterest: the same for every visitor.
    userAgent: DEFAULT_UPSTREAM_USER_AGENT,
    acceptLanguage: DEFAULT_ACCEPT_LANGUAGE,
    caches: { pages: pagesCache, images: imagesCache },
    ttl: {
      resourceMs: config.cache.ttlMs, pageMs: config.cache.ttlMs, imageMs: IMAGE_TTL_MS, shortLinkMs: IMAGE_TTL_MS,
      staleMs: config.cache.staleMs,
    },
    onUpstream: (e) => (e.kind === 'ok' ? metrics.upstreamCall(e.host, 'ok') : metrics.upstreamError(e.host, e.kind)),
    onCache: (e) => metrics.cacheLookup(e.cache, e.outcome === 'stale' ? 'stale' : e.outcome === 'miss' ? 'miss' : 'hit'),
    ...(opts.now ? { now: opts.now } : {}),
    ...(scale.rateLimiter ? { rateLimiter: scale.rateLimiter } : {}),
  });

  let model: ImageModel | null = null;
  let modelError: string | null = null;
  if (opts.model !== undefined) {
    model = opts.model;
  } else {
    try {
      model = await createOnnxModel(config.model.manifestPath, { intraOpThreads: config.scoring.threads });
    } catch (e) {
      // Degrade once, loudly: the instance still filters on Pinterest's label and provenance.
      modelError = e instanceof Error ? e.message : String(e);
      log.error('model failed to load; scoring with labels and provenance only', { error: modelError });
    }
  }

  const context = createContextServices(config, {
    log: (message) => log.warn(message),
    // With a shared store every instance reads and adds to the same records.
    shareReputation: (local) => scale.share('reputation', local, config.context.reputationTtlMs, isReputationRecord),
    ...opts.context,
  });
  // The reputation snapshot is merged into the shared store at start: give a fresh connection its
  // connect time first, or every record misses the store and counts as a store error.
  if (scale.store && !(await scale.store.ready())) log.warn('shared store not reachable at start; using local caches until it is');
  await context.start();
  const imageScorer = createPinScorer({
    model: model ? measuredModel(model, metrics) : null,
    fetchImage: async (localPath) => {
      const target = fromLocalMediaPath(localPath);
      if (!target || target.kind !== 'image') throw new Error(`not an image path: ${localPath}`);
      // Shared work (every visitor of the image gets its verdict): not cut short by the visitor
      // who happened to ask first; bounded by the client's own budget instead.
      return (await withoutRequestScope(() => client.image(target.upstreamPath))).bytes;
    },
    cache: evidenceCache,
    maxQueue: config.scoring.queueMax,
    onUnknownLabel: logUnknownLabelOnce((message) => log.warn(message)),
    log: (message) => log.warn(message),
  });
  // Lists, reputation and the visitor's context setting act on top of the per-image verdicts.
  const scorer = context.wrapScorer(imageScorer, model?.manifest.thresholds ?? null, (message) => log.warn(message));

  const health = createHealthMonitor({ ...opts.health, slots: () => client.slotStates() });
  health.start();

  return {
    config,
    client,
    loaders: createLoaders(client),
    scorer,
    model,
    modelError,
    log,
    metrics,
    renderedPages,
    store: scale.store,
    caches: [pagesCache, imagesCache, evidenceCache, renderedPages, context.reputationCache] as AsyncCache<unknown>[],
    staticFiles: loadStaticFiles(resolve(PROJECT_ROOT, 'static')),
    context,
    version: readVersion(),
    startedAt: Date.now(),
    media: createMediaBudget(mediaLimits),
    health,
  };
}

export function cacheFigures(deps: Deps): CacheStats[] {
  return deps.caches.map((c) => c.stats());
}

/** The model, with each batch's time reported to the metrics (per image). */
function measuredModel(model: ImageModel, metrics: Metrics): ImageModel {
  return {
    get info() { return model.info; },
    get manifest() { return model.manifest; },
    close: () => model.close(),
    async scoreBatch(images) {
      const started = performance.now();
      const scores = await model.scoreBatch(images);
      const perImage = (performance.now() - started) / 1000 / Math.max(1, images.length);
      for (const s of scores) metrics.imageScored(s.probability === null ? 'unscorable' : 'scored', perImage);
      return scores;
    },
  };
}
