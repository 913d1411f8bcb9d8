// /settings: per-visitor settings in cookies (one per setting), saved by a plain form, with a
// restore link that carries every setting and sets them all when opened in a fresh browser.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../deps.js';
import { prefsFromForm, prefsToCookies, prefsToQuery } from '../policy/prefs.js';
import type { Prefs } from '../policy/types.js';
import { isSecureRequest, prefsFor, publicOrigin } from '../web/request-context.js';
import { viewContext } from './list-page.js';
import { errorResponse } from '../web/errors.js';
import { renderSettingsPage } from '../../views/pages/settings.js';
import { operatingFacts } from '../ai/operating-points.js';

/**
 * Largest settings form read: four mute lists of up to 16K characters each (MUTE_LIMITS), percent-
 * encoded, with room to spare. Without a limit a visitor could make the instance buffer any size.
 */
const SETTINGS_FORM_MAX_BYTES = 256 * 1024;

export function settingsRoutes(deps: Deps): Hono {
  const app = new Hono();
  const cfg = deps.config;

  function redirectWithCookies(c: Context, prefs: Prefs, to: string): Response {
    const res = c.redirect(to, 303);
    for (const cookie of prefsToCookies(prefs, { secure: isSecureRequest(c, cfg) })) res.headers.append('Set-Cookie', cookie);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  }

  app.get('/settings', (c) => {
    const prefs = prefsFor(c, cfg);
    const origin = publicOrigin(c, cfg);
    const all = prefsToQuery(prefs, { config: cfg }).toString();
    const feedQuery = prefsToQuery(prefs, { config: cfg, onlyNonDefault: true }).toString();
    const res = c.html(renderSettingsPage({
      ctx: viewContext(deps, prefs),
      prefs,
      restoreHref: `${origin}/settings/restore?${all}`,
      feedUrlPattern: `${origin}/USER/feed.rss${feedQuery ? `?${feedQuery}` : ''}`,
      forcedMinimumMode: cfg.defaults.minAi === 'off' ? null : cfg.defaults.minAi,
      saved: c.req.query('saved') === '1',
      operatingFacts: operatingFacts(deps.model?.manifest),
    }));
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });

  const formLimit = bodyLimit({
    maxSize: SETTINGS_FORM_MAX_BYTES,
    onError: (c) => errorResponse(c, deps, 413, { title: 'Too much data', message: 'The settings form was larger than this instance accepts.' }),
  });

  app.post('/settings', formLimit, async (c) => {
    let form: Awaited<ReturnType<typeof c.req.parseBody>>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      // A malformed multipart body (or one that is no form at all) is the visitor's mistake, not ours.
      return errorResponse(c, deps, 400, { title: 'Bad request', message: 'The settings form could not be read.' });
    }
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(form)) {
      const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      fields[k] = values.length === 1 ? values[0]! : values;
    }
    return redirectWithCookies(c, prefsFromForm(fields, cfg), '/settings?saved=1');
  });

  // The restore link: every setting in the query becomes a cookie.
  app.get('/settings/restore', (c) => redirectWithCookies(c, prefsFor(c, cfg), '/settings?saved=1'));

  return app;
}
