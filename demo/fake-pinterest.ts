// One node:http server that plays all four upstream hosts (www pages and resource API, i.pinimg.com
// images, v1.pinimg.com videos, api.pinterest.com short links) for tests, benchmarks and the demo.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isImagePath, isVideoPath } from '../src/media/paths.js';
import { DEFAULT_FIXTURES_DIR, FAKE_KNOWN, FakeCatalog } from './fake-catalog.js';
import { homeHtml, notFoundHtml } from './fake-html.js';
import { DEMO_GENERATED_SIGNATURES, demoGenerated, demoPhoto } from './demo-pictures.js';
import {
  A1111_PARAMETERS,
  FAKE_SIGNATURES,
  dimensionsFor,
  fakeMp4,
  fakeTsSegment,
  generatedImage,
  hlsMaster,
  hlsVariant,
  pickDatasetImages,
  provenancePng,
  withPngTextChunk,
  type DatasetPick,
  type MediaBody,
} from './fake-images.js';

export { FAKE_SIGNATURES, FAKE_KNOWN };

/** `status:429` (any status), `hang` (never answer), `reset` (drop the connection), `garbage` (200 with bytes that parse as nothing). */
type FakeFault = `status:${number}` | 'hang' | 'reset' | 'garbage';

interface FakeRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
}

export interface FakePinterestOptions {
  port?: number;
  host?: string;
  /** Added before every response (benchmarks use 50). */
  latencyMs?: number;
  /** `../shared` for the real recordings and dataset pictures; null to use only the project's fixtures. Default: `<cwd>/../shared` when it exists. */
  sharedDir?: string | null;
  /** The project's own fixtures; default test/fixtures/pinterest beside this repository's demo/. */
  fixturesDir?: string;
  /** Faults active from the start, by path prefix. */
  faults?: Record<string, FakeFault>;
  /**
   * 'synthetic' (default, tests): flat colour pictures. 'demo' (`npm run demo`, the phone browser
   * test): the shipped photographs and artworks, and drawn stand-ins for the AI pins.
   */
  pictures?: 'synthetic' | 'demo';
}

export interface FakePinterest {
  /** Base URL, e.g. `http://127.0.0.1:41234`; use it for all four upstream settings. */
  url: string;
  /** Every request received, in order (clear with `requests.length = 0`). */
  requests: FakeRequest[];
  /** Make requests whose path starts with `pathPrefix` fail; `null` clears it. `times` limits how many requests it hits. */
  setFault(pathPrefix: string, fault: FakeFault | null, times?: number): void;
  clearFaults(): void;
  /** Dataset pictures chosen at start-up for FAKE_SIGNATURES.aiDataset / realDataset (empty without ../shared). */
  datasetImages: DatasetPick[];
  close(): Promise<void>;
}

const MAX_CACHED_MEDIA = 400;

function defaultSharedDir(): string | null {
  const dir = resolve(process.cwd(), '../shared');
  return existsSync(dir) ? dir : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit = 256 * 1024): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Serve a byte body honouring a single `Range: bytes=a-b` (206 + Content-Range), as the CDN does. */
function sendRanged(req: IncomingMessage, res: ServerResponse, media: MediaBody): void {
  const total = media.body.length;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers['range'] ?? ''));
  const common = { 'accept-ranges': 'bytes', 'cache-control': 'public, max-age=31536000' };
  if (!range || (range[1] === '' && range[2] === '')) {
    send(res, 200, media.contentType, media.body, common);
    return;
  }
  let start: number;
  let end: number;
  if (range[1] === '') {
    start = Math.max(0, total - Number(range[2]));
    end = total - 1;
  } else {
    start = Number(range[1]);
    end = range[2] === '' ? total - 1 : Math.min(Number(range[2]), total - 1);
  }
  if (start >= total || start > end) {
    send(res, 416, 'text/plain', '', { 'content-range': `bytes */${total}` });
    return;
  }
  send(res, 206, media.contentType, media.body.subarray(start, end + 1), { ...common, 'content-range': `bytes ${start}-${end}/${total}` });
}

