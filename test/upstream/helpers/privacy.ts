// Asserts that requests a test server received carry nothing that could identify a visitor.

import { expect } from 'vitest';
import type { RecordedRequest } from './test-server.js';

const FORBIDDEN = ['cookie', 'referer', 'x-forwarded-for', 'x-forwarded-host', 'forwarded', 'x-real-ip', 'via', 'authorization', 'origin', 'dnt', 'x-csrftoken', 'sec-ch-ua', 'sec-fetch-site'];

export function expectNoVisitorHeaders(requests: RecordedRequest[], userAgent = 'Mozilla/5.0 (test instance)'): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    for (const h of FORBIDDEN) expect(r.headers[h], `${h} on ${r.url}`).toBeUndefined();
    expect(r.method).toBe('GET');
    expect(r.headers['user-agent']).toBe(userAgent);
    expect(r.headers['accept-language']).toBe('en-US,en;q=0.9');
  }
}
