// onError / notFound for the whole app: UpstreamError -> status + friendly page (via the one
// table in error-status.ts); anything unexpected -> 500 without internals.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from '../deps.js';
import { isUpstreamError } from '../domain/errors.js';
import { describeUpstreamError } from './error-status.js';
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

export function handleError(deps: Deps) {
  return (err: Error, c: Context): Response => {
    if (isUpstreamError(err)) {
      const d = describeUpstreamError(err.kind, err.detail.retryAfterSeconds);
      deps.log.warn('upstream error', { kind: err.kind, status: err.detail.status ?? null, path: err.detail.path ?? null });
      return errorResponse(c, deps, d.status, d);
    }
    if (err instanceof HTTPException) return errorResponse(c, deps, err.status, { message: err.message });
    deps.log.error('unexpected error', { error: err.message, stack: err.stack?.split('\n').slice(0, 4).join(' | ') });
    return errorResponse(c, deps, 500);
  };
}
