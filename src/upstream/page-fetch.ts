// What the client reads as text and keeps in the pages cache: resource-API JSON, HTML pages from
// www and short-link targets. Each is checked here before it is cached (status, shape, redirects),
// so a parser never sees an error page or an answer from elsewhere.

import { UpstreamError } from '../domain/errors.js';
import { stringSize } from './cached-fetch.js';
import { checkResourceEnvelope, errorForStatus } from './classify.js';
import type { ClientContext } from './client-context.js';
import { firstHeader } from './http-request.js';
import { resourcePath, type ResourceCall } from './resource-requests.js';
import { pageHeaders, resourceHeaders, shortLinkHeaders } from './upstream-headers.js';

export interface PageRequests {
  /**
   * GET /resource/<name>/get/ for a call built by resource-requests.ts (one builder per resource,
   * so adding a resource touches that file and its loader only); the whole JSON envelope, status
   * already checked.
   */
  resource(call: ResourceCall): Promise<unknown>;
  /** An HTML page from www, e.g. "/pin/123/" (percent-encoded path, optional query). */
  page(path: string): Promise<string>;
  /** The Location a pin.it code redirects to (absolute URL, not followed, not cleaned). */
  resolveShortLink(code: string): Promise<string>;
}

interface PageFetchOptions {
  /** Cap for JSON and HTML bodies (decoded). */
  maxBodyBytes: number;
  ttl: { resourceMs: number; pageMs: number; shortLinkMs: number };
}

const SHORT_CODE_RE = /^[A-Za-z0-9_-]{1,32}$/;
const SHORT_LINK_MAX_BYTES = 64 * 1024;
const MAX_PAGE_REDIRECTS = 2;

/** Does the text start like an HTML document (after whitespace/BOM)? */
function looksLikeHtml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text.slice(0, 512));
}

/** Rough in-memory cost of a parsed JSON value: V8 objects take a few times their text size. */
const jsonSize = (textBytes: number) => textBytes * 3;

/** Validates a caller-supplied page path: one leading "/", printable ASCII, no fragment. */
function checkPagePath(path: string): void {
  if (!path.startsWith('/') || path.startsWith('//') || path.length > 2048 || !/^[\x21-\x7e]+$/.test(path) || /[\\#]/.test(path)) {
    throw new UpstreamError('not-found', 'invalid page path');
  }
}

export function createPageFetch(ctx: ClientContext, opts: PageFetchOptions): PageRequests {
  const { origins, identity, now, requests } = ctx;

  async function fetchResourceOnce(call: ResourceCall, path: string, headers: Record<string, string>): Promise<{ value: unknown; size: number }> {
    const res = await requests.get('www', path, headers, opts.maxBodyBytes);
    if (res.status >= 300 && res.status < 400) {
      throw new UpstreamError('bad-shape', `${call.name}: unexpected redirect (${res.status})`, { status: res.status });
    }
    if (res.status >= 400) throw errorForStatus('www', res.status, res.headers, res.body.toString('utf8', 0, 512), now());
    const text = res.body.toString('utf8');
    if (looksLikeHtml(text)) throw new UpstreamError('bad-shape', `${call.name}: expected JSON, got HTML`, { status: res.status });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new UpstreamError('bad-shape', `${call.name}: invalid JSON`, { status: res.status, cause: err });
    }
    checkResourceEnvelope(call.name, json);
    return { value: json, size: jsonSize(res.body.length) };
  }

  async function fetchPageOnce(path: string): Promise<{ value: string; size: number }> {
    let current = path;
    for (let hop = 0; ; hop++) {
      const res = await requests.get('www', current, pageHeaders(identity), opts.maxBodyBytes);
      if (res.status >= 300 && res.status < 400) {
        // Only a bounded number of redirects within the same configured origin are followed
        // (e.g. a slug or trailing-slash fix); anything pointing elsewhere is not our page.
        const loc = firstHeader(res.headers, 'location');
        let next: URL | null = null;
        try {
          next = loc ? new URL(loc, origins.www + current) : null;
        } catch {
          next = null;
        }
        if (!next || next.origin !== origins.www || hop >= MAX_PAGE_REDIRECTS) {
          throw new UpstreamError('not-found', `page ${path} redirects elsewhere`, { status: res.status });
        }
        current = next.pathname + next.search;
        checkPagePath(current);
        continue;
      }
      if (res.status >= 400) throw errorForStatus('www', res.status, res.headers, res.body.toString('utf8', 0, 512), now());
      const text = res.body.toString('utf8');
      if (!looksLikeHtml(text)) throw new UpstreamError('bad-shape', `page ${path}: expected HTML`, { status: res.status });
      return { value: text, size: stringSize(text) };
    }
  }

  async function fetchShortLinkOnce(code: string): Promise<{ value: string; size: number }> {
    const res = await requests.get('shortlinks', `/url_shortener/${code}/redirect/`, shortLinkHeaders(identity), SHORT_LINK_MAX_BYTES);
    if (res.status >= 400) throw errorForStatus('shortlinks', res.status, res.headers, res.body.toString('utf8', 0, 512), now());
    const loc = firstHeader(res.headers, 'location');
    if (!(res.status >= 300 && res.status < 400) || !loc) {
      throw new UpstreamError('not-found', `short link ${code} does not redirect`, { status: res.status });
    }
    let target: URL;
    try {
      target = new URL(loc, origins.shortlinks);
    } catch {
      throw new UpstreamError('bad-shape', `short link ${code}: unreadable Location`, { status: res.status });
    }
    if ((target.protocol !== 'https:' && target.protocol !== 'http:') || target.href.length > 2048) {
      throw new UpstreamError('bad-shape', `short link ${code}: unusable Location`, { status: res.status });
    }
    return { value: target.href, size: stringSize(target.href) };
  }

  return {
    async resource(call) {
      // Built (and so validated) before anything is counted or sent.
      const path = resourcePath(call);
      const headers = resourceHeaders(identity, call.handler, call.sourceUrl);
      // handler and sourceUrl do not change the answer; name and options do.
      const key = `res:${call.name}:${JSON.stringify(call.options)}`;
      return ctx.cachedPages(key, opts.ttl.resourceMs, () => requests.guarded('www', () => fetchResourceOnce(call, path, headers)));
    },

    async page(path) {
      checkPagePath(path);
      return ctx.cachedPages(`page:${path}`, opts.ttl.pageMs, () => requests.guarded('www', () => fetchPageOnce(path)));
    },

    async resolveShortLink(code) {
      if (!SHORT_CODE_RE.test(code)) throw new UpstreamError('not-found', 'invalid short link code');
      return ctx.cachedPages(`pinit:${code}`, opts.ttl.shortLinkMs, () => requests.guarded('shortlinks', () => fetchShortLinkOnce(code)));
    },
  };
}
