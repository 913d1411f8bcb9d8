// Builds a client pointed at local test servers. Its timeouts are long enough that a busy machine
// never turns a test of something else into a timeout (a compression bomb took over 300 ms to
// inflate beside another suite); a test of a timeout passes its own short ones (FAST_TIMEOUTS).

import { afterAll, afterEach, beforeAll } from 'vitest';
import { startServer, type TestServer } from './test-server.js';
import { createMemoryCache } from '../../../src/upstream/memory-cache.js';
import { entrySize, type CacheEntry } from '../../../src/upstream/cached-fetch.js';
import {
  createPinterestClient,
  type PinterestClientOptions,
  type UpstreamEvent,
  type UpstreamImage,
} from '../../../src/upstream/pinterest-client.js';

/** Timeouts for the tests that wait for one: short, so a hang costs the suite little. */
export const FAST_TIMEOUTS: PinterestClientOptions['timeouts'] = { connectMs: 300, headersMs: 300, bodyMs: 300 };

export function makeClient(origin: string | Partial<PinterestClientOptions['origins']>, overrides: Partial<PinterestClientOptions> = {}) {
  const o = typeof origin === 'string' ? { www: origin, images: origin, videos: origin, shortlinks: origin } : origin;
  const events: UpstreamEvent[] = [];
  const pages = createMemoryCache<CacheEntry<unknown>>({ name: 'pages', maxBytes: 8 << 20, ttlMs: 60_000, sizeOf: entrySize });
  const images = createMemoryCache<CacheEntry<UpstreamImage>>({ name: 'images', maxBytes: 8 << 20, ttlMs: 60_000, sizeOf: entrySize });
  const client = createPinterestClient({
    origins: { www: o.www ?? 'http://127.0.0.1:9', images: o.images ?? 'http://127.0.0.1:9', videos: o.videos ?? 'http://127.0.0.1:9', shortlinks: o.shortlinks ?? 'http://127.0.0.1:9' },
    timeouts: { connectMs: 5_000, headersMs: 5_000, bodyMs: 5_000 },
    maxBodyBytes: 256 * 1024,
    maxImageBytes: 64 * 1024,
    retries: 2,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 100,
    requestBudgetMs: 10_000,
    breaker: { failureThreshold: 100, coolDownMs: 1_000 },
    userAgent: 'Mozilla/5.0 (test instance)',
    acceptLanguage: 'en-US,en;q=0.9',
    caches: { pages, images },
    ttl: { resourceMs: 60_000, pageMs: 60_000, imageMs: 60_000, shortLinkMs: 60_000, staleMs: 60_000 },
    onUpstream: (e) => events.push(e),
    ...overrides,
  });
  return { client, events, caches: { pages, images } };
}

/** A TestServer that forwards to the one `current()` returns (started in a hook). */
function forwardTo(current: () => TestServer): TestServer {
  return {
    get origin() {
      return current().origin;
    },
    get requests() {
      return current().requests;
    },
    count: (path) => current().count(path),
    handle: (h) => current().handle(h),
    close: () => current().close(),
  };
}

/**
 * A client test file's upstreams: `server`, which answers, and `other`, where a redirect would
 * lead; `client()` makes a client. Clients are closed and recorded requests cleared
 * after each test, the servers after the file.
 */
export function upstreamsForFile() {
  let started: { server: TestServer; other: TestServer } | undefined;
  const clients: Array<{ close(): Promise<void> }> = [];
  const get = () => {
    if (!started) throw new Error('the upstream servers start in beforeAll: use them inside a test');
    return started;
  };
  beforeAll(async () => {
    started = { server: await startServer(), other: await startServer() };
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    get().server.requests.length = 0;
    get().other.requests.length = 0;
  });
  afterAll(async () => {
    await started?.server.close();
    await started?.other.close();
  });
  const server = forwardTo(() => get().server);
  return {
    server,
    other: forwardTo(() => get().other),
    /** A client against `server` (or `origin`), closed after the test. */
    client(overrides: Partial<PinterestClientOptions> = {}, origin?: string) {
      const made = makeClient(origin ?? server.origin, overrides);
      clients.push(made.client);
      return made;
    },
  };
}
