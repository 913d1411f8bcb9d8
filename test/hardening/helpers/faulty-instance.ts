// A whole instance (test/helpers/test-instance.ts) whose four upstream origins point at a fault
// upstream in front of the fake Pinterest, so a test can break any upstream path and count calls.
import { startTestInstance, type TestInstance } from '../../helpers/test-instance.js';
import type { FakePinterestOptions } from '../../../demo/fake-pinterest.js';
import type { ImageModel } from '../../../src/ai/types.js';
import type { BuildOptions } from '../../../src/deps.js';
import { startFaultUpstream, type FaultUpstream } from './fault-upstream.js';

export interface FaultyInstance extends TestInstance {
  upstream: FaultUpstream;
  /** GET with a timer: status, body text, headers and elapsed ms. */
  timed(path: string, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers; ms: number }>;
  healthz(): Promise<{ status: number; body: { status: string; upstream: Record<string, string>; stalls?: string[] } }>;
}

/**
 * A timeout no healthy request reaches: every upstream call here crosses two local hops (fault
 * upstream, then the fake Pinterest), which on a loaded 2-core machine can take a second or more.
 * A test of a timeout fault sets its own, shorter one and derives its time bounds from it.
 */
const HEALTHY_TIMEOUT_MS = 10_000;

/** No image scoring by default (the fault tests care about pages), and no top-up pages. */
const QUICK_ENV: Record<string, string> = {
  CORKBOARD_UPSTREAM_TIMEOUT_MS: String(HEALTHY_TIMEOUT_MS),
  CORKBOARD_TOPUP_PAGES: '0',
  CORKBOARD_SCORE_QUEUE: '0',
};

export async function startFaultyInstance(opts: { env?: Record<string, string>; model?: ImageModel | null; fake?: FakePinterestOptions; now?: () => number; build?: Omit<BuildOptions, 'model' | 'now'> } = {}): Promise<FaultyInstance> {
  const upstream = await startFaultUpstream();
  const inst = await startTestInstance({
    model: opts.model === undefined ? null : opts.model,
    fake: opts.fake,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.build ? { build: opts.build } : {}),
    env: {
      ...QUICK_ENV,
      CORKBOARD_UPSTREAM_WWW: upstream.url,
      CORKBOARD_UPSTREAM_IMAGES: upstream.url,
      CORKBOARD_UPSTREAM_VIDEOS: upstream.url,
      CORKBOARD_UPSTREAM_SHORTLINKS: upstream.url,
      ...opts.env,
    },
  });
  upstream.target = inst.fake.url;
  return {
    ...inst,
    upstream,
    async timed(path, headers) {
      const t0 = performance.now();
      const res = await inst.get(path, headers);
      const text = await res.text();
      return { status: res.status, text, headers: res.headers, ms: performance.now() - t0 };
    },
    async healthz() {
      const res = await inst.get('/healthz');
      return { status: res.status, body: (await res.json()) as { status: string; upstream: Record<string, string> } };
    },
    async close() {
      // The fault upstream first: its hanging sockets would otherwise hold the client's close().
      await upstream.close();
      await inst.close();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wall-clock time plus an offset the test moves forward: expiry without waiting for it. */
export function offsetClock(): { now: () => number; advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => { offset += ms; } };
}

/** A valid upstream image path (folders = the signature's first hex pairs) unique to `n`. */
export function imagePath(n: number, size = '236x', ext = 'jpg'): string {
  const sig = `${n.toString(16).padStart(8, '0')}${'c0ffee'.repeat(4)}`;
  return `/${size}/${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}/${sig}.${ext}`;
}

/**
 * Every size of the picture at `path` (`/236x/aa/bb/cc/<sig>.jpg` -> any size folder): the image
 * proxy tries the next smaller or larger size when one fails, so a fault meant for "this picture"
 * must cover all of its sizes.
 */
export function everySize(path: string): RegExp {
  const tail = path.replace(/^\/[^/]+/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^/[0-9a-zA-Z_]+${tail}$`);
}
