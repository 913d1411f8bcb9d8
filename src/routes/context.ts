// Routes of src/context/: /ai-list.txt and visitors' reports (POST /pin/ID/report). A report
// needs the pin's signed form token and a SameSite=Strict cookie; viewing pages sets no cookie,
// so a visitor's first report sets it and asks for one confirming click.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../deps.js';
import type { AiVerdict } from '../domain/types.js';
import { verdictForPin } from '../content/pin-verdicts.js';
import { reportSignal } from '../context/evidence-words.js';
import { pinSubjects } from '../context/pin-subjects.js';
import type { ReportSaid, ReportSnapshot } from '../context/reports.js';
import { formatReported, parseReported, REPORT_COOKIE, REPORTED_COOKIE } from '../context/tokens.js';
import { errorResponse } from '../web/errors.js';
import { isSecureRequest, prefsFor, publicOrigin } from '../web/request-context.js';
import { validPinId } from './names.js';
import { coverImage, pickVariant } from '../../views/images.js';
import { renderReportConfirm } from '../../views/pages/report-confirm.js';
import { viewContext } from './list-page.js';

const REPORTED_MAX_AGE_S = 30 * 86_400;

/**
 * Why a state-changing post is refused as cross-site, or null. Browsers send `Origin: null` on
 * form posts from pages with `Referrer-Policy: no-referrer` (ours), so a null Origin falls back
 * to Sec-Fetch-Site and, in every case, to the SameSite=Strict cookie the caller checks.
 */
export function crossSiteReason(c: Context, deps: Deps): string | null {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && originHost(origin) !== originHost(publicOrigin(c, deps.config))) {
    return 'This form was sent from another site. Reports and admin actions are only taken from this instance’s own pages.';
  }
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return 'This form was sent from another site. Reports and admin actions are only taken from this instance’s own pages.';
  }
  return null;
}

/**
 * The host (and port) of an origin, or null. Hosts are compared, not schemes: behind a TLS proxy
 * without CORKBOARD_TRUST_PROXY the instance sees http while the browser says https.
 */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/** The visitor's own report of this pin (their cookie), if any. */
export function ownReport(c: Context, pinId: string): ReportSaid | null {
  return parseReported(getCookie(c, REPORTED_COOKIE)).get(pinId) ?? null;
}

/** The reporter's own view follows their report at once: AI is 'ai', not AI is 'not-ai'. */
export function withOwnReport(verdict: AiVerdict, said: ReportSaid | null): AiVerdict {
  if (!said) return verdict;
  return { verdict: said, score: verdict.score, signals: [...verdict.signals, reportSignal(said)] };
}

export function contextRoutes(deps: Deps): Hono {
  const app = new Hono();
  const cfg = deps.config;

  app.get('/ai-list.txt', (c) => {
    const res = c.text(deps.context.publishedList(cfg.server.instanceName));
    res.headers.set('Content-Type', 'text/plain; charset=utf-8');
    res.headers.set('Cache-Control', 'public, max-age=300');
    return res;
  });

  app.post('/pin/:id/report', async (c) => {
    const id = validPinId(c.req.param('id'));
    if (!id) return errorResponse(c, deps, 404);
    const cross = crossSiteReason(c, deps);
    if (cross) return errorResponse(c, deps, 403, { title: 'Report refused', message: cross });
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: false });
    } catch {
      return errorResponse(c, deps, 400, { title: 'Report refused', message: 'The report form could not be read. Go back to the pin and try again.' });
    }
    const token = typeof form['token'] === 'string' ? form['token'] : undefined;
    const tokens = deps.context.tokens;
    if (!tokens.checkReportForm(id, token)) {
      return errorResponse(c, deps, 403, {
        title: 'Report refused',
        message: 'The report token is missing or has expired. Open the pin page on this instance again and send the report from there.',
      });
    }
    const said = form['verdict'] === 'ai' ? 'ai' : form['verdict'] === 'not-ai' ? 'not-ai' : null;
    if (!said) return errorResponse(c, deps, 400, { title: 'Report refused', message: 'A report says either “this is AI” or “this is not AI”.' });
    if (!tokens.checkReportCookie(getCookie(c, REPORT_COOKIE))) {
      // No SameSite cookie yet (pages set none): set it now and ask for a confirming, same-site post.
      const secure = isSecureRequest(c, cfg) ? '; Secure' : '';
      const res = c.html(renderReportConfirm({
        ctx: viewContext(deps, prefsFor(c, cfg)), pinId: id, action: `/pin/${encodeURIComponent(id)}/report`, token: token!, said,
      }));
      res.headers.append('Set-Cookie', `${REPORT_COOKIE}=${tokens.reportCookie()}; Path=/pin/; Max-Age=172800; HttpOnly; SameSite=Strict${secure}`);
      res.headers.set('Cache-Control', 'no-store');
      return res;
    }

    const result = await deps.context.reports.add(id, said, await snapshotOf(deps, c, id));
    if (!result.ok) {
      return errorResponse(c, deps, result.status, { title: 'Report not taken', message: result.message, retryAfterSeconds: 600 });
    }
    const mine = parseReported(getCookie(c, REPORTED_COOKIE));
    mine.delete(id);
    mine.set(id, said);
    const secure = isSecureRequest(c, cfg) ? '; Secure' : '';
    c.header('Set-Cookie', `${REPORTED_COOKIE}=${formatReported(mine)}; Path=/; Max-Age=${REPORTED_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure}`, { append: true });
    c.header('Cache-Control', 'no-store');
    return c.redirect(`/pin/${encodeURIComponent(id)}/`, 303);
  });

  return app;
}

/** What the admin sees of a reported pin: title, a thumbnail, its subjects and evidence. */
async function snapshotOf(deps: Deps, c: Context, id: string): Promise<ReportSnapshot> {
  try {
    const pin = await deps.loaders.pin(id);
    const prefs = prefsFor(c, deps.config);
    const verdict = await verdictForPin(deps.scorer, pin, {
      budgetMs: deps.config.scoring.budgetMs,
      sensitivity: prefs.sensitivity,
      context: prefs.context,
    });
    const s = pinSubjects(pin);
    return {
      title: (pin.title || pin.altText || '').slice(0, 200),
      thumb: pickVariant(coverImage(pin), 236, 474)?.path ?? null,
      pinner: s.pinner, board: s.board, domain: s.domain, signature: s.signatures[0] ?? null,
      verdict: verdict.verdict,
      signals: verdict.signals.slice(0, 12),
    };
  } catch {
    // The report still counts; the admin sees the pin id and can open the page.
    return { title: '', thumb: null, pinner: null, board: null, domain: null, signature: null, verdict: 'unscored', signals: [] };
  }
}
