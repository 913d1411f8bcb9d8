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

export function describeUpstreamError(kind: UpstreamErrorKind, retryAfterSeconds?: number): ErrorDescription {
  const base = TABLE[kind];
  const retry = retryAfterSeconds ?? (kind === 'rate-limited' || kind === 'unavailable' ? 30 : undefined);
  return retry === undefined ? { ...base } : { ...base, retryAfterSeconds: Math.min(Math.max(1, Math.round(retry)), 3600) };
}
