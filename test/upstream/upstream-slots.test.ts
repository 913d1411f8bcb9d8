// The client's slot pools fail their waits as local give-ups (504, not upstream's fault).
import { describe, expect, it } from 'vitest';
import { LocalGiveUpError, VisitorGoneError } from '../../src/upstream/request-scope.js';
import { createUpstreamSlots } from '../../src/upstream/upstream-slots.js';

describe('upstream slots', () => {
  it('a wait that reaches its deadline is a local timeout, not an upstream failure', async () => {
    const s = createUpstreamSlots(1);
    const held = await s.acquire();
    const err = await s.acquire({ waitUntil: Date.now() + 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalGiveUpError);
    expect(err).toMatchObject({ kind: 'timeout' });
    held();
  });

  it('an abort keeps a local give-up as its reason; any other reason means the visitor left', async () => {
    const s = createUpstreamSlots(1);
    const held = await s.acquire();
    const first = new AbortController();
    const second = new AbortController();
    const kept = s.acquire({ signal: first.signal }).catch((e: unknown) => e);
    const gone = s.acquire({ signal: second.signal }).catch((e: unknown) => e);
    const giveUp = new LocalGiveUpError('deadline passed');
    first.abort(giveUp);
    second.abort(new Error('socket closed'));
    expect(await kept).toBe(giveUp);
    expect(await gone).toBeInstanceOf(VisitorGoneError);
    await expect(s.acquire({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(VisitorGoneError);
    expect(s.load()).toEqual({ active: 1, waiting: 0 });
    held();
  });
});
