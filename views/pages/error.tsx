// The error page for 404/429/500/502/503/504: status, title, a friendly message, when to retry,
// and a way home. Fed by src/web/error-status.ts (ErrorDescription) or the route's own words.
import { toHtml, type ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { cleanText, safeLocalPath } from '../safe.js';

export interface ErrorPageProps {
  ctx: ViewContext;
  status: number;
  title?: string;
  message?: string;
  /** Shown as "Try again in N seconds" (429/503). */
  retryAfterSeconds?: number | null;
  /** Local URL to retry (usually the current path). */
  retryHref?: string | null;
}

const DEFAULTS: Record<number, { title: string; message: string }> = {
  400: { title: 'Bad request', message: 'This address is not one this instance understands.' },
  404: { title: 'Not found', message: 'There is no public page here. It may have been deleted or made private.' },
  429: { title: 'Too many requests', message: 'You are going a little fast for this instance. Please wait a moment.' },
  500: { title: 'Something went wrong', message: 'This instance hit an error. Please try again.' },
  502: { title: 'Pinterest gave a bad answer', message: 'Pinterest answered with something this instance could not use.' },
  503: { title: 'Unavailable', message: 'This page is unavailable right now. Please try again shortly.' },
  504: { title: 'Pinterest took too long', message: 'Pinterest did not answer in time. Please try again.' },
};

function retryWords(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export function renderErrorPage(p: ErrorPageProps): string {
  const status = Number.isInteger(p.status) && p.status >= 400 && p.status <= 599 ? p.status : 500;
  const fallback = DEFAULTS[status] ?? DEFAULTS[status >= 500 ? 500 : 404]!;
  const title = cleanText(p.title) || fallback.title;
  const message = cleanText(p.message) || fallback.message;
  const retry = safeLocalPath(p.retryHref);
  const after = typeof p.retryAfterSeconds === 'number' && Number.isFinite(p.retryAfterSeconds) && p.retryAfterSeconds > 0 ? p.retryAfterSeconds : null;
  return toHtml(
    <Layout ctx={p.ctx} title={title} mainClass="page-error" noindex>
      <p class="error-status">Error {status}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      {after !== null ? <p>Try again in {retryWords(after)}.</p> : null}
      <p>
        {retry ? <><a href={retry}>Try again</a> · </> : null}
        <a href="/">Go to the home page</a>
      </p>
    </Layout>,
  );
}
