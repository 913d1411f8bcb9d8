// Subscription fetches: size and time caps, non-200 answers and redirects keep the last good copy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDataDir } from '../../src/context/data-dir.js';
import { createSubscriptions, type Subscriptions } from '../../src/context/subscriptions.js';
import { startHttpsRelay, type HttpsRelay } from './helpers/https-relay.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('AI list subscriptions', () => {
  it('caps size and time, refuses redirects and errors, and keeps the last good copy', { timeout: 60_000 }, async () => {
    let answer: () => Promise<Response> = async () => new Response('pinner:first_one\nboard:a/b\n');
    const relay: HttpsRelay = await startHttpsRelay(() => answer());
    closers.push(() => relay.close());
    const dataDir = openDataDir(mkdtempSync(path.join(tmpdir(), 'corkboard-subs-')));
    const make = (timeoutMs: number): Subscriptions => {
      const s = createSubscriptions({ urls: [`${relay.url}/ai-list.txt`], dataDir, maxBytes: 1024, timeoutMs, userAgent: 'test', now: Date.now, ca: relay.ca });
      closers.push(() => s.close());
      return s;
    };
    const subs = make(10_000);
    expect(await subs.fetchAll()).toBe(true);
    expect(subs.statuses()[0]).toMatchObject({ entries: 2, error: null });

    const failures: [() => Promise<Response>, RegExp][] = [
      [async () => new Response('x'.repeat(5000)), /larger than 1024 bytes/],
      [async () => new Response('gone', { status: 500 }), /HTTP 500/],
      [async () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/list.txt' } }), /HTTP 302/],
    ];
    for (const [next, message] of failures) {
      answer = next;
      expect(await subs.fetchAll()).toBe(false);
      expect(subs.statuses()[0]!.error).toMatch(message);
      expect(subs.sources()[0]!.entries.map((e) => e.value)).toEqual(['first_one', 'a/b']);
    }

    // A server that never answers is cut off at the time cap.
    answer = () => new Promise<Response>(() => undefined);
    const slow = make(300);
    await slow.loadFromDisk();
    expect(slow.sources()[0]!.entries).toHaveLength(2);
    expect(await slow.fetchAll()).toBe(false);
    expect(slow.statuses()[0]!.error).toMatch(/no answer within 300 ms|timeout/i);
  });

  it('does not trust a certificate it was not given', { timeout: 60_000 }, async () => {
    const relay = await startHttpsRelay(async () => new Response('pinner:x\n'));
    closers.push(() => relay.close());
    const dataDir = openDataDir(mkdtempSync(path.join(tmpdir(), 'corkboard-subs-')));
    const s = createSubscriptions({ urls: [`${relay.url}/ai-list.txt`], dataDir, maxBytes: 1024, timeoutMs: 5000, userAgent: 'test', now: Date.now });
    closers.push(() => s.close());
    expect(await s.fetchAll()).toBe(false);
    expect(s.statuses()[0]!.error).toMatch(/certificate/i);
    expect(relay.requests).toBe(0);
  });
});
