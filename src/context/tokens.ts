// Signed tokens from the instance secret (data folder): no state per visitor, nothing that
// identifies one. Report forms carry a token bound to the pin and the day; a SameSite=Strict
// cookie carries a token bound to the day (a cross-site post arrives without it). The admin
// cookie is bound to the admin token itself, so changing CORKBOARD_ADMIN_TOKEN logs everyone out.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const DAY_MS = 86_400_000;

export const REPORT_COOKIE = 'cb_report';
export const REPORTED_COOKIE = 'cb_reported';
export const ADMIN_COOKIE = 'cb_admin';

export function createTokens(secret: Buffer, now: () => number) {
  const sign = (text: string) => createHmac('sha256', secret).update(text).digest('base64url').slice(0, 32);
  const day = () => Math.floor(now() / DAY_MS);
  // Today's and yesterday's tokens are accepted, so a page opened before midnight still works.
  const recent = (make: (d: number) => string, given: string | undefined) =>
    typeof given === 'string' && [day(), day() - 1].some((d) => safeEqual(make(d), given));
  const form = (pinId: string, d: number) => sign(`report-form|${pinId}|${d}`);
  const cookie = (d: number) => sign(`report-cookie|${d}`);
  return {
    reportForm: (pinId: string) => form(pinId, day()),
    reportCookie: () => cookie(day()),
    checkReportForm: (pinId: string, given: string | undefined) => recent((d) => form(pinId, d), given),
    checkReportCookie: (given: string | undefined) => recent(cookie, given),
    adminSession: (adminToken: string) => sign(`admin|${createHash('sha256').update(adminToken).digest('hex')}`),
  };
}

export type Tokens = ReturnType<typeof createTokens>;

/** Constant-time comparison of two strings of any length (compares their SHA-256 digests). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** The reporter's own reports, from their cookie: `ID:a` / `ID:n`, newest last, at most 40. */
export function parseReported(raw: string | undefined): Map<string, 'ai' | 'not-ai'> {
  const out = new Map<string, 'ai' | 'not-ai'>();
  for (const part of (raw ?? '').slice(0, 2000).split(',')) {
    const m = /^(\d{1,30}):([an])$/.exec(part.trim());
    if (m) out.set(m[1]!, m[2] === 'a' ? 'ai' : 'not-ai');
  }
  return out;
}

export function formatReported(map: Map<string, 'ai' | 'not-ai'>): string {
  return [...map].slice(-40).map(([id, s]) => `${id}:${s === 'ai' ? 'a' : 'n'}`).join(',');
}
