// /settings: per-visitor settings in cookies (one per setting), saved by a plain form (same-origin
// posts only), with a restore link that carries every setting and, opened in a fresh browser,
// offers one button that sets them all.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../deps.js';
import { prefsFromForm, prefsToCookies, prefsToQuery, resolvePrefs } from '../policy/prefs.js';
import type { Prefs } from '../policy/types.js';
import { isSecureRequest, prefsFor, publicOrigin } from '../web/request-context.js';
import { viewContext } from './list-page.js';
import { errorResponse } from '../web/errors.js';
import { renderSettingsPage } from '../../views/pages/settings.js';
import { renderRestorePage } from '../../views/pages/settings-restore.js';
import { sameOriginOnly } from '../web/same-origin.js';
import { operatingFacts } from '../ai/operating-points.js';

/**
 * Largest settings form read: four mute lists of up to 16K characters each (MUTE_LIMITS), percent-
 * encoded, with room to spare. Without a limit a visitor could make the instance buffer any size.
 */
const SETTINGS_FORM_MAX_BYTES = 256 * 1024;

/** Labels of the settings on the restore page (the form's own labels, shortened). */
const RESTORE_LABELS: Record<string, string> = {
  ai: 'AI images', sensitivity: 'Sensitivity', theme: 'Theme', size: 'Grid size', autoplay: 'Autoplay videos',
  badge: 'AI score on pins', mute_words: 'Muted words', mute_pinners: 'Muted pinners', mute_boards: 'Muted boards', mute_domains: 'Muted websites',
};

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

  // A form posted from another site must not change the visitor's settings (issue 18 row 10).
  const sameOrigin = sameOriginOnly(cfg, (c) =>
    errorResponse(c, deps, 403, { title: 'Not saved', message: 'These settings were sent from another website, so this instance did not save them. Change them on this instance’s own settings page.' }));

  app.post('/settings', sameOrigin, formLimit, async (c) => {
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

  // The restore link shows what it carries and one button that saves it through POST /settings
  // (origin-checked). It sets nothing by itself: any site could link here with `ai=off`. Only the
  // query counts, over the defaults: the page shows what the link holds, not the current cookies.
  app.get('/settings/restore', (c) => {
    const carried = resolvePrefs({ cookies: {}, query: new URL(c.req.url).searchParams, config: cfg });
    const fields = [...prefsToQuery(carried, { config: cfg })];
    const res = c.html(renderRestorePage({
      ctx: viewContext(deps, prefsFor(c, cfg)),
      fields,
      summary: fields.map(([name, value]) => [RESTORE_LABELS[name] ?? name, value.split('\n').join(', ')]),
    }));
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });

  return app;
}
