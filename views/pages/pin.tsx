// /pin/ID/: the pin's images or video (or, when the visitor's settings hide it, a plain "show
// anyway" link in their place), its text, links, AI box and related pins.
import type { AiVerdict, ImageSet, Pin, PinStep, PinVideo } from '../../src/domain/types.js';
import type { FilterResult, HideReason, Prefs, Treatment } from '../../src/policy/types.js';
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { AiVerdictBox } from '../components/ai-verdict-box.js';
import { badgeWord, type AiWordsContext } from '../ai-explain.js';
import type { Sensitivity } from '../../src/ai/types.js';
import { MultilineText } from '../components/multiline-text.js';
import { OutboundAnchor } from '../components/outbound-anchor.js';
import { Pager } from '../components/pager.js';
import { pinDataAttrs } from '../components/pin-attrs.js';
import { PinGrid } from '../components/pin-grid.js';
import { ReportForms, type ReportFormsProps } from '../components/report-forms.js';
import { ShareLinks, ShareMeta, type ShareInfo } from '../components/share.js';
import { boxFor, PIN_MAX_WIDTH, pinPageImage, sizedVariants, srcsetOf } from '../images.js';
import {
  cleanText, DEFAULT_AVATAR, encodeSegment, formatDate, plural, safeLocalPath, safeMediaPath, safeOutboundLink, userPath,
} from '../safe.js';

/** Shown with a treatment, or withheld because the visitor's settings hide it. */
export type PinDisplay = { kind: 'shown'; treatment: Treatment } | { kind: 'hidden'; reasons: HideReason[] };

export interface PinPageProps {
  ctx: ViewContext;
  pin: Pin;
  verdict: AiVerdict;
  display: PinDisplay;
  /** Local URL that shows this pin's media despite the settings (hidden or blurred), e.g. `/pin/ID/?ai=off`. */
  /** Null when the pin may not be revealed (the forced minimum mode hides it). */
  showAnywayHref: string | null;
  /** "More like this", already filtered; null when not loaded. */
  related: FilterResult | null;
  relatedNextHref?: string | null;
  relatedShowHiddenHref?: string | null;
  /** The model's thresholds per sensitivity (its manifest), for the AI check's numbers; null without a model. */
  aiThresholds?: Record<Sensitivity, { label: number; hide: number }> | null;
  /** Set when the visitor chose to see a pin their settings hide: this page without that choice. */
  hideAgainHref?: string | null;
  /** On the view that shows hidden pins: this page with the settings applied again (related grid). */
  relatedHideAgainHref?: string | null;
  /** The report forms (src/context/); absent: none shown. */
  report?: ReportFormsProps | null;
  /** Link-preview tags, canonical address and "View on Pinterest"; none when not given. */
  share?: ShareInfo | null;
}

const REASON_WORDS: Record<HideReason, string> = {
  ai: 'it looks AI-generated',
  unscored: 'it has not been checked for AI yet',
  'muted-word': 'it contains a word you muted',
  'muted-pinner': 'you muted its pinner',
  'muted-board': 'you muted its board',
  'muted-domain': 'you muted its website',
  promoted: 'it is promoted',
};

/** Pin page image widths: see pinPageImage in views/images.ts. */
const PIN_SIZES = '(max-width: 800px) 100vw, 736px';

function PinImage({ set, alt, blurred, eager }: { set: ImageSet; alt: string; blurred: boolean; eager: boolean }) {
  const img = pinPageImage(set);
  if (!img) return null;
  const all = sizedVariants(set);
  const largest = all[all.length - 1]?.path ?? img.path;
  const original = set.variants.map((v) => (v.size === 'originals' ? safeMediaPath(v.path) : null)).find(Boolean) ?? largest;
  return (
    <figure class="pin-figure">
      <img
        class={blurred ? 'pin-img is-blurred' : 'pin-img'}
        src={img.path}
        srcset={srcsetOf(set, PIN_MAX_WIDTH)}
        sizes={PIN_SIZES}
        alt={alt}
        {...boxFor(img)}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
      />
      {blurred ? null : <figcaption><a href={original}>Open full size</a></figcaption>}
    </figure>
  );
}

