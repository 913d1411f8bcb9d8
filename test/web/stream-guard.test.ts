// Streamed media time limits (issue 18 row 2): a relay nobody reads ends after the idle limit,
// one read slowly but steadily ends at the overall limit; both destroy the upstream body and give
// the slot back exactly once. Limits are tens of ms; assertions only on the order of events.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardStream } from '../../src/web/stream-guard.js';

const closed = (s: Readable) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));

describe('guardStream', () => {
  it('a paused reader: ended after the idle limit, upstream destroyed, onEnd once', async () => {
    const upstream = new PassThrough();
    let ends = 0;
    const relay = guardStream(upstream, { idleMs: 50, maxMs: 60_000, onEnd: () => ends++ });
    upstream.write(Buffer.alloc(1024));
    const first = await new Promise<Buffer>((r) => relay.once('data', r));
    relay.pause(); // the visitor stops reading
    expect(first.length).toBe(1024);
    const err = new Promise<Error>((r) => relay.once('error', r));
    await closed(upstream);
    expect((await err).message).toMatch(/idle/);
    expect(upstream.destroyed).toBe(true);
    await closed(relay);
    expect(ends).toBe(1);
  });

  it('a steady trickle: ended at the overall limit', async () => {
    const upstream = new PassThrough();
    let ends = 0;
    const relay = guardStream(upstream, { idleMs: 60_000, maxMs: 80, onEnd: () => ends++ });
    relay.resume();
    const t = setInterval(() => upstream.write('x'), 5);
    const err = await new Promise<Error>((r) => relay.once('error', r));
    clearInterval(t);
    expect(err.message).toMatch(/time limit/);
    await closed(upstream);
    await closed(relay);
    expect(ends).toBe(1);
  });

  it('a stream that finishes normally passes every byte and ends once; a cancelled one frees at once', async () => {
    let ends = 0;
    const relay = guardStream(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), { idleMs: 1000, maxMs: 1000, onEnd: () => ends++ });
    const chunks: Buffer[] = [];
    for await (const c of relay) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('abcd');
    await closed(relay);
    expect(ends).toBe(1);

    const upstream = new PassThrough();
    const other = guardStream(upstream, { idleMs: 60_000, maxMs: 60_000, onEnd: () => ends++ });
    other.destroy(); // the visitor went away
    await closed(upstream);
    expect(ends).toBe(2);
  });
});
