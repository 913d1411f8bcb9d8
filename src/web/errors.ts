// onError / notFound for the whole app: UpstreamError -> status + friendly page (via the one
// table in error-status.ts); anything unexpected -> 500 without internals.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from '../deps.js';
import { isUpstreamError } from '../domain/errors.js';
import { describeUpstreamError, errorSubjectOf } from './error-status.js';
import { RequestAbandoned } from './request-context.js';
import { prefsFor } from './request-context.js';
import { renderErrorPage } from '../../views/pages/error.js';

export function errorResponse(c: Context, deps: Deps, status: number, opts: { title?: string; message?: string; retryAfterSeconds?: number } = {}): Response {
  const ctx = { instanceName: deps.config.server.instanceName, prefs: prefsFor(c, deps.config) };
  const html = renderErrorPage({ ctx, status, ...opts, retryHref: status >= 500 ? c.req.path : null });
  const res = c.html(html, status as 400);
  res.headers.set('Cache-Control', 'no-store');
  if (opts.retryAfterSeconds) res.headers.set('Retry-After', String(opts.retryAfterSeconds));
  return res;
}

/** Status logged for a request whose visitor closed the connection before the answer. */
export const ABANDONED_STATUS = 499;

/**
 * Any method but GET and HEAD on a path no route takes: 405 with Allow. POST routes (settings,
 * reports) are matched before this; `POST /` used to get a 404 page (issue 18 row 14).
 */
export function notFoundOrMethod(deps: Deps) {
  return (c: Context): Response => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return errorResponse(c, deps, 404);
    const res = errorResponse(c, deps, 405, { title: 'Method not allowed', message: `This address answers GET only, not ${/^[A-Z]{1,16}$/.test(c.req.method) ? c.req.method : 'this method'}.` });
    res.headers.set('Allow', 'GET, HEAD');
    return res;
  };
}

export function handleError(deps: Deps) {
  return (err: Error, c: Context): Response => {
    // The visitor went away: nobody reads this answer; 499 (nginx's "client closed request") is
    // what the request log records instead of a 200 no one received.
    if (err instanceof RequestAbandoned) return new Response(null, { status: ABANDONED_STATUS });
    if (isUpstreamError(err)) {
      const d = describeUpstreamError(err.kind, err.detail.retryAfterSeconds, errorSubjectOf(c.req.path));
      deps.log.warn('upstream error', { kind: err.kind, status: err.detail.status ?? null, path: err.detail.path ?? null });
      return errorResponse(c, deps, d.status, d);
    }
    if (err instanceof HTTPException) return errorResponse(c, deps, err.status, { message: err.message });
    deps.log.error('unexpected error', { error: err.message, stack: err.stack?.split('\n').slice(0, 4).join(' | ') });
    return errorResponse(c, deps, 500);
  };
}