export async function startFakePinterest(opts: FakePinterestOptions = {}): Promise<FakePinterest> {
  const sharedDir = opts.sharedDir === undefined ? defaultSharedDir() : opts.sharedDir;
  const catalog = new FakeCatalog(opts.fixturesDir ?? DEFAULT_FIXTURES_DIR, sharedDir);
  const datasetImages = pickDatasetImages(sharedDir);
  const datasetBySignature = new Map(datasetImages.map((d) => [d.signature, d]));
  const latencyMs = opts.latencyMs ?? 0;
  const requests: FakeRequest[] = [];
  const faults = new Map<string, { fault: FakeFault; remaining: number }>();
  for (const [prefix, fault] of Object.entries(opts.faults ?? {})) faults.set(prefix, { fault, remaining: Infinity });
  const mediaCache = new Map<string, MediaBody>();
  const sockets = new Set<Socket>();

  async function image(upstreamPath: string): Promise<MediaBody> {
    const cached = mediaCache.get(upstreamPath);
    if (cached) return cached;
    const segs = upstreamPath.split('/');
    const file = segs[segs.length - 1]!;
    const signature = /^([0-9a-f]{32})/.exec(file)?.[1] ?? upstreamPath;
    const ext = /\.([a-z]+)$/.exec(file)?.[1] ?? 'jpg';
    let media: MediaBody;
    const dataset = datasetBySignature.get(signature);
    const demo = opts.pictures === 'demo';
    const aiStandIn = (FAKE_SIGNATURES.aiDataset as readonly string[]).includes(signature) || DEMO_GENERATED_SIGNATURES.has(signature);
    if (FAKE_SIGNATURES.aiProvenance.includes(signature as never)) {
      media = {
        body: demo ? withPngTextChunk(await demoGenerated(signature, 512, 512, 'png'), 'parameters', A1111_PARAMETERS) : await provenancePng(signature),
        contentType: 'image/png',
      };
    } else if (dataset) {
      media = { body: readFileSync(dataset.file), contentType: 'image/jpeg' };
    } else {
      const size =
        segs[1] === 'custom_covers' ? segs[2]! : segs[1] === 'upload' ? '60x60' : segs[1] === 'videos' ? '720x' : segs[1]!;
      const { width, height } = dimensionsFor(size, signature);
      const format = ext === 'png' ? 'png' : ext === 'webp' ? 'webp' : 'jpeg';
      const draw = !demo ? generatedImage : aiStandIn ? demoGenerated : demoPhoto;
      media = { body: await draw(signature, width, height, format), contentType: `image/${format}` };
    }
    if (mediaCache.size >= MAX_CACHED_MEDIA) mediaCache.delete(mediaCache.keys().next().value!);
    mediaCache.set(upstreamPath, media);
    return media;
  }

  function video(upstreamPath: string): MediaBody {
    const file = upstreamPath.split('/').pop()!;
    const signature = /^([0-9a-f]{32})/.exec(file)?.[1] ?? file;
    if (file.endsWith('.mp4')) return { body: fakeMp4(upstreamPath), contentType: 'video/mp4' };
    if (file.endsWith('.ts')) return { body: fakeTsSegment(upstreamPath), contentType: 'video/mp2t' };
    if (file.endsWith('.vtt')) return { body: Buffer.from('WEBVTT\n\n00:00.000 --> 00:02.000\nhello\n'), contentType: 'text/vtt' };
    const playlist = file === `${signature}.m3u8` ? hlsMaster(signature) : hlsVariant(signature);
    return { body: Buffer.from(playlist), contentType: 'application/vnd.apple.mpegurl' };
  }

  async function resourceCall(req: IncomingMessage, res: ServerResponse, url: URL, name: string): Promise<void> {
    // Like the real site since 2024-11 / 2025-03: no handler header, no data.
    if (!req.headers['x-pinterest-pws-handler']) {
      send(res, 403, 'text/plain; charset=utf-8', 'Invalid Resource Request');
      return;
    }
    let dataText = url.searchParams.get('data');
    if (req.method === 'POST') dataText = new URLSearchParams(await readBody(req)).get('data') ?? dataText;
    let options: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(dataText ?? '{}') as { options?: unknown };
      if (typeof parsed.options === 'object' && parsed.options !== null) options = parsed.options as Record<string, unknown>;
    } catch {
      sendJson(res, 400, { resource_response: { status: 'failure', error: { http_status: 400, message: 'Invalid JSON in data' } } });
      return;
    }
    const answer = catalog.resource(name, options);
    sendJson(res, answer.status, answer.body);
  }

  function page(res: ServerResponse, html: string | null): void {
    if (html === null) send(res, 404, 'text/html; charset=utf-8', notFoundHtml());
    else send(res, 200, 'text/html; charset=utf-8', html);
  }

  const RESERVED = new Set(['pin', 'search', 'ideas', 'today', 'videos', 'resource', 'url_shortener', 'static']);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    let m: RegExpExecArray | null;

    if ((m = /^\/resource\/([A-Za-z]{1,60}Resource)\/get\/?$/.exec(path))) return resourceCall(req, res, url, m[1]!);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');

    if ((m = /^\/url_shortener\/([A-Za-z0-9_-]{1,40})\/redirect\/$/.exec(path))) {
      const target = FAKE_KNOWN.shortLinks[m[1]!];
      if (!target) return send(res, 404, 'text/plain', 'not found');
      // Pin links land on the `sent` page with the sharer's identifiers, as the real service does.
      const location = target.startsWith('/pin/')
        ? `https://www.pinterest.com${target}sent/?invite_code=0123456789abcdef0123456789abcdef&sender=9007199254741100&sfo=1`
        : `https://www.pinterest.com${target}`;
      res.writeHead(302, { location, 'content-length': '0' });
      res.end();
      return;
    }
    if (isImagePath(path)) return sendRanged(req, res, await image(path));
    if (isVideoPath(path)) return sendRanged(req, res, video(path));
    if (path === '/') {
      return send(res, 200, 'text/html; charset=utf-8', homeHtml(), {
        'set-cookie': 'csrftoken=fakecsrf0123456789abcdef01234567; Path=/; SameSite=Lax',
      });
    }
    if ((m = /^\/pin\/(?:[^/]*--)?([0-9]{1,25})\/(?:sent\/)?$/.exec(path))) return page(res, catalog.pinPageHtml(m[1]!));

    const segs = path.split('/').filter((s) => s !== '');
    const userOk = segs[0] !== undefined && /^[A-Za-z0-9_.-]{1,100}$/.test(segs[0]) && !RESERVED.has(segs[0]);
    if (userOk && path.endsWith('/')) {
      if (segs.length === 1) return page(res, catalog.userPageHtml(segs[0]!, ''));
      if (segs.length === 2 && ['_created', '_saved', 'pins'].includes(segs[1]!)) return page(res, catalog.userPageHtml(segs[0]!, segs[1]!));
      if (segs.length === 2) return page(res, catalog.boardPageHtml(segs[0]!, segs[1]!));
    }
    return page(res, null);
  }

  function activeFault(path: string): FakeFault | null {
    for (const [prefix, f] of faults) {
      if (!path.startsWith(prefix)) continue;
      if (f.remaining <= 0) continue;
      f.remaining -= 1;
      return f.fault;
    }
    return null;
  }

  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v ?? '')])),
    });
    void (async () => {
      if (latencyMs > 0) await sleep(latencyMs);
      const fault = activeFault(req.url ?? '/');
      if (fault === 'hang') return; // the socket stays open until the client gives up or close()
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault === 'garbage') {
        send(res, 200, 'application/json', Buffer.from('{"resource_response": {"status": "succ\u0000\u00ff<html>', 'latin1'));
        return;
      }
      if (fault) {
        const status = Number(fault.slice('status:'.length));
        const extra: Record<string, string> = status === 429 ? { 'retry-after': '1' } : {};
        send(res, status, 'text/plain; charset=utf-8', status === 403 ? 'Invalid Resource Request' : `fault ${status}`, extra);
        return;
      }
      await route(req, res);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `fake error: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 0;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    datasetImages,
    setFault(pathPrefix, fault, times = Infinity) {
      if (fault === null) faults.delete(pathPrefix);
      else faults.set(pathPrefix, { fault, remaining: times });
    },
    clearFaults() {
      faults.clear();
    },
    close() {
      return new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