function PinVideoPlayer({ video, prefs, alt, blurred }: { video: PinVideo; prefs: Prefs; alt: string; blurred: boolean }) {
  const mp4 = safeMediaPath(video.mp4);
  const hls = safeMediaPath(video.hls);
  const poster = pinPageImage(video.poster);
  if (!mp4 && !hls) return null;
  const autoplay = prefs.autoplay && !blurred;
  return (
    <figure class="pin-figure">
      <video
        class={blurred ? 'pin-video is-blurred' : 'pin-video'}
        controls
        preload="metadata"
        playsinline
        poster={poster?.path}
        width={video.width ?? undefined}
        height={video.height ?? undefined}
        autoplay={autoplay}
        muted={autoplay}
        loop={autoplay}
        aria-label={alt || 'Video'}
      >
        {mp4 ? <source src={mp4} type="video/mp4" /> : <source src={hls!} type="application/vnd.apple.mpegurl" />}
        Your browser cannot play this video here.
      </video>
      <figcaption>
        {mp4 ? (
          <a href={mp4} download>Download the video (MP4)</a>
        ) : (
          <>
            <span class="video-hls-note">
              Pinterest offers this video only as an HLS stream, which plays here in Safari; other browsers need
              JavaScript for it, which this site does not use.
            </span>{' '}
            <a href={hls!}>Open the stream (HLS playlist)</a> in a player such as VLC or mpv.
          </>
        )}
      </figcaption>
    </figure>
  );
}

function Media({ pin, display, prefs, alt, showAnywayHref, blurWord }: {
  pin: Pin; display: PinDisplay; prefs: Prefs; alt: string; showAnywayHref: string | null; blurWord: string;
}) {
  if (display.kind === 'hidden') {
    const words = [...new Set(display.reasons)].map((r) => REASON_WORDS[r]).filter(Boolean);
    return (
      <div class="pin-withheld">
        <p>This pin’s image is hidden by your settings{words.length ? `: ${words.join('; ')}` : ''}.</p>
        {showAnywayHref ? <p><a class="show-anyway" href={showAnywayHref}>Show anyway</a></p> : null}
      </div>
    );
  }
  const blurred = display.treatment === 'blur';
  const steps = pin.steps ?? [];
  const inSteps = new Set(steps.flatMap((s) => s.images.map(imageKey)));
  // A video pin's first picture is its cover, already the player's poster: not shown again.
  const loose = pin.images.filter((set, i) => !(pin.video && i === 0) && !inSteps.has(imageKey(set)));
  return (
    <div class={blurred ? 'pin-media is-blurred-wrap' : 'pin-media'}>
      {pin.video ? <PinVideoPlayer video={pin.video} prefs={prefs} alt={alt} blurred={blurred} /> : null}
      {loose.map((set, i) => (
        <PinImage set={set} alt={loose.length > 1 ? `${alt} (${i + 1} of ${loose.length})` : alt} blurred={blurred} eager={i === 0 && !pin.video} />
      ))}
      {steps.length > 0 ? <IdeaSteps steps={steps} alt={alt} blurred={blurred} eager={!pin.video && loose.length === 0} /> : null}
      {!pin.video && pin.images.length === 0 ? <p class="empty">This pin has no image.</p> : null}
      {blurred && showAnywayHref ? (
        <p class="blur-overlay blur-overlay--page">
          {blurWord}: blurred by your settings. <a class="show-anyway" href={showAnywayHref}>Show anyway</a>
        </p>
      ) : null}
    </div>
  );
}

function imageKey(set: ImageSet): string {
  return set.signature ?? set.variants[0]?.path ?? '';
}

