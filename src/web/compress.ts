// Response compression, negotiated from Accept-Encoding: brotli or gzip for text (HTML, RSS, CSS,
// JSON, XML, plain text), never for images, video or HLS playlists (already compressed, or ranged).
// Hono's own compress middleware only offers gzip and deflate (CompressionStream has no brotli on
// Node 20), so this one uses node:zlib. Bodies here are small rendered strings: buffering is fine.
import type { MiddlewareHandler } from 'hono';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this many bytes the headers cost more than compression saves. */
const COMPRESS_MIN_BYTES = 1024;

const COMPRESSIBLE = /^(?:text\/(?:html|css|plain|xml)|application\/(?:rss\+xml|atom\+xml|xml|json|manifest\+json|opensearchdescription\+xml))\s*(?:;|$)/i;

export type Encoding = 'br' | 'gzip';

function isCompressibleType(contentType: string | null): boolean {
  return contentType !== null && COMPRESSIBLE.test(contentType);
}

/** The encoding to use for an Accept-Encoding header: brotli when allowed, else gzip, else none. */
export function negotiateEncoding(header: string | null | undefined): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';').map((s) => s.trim());
    if (!name) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const br = weight('br');
  const gz = weight('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/** If-None-Match uses weak comparison (RFC 9110 13.1.2): a compressed response's W/ tag matches. */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

async function compressBytes(bytes: Uint8Array, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'br') {
    // Quality 5: close to gzip's speed on small pages, still clearly smaller.
    return brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  }
  return gzipAsync(bytes, { level: 6 });
}

export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!isCompressibleType(res.headers.get('content-type'))) return;
    // The answer differs by Accept-Encoding from here on, compressed or not.
    const vary = res.headers.get('vary');
    if (!vary || !/\baccept-encoding\b/i.test(vary)) res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (c.req.method === 'HEAD' || !res.body || res.status === 204 || res.status === 206 || res.status === 304) return;
    if (res.headers.has('content-encoding') || res.headers.has('content-range')) return;
    if (/\bno-transform\b/i.test(res.headers.get('cache-control') ?? '')) return;
    const encoding = negotiateEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    const raw = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    // Hono copies the old response's headers onto the new one: drop those that must change.
    res.headers.delete('content-length');
    res.headers.delete('etag');
    if (raw.length < COMPRESS_MIN_BYTES) {
      if (headers.has('content-length')) res.headers.set('content-length', String(raw.length));
      const etag = headers.get('etag');
      if (etag) res.headers.set('etag', etag);
      c.res = new Response(raw, { status: res.status, statusText: res.statusText, headers });
      return;
    }
    const body = await compressBytes(raw, encoding);
    headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(body.length));
    const etag = headers.get('etag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    c.res = new Response(new Uint8Array(body), { status: res.status, statusText: res.statusText, headers });
  };
}
