// Cross-site request forgery guard for state-changing requests (POST /settings, and any other form
// target that wants it). A browser says where a request comes from: `Sec-Fetch-Site` (all current
// browsers) or, failing that, `Origin`. Any other site's page could otherwise post a form that
// switches a visitor's AI filter off (issue 18 row 10). Requests with neither header come from
// non-browser clients (curl, scripts), which carry no visitor's cookies to abuse, and pass.
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { publicOrigin } from './request-context.js';

type OriginVerdict = 'same-origin' | 'no-browser-headers' | 'cross-origin';

/** `host` or `host:port` of an origin string, lower case; null when it is not an http(s) origin. */
function hostOf(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Where a request comes from, as far as the browser says. `Sec-Fetch-Site: same-origin` or `none`
 * (typed, bookmarked) is trusted; `same-site` and `cross-site` are not (a sibling subdomain is
 * another party). Without it, `Origin` must name this instance: the request's own Host (what the
 * browser connected to), the configured public origin, or a listed public host. `Origin: null`
 * (sandboxed frames, data: pages, some redirects) is refused.
 */
function requestOrigin(c: Context, config: Config): OriginVerdict {
  const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
  if (site) return site === 'same-origin' || site === 'none' ? 'same-origin' : 'cross-origin';
  const origin = c.req.header('origin')?.trim();
  if (!origin) return 'no-browser-headers';
  const host = hostOf(origin);
  if (!host) return 'cross-origin';
  const own = new Set<string>(config.server.publicHosts);
  const requestHost = c.req.header('host')?.trim().toLowerCase();
  if (requestHost) own.add(requestHost);
  const configured = hostOf(publicOrigin(c, config));
  if (configured) own.add(configured);
  return own.has(host) ? 'same-origin' : 'cross-origin';
}

/**
 * Middleware: answers `forbidden(c)` (a 403 page) to a cross-origin request and lets the rest
 * through. The route decides what the 403 says.
 */
export function sameOriginOnly(config: Config, forbidden: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  return async (c, next) => {
    if (requestOrigin(c, config) === 'cross-origin') return forbidden(c);
    await next();
  };
}