/** An Idea pin's pages in order: each page's pictures, then its text. */
function IdeaSteps({ steps, alt, blurred, eager }: { steps: PinStep[]; alt: string; blurred: boolean; eager: boolean }) {
  return (
    <ol class="idea-steps" aria-label="Steps">
      {steps.map((step, i) => (
        <li class="idea-step">
          {step.images.map((set, j) => (
            <PinImage set={set} alt={`${alt ? `${alt}, s` : 'S'}tep ${i + 1}${step.images.length > 1 ? ` picture ${j + 1}` : ''}`} blurred={blurred} eager={eager && i === 0 && j === 0} />
          ))}
          {step.text ? <p class="idea-step__text" dir="auto"><MultilineText text={step.text} /></p> : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * What a visitor can learn about comments here: the count, and where to read them. Pinterest's
 * logged-out pin data carries only `commentCount` and `commentsDisabled` (the recorded pin page
 * 994873373926688735 counts 5 comments and holds no comment text), and the comment feeds
 * (UnifiedCommentsResource, AggregatedCommentFeedResource) are unverified in docs/pinterest-protocol.md
 * with no recording of their shape, so this instance shows no comment text rather than guess at
 * field names.
 */
function CommentsNote({ count, viewOnPinterestHref }: { count: number | null; viewOnPinterestHref: string | null }) {
  if (typeof count !== 'number' || count <= 0) return null;
  const href = safeLocalPath(viewOnPinterestHref);
  return (
    <p class="pin-comments">
      {plural(count, 'comment', 'comments')}: Pinterest does not show comments to visitors who are not logged in, so they
      cannot be shown here{href ? <>; <a href={href} rel="nofollow noreferrer" referrerpolicy="no-referrer">read them on Pinterest</a></> : null}.
    </p>
  );
}

function PinDetails({ pin }: { pin: Pin }) {
  const link = safeOutboundLink(pin.link);
  const created = formatDate(pin.createdAt);
  const boardHref = pin.board ? safeLocalPath(pin.board.path) : null;
  const stats = [
    typeof pin.saves === 'number' && pin.saves >= 0 ? plural(pin.saves, 'save', 'saves') : null,
    typeof pin.commentCount === 'number' && pin.commentCount >= 0 ? plural(pin.commentCount, 'comment', 'comments') : null,
  ].filter((s): s is string => s !== null);
  return (
    <div class="pin-details">
      {link ? (
        <p class="pin-link">
          <OutboundAnchor link={link} text={link.kind === 'external' ? `Visit ${link.host}` : undefined} />
        </p>
      ) : null}
      {pin.description ? <p class="pin-description" dir="auto"><MultilineText text={pin.description} /></p> : null}
      {pin.hashtags.length > 0 ? (
        <p class="hashtags">
          {pin.hashtags.map((t) => {
            const tag = cleanText(t).replace(/^#/, '');
            return tag ? <><a href={`/search/pins/?q=${encodeSegment(`#${tag}`)}`} dir="auto">#{tag}</a>{' '}</> : null;
          })}
        </p>
      ) : null}
      {pin.pinner ? (
        <p class="pin-pinner">
          <img class="avatar" src={safeMediaPath(pin.pinner.avatar) ?? DEFAULT_AVATAR} alt="" width={32} height={32} />
          Saved by <a href={userPath(pin.pinner.username)} dir="auto">{cleanText(pin.pinner.fullName) || cleanText(pin.pinner.username)}</a>
          {pin.board ? (
            <>
              {' '}to {boardHref ? <a href={boardHref} dir="auto">{cleanText(pin.board.name)}</a> : <span dir="auto">{cleanText(pin.board.name)}</span>}
            </>
          ) : null}
        </p>
      ) : null}
      <p class="pin-stats">
        {stats.join(' · ')}
        {stats.length > 0 && created ? ' · ' : ''}
        {created ? <>Created <time datetime={created.datetime}>{created.text}</time></> : null}
        {pin.isPromoted ? ' · Promoted' : ''}
      </p>
    </div>
  );
}

export function renderPinPage(p: PinPageProps): string {
  const { pin, verdict, display } = p;
  const title = cleanText(pin.title);
  const alt = cleanText(pin.altText || pin.title);
  const related = p.related;
  const hiddenCount = (related?.hiddenCount ?? 0) + (display.kind === 'hidden' ? 1 : 0);
  const showAnyway = safeLocalPath(p.showAnywayHref);
  const treatment: Treatment = display.kind === 'shown' ? display.treatment : 'label';
  const prefs = p.ctx.prefs;
  const words: AiWordsContext = { sensitivity: prefs.sensitivity, thresholds: p.aiThresholds?.[prefs.sensitivity] ?? null };
  const hideAgain = safeLocalPath(p.hideAgainHref ?? null);
  return toHtml(
    <Layout ctx={p.ctx} title={title || alt || 'Pin'} hiddenCount={hiddenCount} mainClass="page-pin" head={p.share ? <ShareMeta share={p.share} /> : null}>
      {hideAgain ? (
        <p class="hidden-notice hidden-notice--revealed" role="status">
          Shown although your settings hide it. <a href={hideAgain}>Hide it again</a>
        </p>
      ) : null}
      <article class={display.kind === 'hidden' ? 'pin-page is-hidden' : `pin-page pin-page--${treatment}`} {...pinDataAttrs(pin.id, verdict)}>
        <Media pin={pin} display={display} prefs={prefs} alt={alt} showAnywayHref={showAnyway} blurWord={badgeWord(verdict, 'blur') ?? 'Maybe AI'} />
        <div class="pin-text">
          <h1 dir="auto">{title || 'Pin'}</h1>
          {prefs.ai !== 'off' ? <AiVerdictBox verdict={verdict} treatment={treatment} words={words} /> : null}
          <PinDetails pin={pin} />
          <CommentsNote count={pin.commentCount} viewOnPinterestHref={p.share?.viewOnPinterestHref ?? null} />
          {p.share ? <ShareLinks share={p.share} what="pin" /> : null}
          {p.report ? <ReportForms {...p.report} /> : null}
        </div>
      </article>
      {related ? (
        <section class="related" aria-labelledby="related-title">
          <h2 id="related-title">More like this</h2>
          <PinGrid result={related} prefs={p.ctx.prefs} showHiddenHref={p.relatedShowHiddenHref ?? null} hideAgainHref={p.relatedHideAgainHref ?? null} label="Related pins" emptyText="No related pins." />
          <Pager nextHref={p.relatedNextHref ?? null} />
        </section>
      ) : null}
    </Layout>,
  );
}
