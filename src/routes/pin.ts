// A pin at pinterest.com's paths (/pin/ID/, /pin/ID/sent/, /pin/ID) and pin.it short links:
// validate -> loader (upstream + parser) -> score every image -> filter -> view.
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import { pinterestUrlToLocalPath } from '../links/pinterest-url.js';
import { pinPageDecision } from '../policy/filter.js';
import type { FilterResult } from '../policy/types.js';
import { verdictForPin } from '../content/pin-verdicts.js';
import { loadFilteredPage } from '../content/filtered-page.js';
import { errorResponse } from '../web/errors.js';
import { prefsFor, throwIfAbandoned, withQuery } from '../web/request-context.js';
import { revealableCount, showHiddenRequested, viewContext } from './list-page.js';
import { validPinId } from './names.js';
import { renderPinPage, type PinDisplay } from '../../views/pages/pin.js';
import { ownReport, withOwnReport } from './context.js';
import { shareInfo } from './share-info.js';
import { findMp4Rendition } from '../content/hls-mp4.js';
import { html } from './page-response.js';

export function pinRoutes(deps: Deps): Hono {
  const app = new Hono();
  const cfg = deps.config;

  // pin.it short links: resolve upstream (Location only, never followed) and land locally.
  app.get('/pin.it/:code', async (c) => {
    const code = c.req.param('code');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) return errorResponse(c, deps, 404);
    const location = await deps.client.resolveShortLink(code);
    const target = pinterestUrlToLocalPath(location);
    if (!target) return errorResponse(c, deps, 404, { message: 'That short link does not lead to a Pinterest page this instance shows.' });
    return c.redirect(target, 302);
  });

  app.get('/pin/:id/sent/', (c) => redirectToPin(c));
  app.get('/pin/:id/sent', (c) => redirectToPin(c));
  app.get('/pin/:id', (c) => redirectToPin(c));
  app.get('/pin/:id/', async (c) => {
    const raw = c.req.param('id');
    const id = validPinId(raw);
    if (!id) return errorResponse(c, deps, 404);
    if (id !== raw) return c.redirect(`/pin/${encodeURIComponent(id)}/`, 301);

    const prefs = prefsFor(c, cfg);
    const showHidden = showHiddenRequested(c);
    const hideUnscored = cfg.defaults.minAi === 'hide';
    // "More like this" needs only the id: fetch it alongside the pin. It is a bonus, so its
    // failure must not take the pin page down.
    const relatedPromise: Promise<FilterResult | null> = loadFilteredPage((bm) => deps.loaders.related(id, bm), null, {
      scorer: deps.scorer, prefs, showHidden, hideUnscored, minAi: cfg.defaults.minAi,
      budgetMs: cfg.scoring.budgetMs, maxExtraPages: 0, maxExtraMs: 0, minShown: 0,
    }).then(
      (r) => r.result,
      (e: unknown) => {
        deps.log.warn('related pins unavailable', { pin: id, error: e instanceof Error ? e.message : String(e) });
        return null;
      },
    );
    const loaded = await deps.loaders.pin(id).catch(async (e: unknown) => {
      await relatedPromise; // let the side request settle before the error page
      throw e;
    });
    throwIfAbandoned(c);
    // HLS-only video: offer an MP4 rendition when one exists (a copy: loaded pins may be cached).
    const mp4 = loaded.video && !loaded.video.mp4 && loaded.video.hls && cfg.features.videoProxy
      ? await findMp4Rendition(deps.client, loaded.video.hls)
      : null;
    const pin = mp4 && loaded.video ? { ...loaded, video: { ...loaded.video, mp4 } } : loaded;
    const ownSaid = ownReport(c, id);
    const verdict = withOwnReport(await verdictForPin(deps.scorer, pin, {
      budgetMs: cfg.scoring.budgetMs,
      sensitivity: prefs.sensitivity,
      context: prefs.context,
    }), ownSaid);
    const decision = pinPageDecision(pin, verdict, prefs, { showHidden, hideUnscored, minAi: cfg.defaults.minAi });
    const display: PinDisplay = decision.withheld && decision.reason
      ? { kind: 'hidden', reasons: [decision.reason] }
      : { kind: 'shown', treatment: decision.treatment };
    const related = await relatedPromise;
    throwIfAbandoned(c);
    const final = verdict.verdict !== 'unscored' && related !== null && related.shown.every((s) => s.verdict.verdict !== 'unscored');
    return html(
      c,
      renderPinPage({
        ctx: viewContext(deps, prefs), pin, verdict, display,
        showAnywayHref: decision.forced ? null : withQuery(c, { show: 'hidden' }),
        related,
        relatedShowHiddenHref: related && revealableCount(related) > 0 && !showHidden ? withQuery(c, { show: 'hidden' }) : null,
        aiThresholds: deps.model?.manifest.thresholds ?? null,
        hideAgainHref: showHidden && decision.reason !== null ? withQuery(c, { show: null }) : null,
        relatedHideAgainHref: showHidden ? withQuery(c, { show: null }) : null,
        report: { action: `/pin/${encodeURIComponent(id)}/report`, token: deps.context.tokens.reportForm(id), said: ownSaid },
        // A withheld or blurred picture never becomes a link preview.
        share: shareInfo(c, deps, {
          path: `/pin/${encodeURIComponent(id)}/`, title: pin.title || pin.altText || 'Pin', description: pin.description || pin.altText,
          image: display.kind === 'shown' && display.treatment !== 'blur' ? pin.images[0] ?? pin.video?.poster ?? null : null,
          imageAlt: pin.altText, type: 'article',
        }),
      }),
      { store: final },
    );
  });

  function redirectToPin(c: Context): Response {
    const id = validPinId(c.req.param('id'));
    if (!id) return errorResponse(c, deps, 404);
    // Drop invite_code, sender, sfo and every other parameter: they identify the sharer.
    return c.redirect(`/pin/${encodeURIComponent(id)}/`, 301);
  }

  return app;
}
