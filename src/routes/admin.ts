// /admin, only when CORKBOARD_ADMIN_TOKEN is set (otherwise these routes do not exist: 404).
// The token is typed into a login form (never in a URL), compared in constant time, and traded
// for an HttpOnly, SameSite=Strict cookie signed with the instance secret. Every post is also
// checked for a foreign Origin.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import { formatEntry } from '../context/list-format.js';
import { ADMIN_COOKIE, safeEqual } from '../context/tokens.js';
import { errorResponse } from '../web/errors.js';
import { isSecureRequest, prefsFor } from '../web/request-context.js';
import { crossSiteReason } from './context.js';
import { viewContext } from './list-page.js';
import { validPinId } from './names.js';
import { renderAdminLogin, renderAdminPage } from '../../views/pages/admin.js';

const SESSION_S = 12 * 3600;
/** Failed logins allowed per minute across the instance; more get 429 (no guessing at speed). */
const MAX_FAILED_PER_MINUTE = 10;

export function adminRoutes(deps: Deps): Hono {
  const app = new Hono();
  const token = deps.config.admin.token;
  if (!token) {
    // Without a token there is no admin page, and /admin must not fall through to a profile named "admin".
    app.all('/admin', (c) => errorResponse(c, deps, 404));
    app.all('/admin/*', (c) => errorResponse(c, deps, 404));
    return app;
  }
  let failures: number[] = [];

  const loggedIn = (c: Context) => {
    const given = getCookie(c, ADMIN_COOKIE);
    return typeof given === 'string' && safeEqual(given, deps.context.tokens.adminSession(token));
  };
  const page = (c: Context, body: string, status = 200) => {
    const res = c.html(body, status as 200);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  };
  const cookie = (c: Context, value: string, maxAge: number) =>
    `${ADMIN_COOKIE}=${value}; Path=/admin; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${isSecureRequest(c, deps.config) ? '; Secure' : ''}`;

  app.get('/admin', async (c) => {
    const ctx = viewContext(deps, prefsFor(c, deps.config));
    if (!loggedIn(c)) return page(c, renderAdminLogin({ ctx, error: null }));
    await deps.context.lists.refresh();
    const msg = c.req.query('done');
    return page(c, renderAdminPage({
      ctx,
      reports: deps.context.reports.open().slice(0, 200),
      files: deps.context.lists.files(),
      subscriptions: deps.context.lists.subscriptions(),
      pinners: deps.context.reputation.top('pinner', 50),
      boards: deps.context.reputation.top('board', 50),
      rule: deps.context.rule,
      message: msg === 'listed' ? 'Added to this instance’s own list.' : msg === 'dismissed' ? 'Report dismissed.' : null,
    }));
  });
  app.get('/admin/', (c) => c.redirect('/admin', 301));

  app.post('/admin/login', async (c) => {
    const cross = crossSiteReason(c, deps);
    if (cross) return errorResponse(c, deps, 403, { title: 'Login refused', message: cross });
    const now = Date.now();
    failures = failures.filter((t) => now - t < 60_000);
    if (failures.length >= MAX_FAILED_PER_MINUTE) {
      return errorResponse(c, deps, 429, { title: 'Too many attempts', message: 'Too many failed logins. Wait a minute and try again.', retryAfterSeconds: 60 });
    }
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const given = typeof form['password'] === 'string' ? form['password'] : '';
    const ctx = viewContext(deps, prefsFor(c, deps.config));
    if (!safeEqual(given, token)) {
      failures.push(now);
      return page(c, renderAdminLogin({ ctx, error: 'That is not the admin token.' }), 401);
    }
    c.header('Set-Cookie', cookie(c, deps.context.tokens.adminSession(token), SESSION_S));
    return c.redirect('/admin', 303);
  });

  app.post('/admin/logout', (c) => {
    c.header('Set-Cookie', cookie(c, '', 0));
    return c.redirect('/admin', 303);
  });

  app.post('/admin/reports/:id', async (c) => {
    const cross = crossSiteReason(c, deps);
    if (cross) return errorResponse(c, deps, 403, { title: 'Action refused', message: cross });
    if (!loggedIn(c)) return errorResponse(c, deps, 403, { title: 'Not logged in', message: 'Log in on /admin first.' });
    const id = validPinId(c.req.param('id'));
    const report = id ? deps.context.reports.get(id) : null;
    if (!id || !report) return errorResponse(c, deps, 404, { message: 'There is no open report for that pin.' });
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const action = form['action'];
    const day = new Date().toISOString().slice(0, 10);
    const s = report.snapshot;
    let line: string | null = null;
    if (action === 'list-image') {
      line = s.signature
        ? formatEntry('image', s.signature, { comment: `accepted report on pin ${id}, ${day}` })
        : formatEntry('pin', id, { comment: `accepted report, ${day}` });
    } else if (action === 'list-pinner' && s.pinner) {
      line = formatEntry('pinner', s.pinner, { comment: `accepted report on pin ${id}, ${day}` });
    } else if (action === 'except-pin') {
      line = formatEntry('pin', id, { exception: true, comment: `accepted "not AI" report, ${day}` });
    } else if (action !== 'dismiss') {
      return errorResponse(c, deps, 400, { message: 'Unknown action.' });
    }
    if (line) {
      try {
        await deps.context.lists.appendOwn([line]);
      } catch (e) {
        deps.log.error('could not write the own AI list', { error: e instanceof Error ? e.message : String(e) });
        return errorResponse(c, deps, 500, {
          title: 'Not saved',
          message: `The instance's own list could not be written in CORKBOARD_DATA_DIR (${deps.config.dataDir}). The report stays in the queue.`,
        });
      }
    }
    await deps.context.reports.remove(id);
    deps.log.info('admin decided a report', { pin: id, action: String(action) });
    return c.redirect(`/admin?done=${line ? 'listed' : 'dismissed'}`, 303);
  });

  return app;
}
