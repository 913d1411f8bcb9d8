// The one place that maps an upstream failure to what the visitor gets: a status, a title, a
// friendly message and, where it helps, a Retry-After. The error page view renders it.
import type { UpstreamErrorKind } from '../domain/errors.js';

export interface ErrorDescription {
  status: 404 | 502 | 503 | 504;
  title: string;
  message: string;
  retryAfterSeconds?: number;
}

const TABLE: Record<UpstreamErrorKind, Omit<ErrorDescription, 'retryAfterSeconds'>> = {
  'not-found': { status: 404, title: 'Not found', message: 'Pinterest has no public page here. It may have been deleted or made private.' },
  // Pinterest rate-limits the instance, not the visitor: 503 tells clients to come back later.
  'rate-limited': { status: 503, title: 'Pinterest is rate-limiting this instance', message: 'Too many requests reached Pinterest from this instance. Please try again in a little while.' },
  blocked: { status: 502, title: 'Pinterest refused the request', message: 'Pinterest refused to answer this instance (it may have changed its private API). The admin has been told in the logs.' },
  unavailable: { status: 503, title: 'Pinterest is unavailable', message: 'Pinterest could not be reached right now. Please try again shortly.' },
  'bad-shape': { status: 502, title: 'Could not read Pinterest’s answer', message: 'Pinterest answered with something this instance could not read. It may have changed its pages.' },
  timeout: { status: 504, title: 'Pinterest took too long', message: 'Pinterest did not answer in time. Please try again.' },
  'too-large': { status: 502, title: 'Pinterest’s answer was too large', message: 'Pinterest sent more data than this instance accepts.' },
  'bad-media': { status: 502, title: 'Not an image', message: 'Pinterest sent something that is not an image or video this instance serves.' },
};

/** What the visitor asked for: the words differ (a video is "not a video", not "not an image"). */
export type ErrorSubject = 'page' | 'image' | 'video';

const SUBJECT_WORDS: Record<Exclude<ErrorSubject, 'page'>, Partial<Record<UpstreamErrorKind, { title: string; message: string }>>> = {
  image: {
    'not-found': { title: 'Image not found', message: 'Pinterest has no such image. It may have been deleted.' },
    'bad-media': { title: 'Not an image', message: 'Pinterest sent something that is not an image this instance serves.' },
    'too-large': { title: 'Image too large', message: 'Pinterest sent an image larger than this instance accepts.' },
  },
  video: {
    'not-found': { title: 'Video not found', message: 'Pinterest has no such video. It may have been deleted.' },
    'bad-media': { title: 'Not a video', message: 'Pinterest sent something that is not a video this instance serves.' },
    'too-large': { title: 'Video too large', message: 'Pinterest sent a video part larger than this instance accepts.' },
  },
};

/** The subject of a request path: `/img/...` an image, `/vid/...` a video, anything else a page. */
export function errorSubjectOf(path: string): ErrorSubject {
  if (path.startsWith('/img/')) return 'image';
  if (path.startsWith('/vid/')) return 'video';
  return 'page';
}

export function describeUpstreamError(kind: UpstreamErrorKind, retryAfterSeconds?: number, subject: ErrorSubject = 'page'): ErrorDescription {
  const words = subject === 'page' ? undefined : SUBJECT_WORDS[subject][kind];
  const base = words ? { ...TABLE[kind], ...words } : TABLE[kind];
  const retry = retryAfterSeconds ?? (kind === 'rate-limited' || kind === 'unavailable' ? 30 : undefined);
  return retry === undefined ? { ...base } : { ...base, retryAfterSeconds: Math.min(Math.max(1, Math.round(retry)), 3600) };
}
