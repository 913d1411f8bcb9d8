import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/domain/errors.js';
import { createCircuitBreaker } from '../../src/upstream/circuit-breaker.js';

function setup(threshold = 3, coolDownMs = 1_000) {
  let t = 0;
  const b = createCircuitBreaker({ name: 'www', failureThreshold: threshold, coolDownMs, now: () => t });
  return { b, advance: (ms: number) => (t += ms) };
}
const fail = (kind: ConstructorParameters<typeof UpstreamError>[0]) => () => Promise.reject(new UpstreamError(kind, kind));
const ok = () => Promise.resolve('ok');

describe('circuit breaker', () => {
  it('opens after N consecutive failures and then fails fast without calling upstream', async () => {
    const { b } = setup(3);
    for (let i = 0; i < 3; i++) await expect(b.run(fail('unavailable'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(b.state()).toBe('open');
    let called = false;
    await expect(
      b.run(async () => {
        called = true;
        return 'x';
      }),
    ).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/circuit open/) });
    expect(called).toBe(false);
  });

  it('counts timeouts, blocks and rate limits as failures, but not 404s', async () => {
    const { b } = setup(3);
    await b.run(fail('timeout')).catch(() => {});
    await b.run(fail('blocked')).catch(() => {});
    await b.run(fail('not-found')).catch(() => {}); // the host answered: resets the count
    await b.run(fail('rate-limited')).catch(() => {});
    expect(b.state()).toBe('closed');
    await b.run(fail('timeout')).catch(() => {});
    await b.run(fail('unavailable')).catch(() => {});
    expect(b.state()).toBe('open');
  });

  it('a success resets the consecutive count', async () => {
    const { b } = setup(2);
    await b.run(fail('unavailable')).catch(() => {});
    await b.run(ok);
    await b.run(fail('unavailable')).catch(() => {});
    expect(b.state()).toBe('closed');
  });

  it('half-opens after the cool-down, lets one probe through, and closes on success', async () => {
    const { b, advance } = setup(1, 1_000);
    await b.run(fail('unavailable')).catch(() => {});
    expect(b.state()).toBe('open');
    advance(1_000);
    expect(b.state()).toBe('half-open');
    let release!: () => void;
    const probe = b.run(() => new Promise<string>((r) => (release = () => r('probe'))));
    // While the probe is out, others still fail fast.
    await expect(b.run(ok)).rejects.toMatchObject({ kind: 'unavailable' });
    release();
    expect(await probe).toBe('probe');
    expect(b.state()).toBe('closed');
    expect(await b.run(ok)).toBe('ok');
  });

  it('re-opens for another cool-down when the probe fails', async () => {
    const { b, advance } = setup(1, 1_000);
    await b.run(fail('unavailable')).catch(() => {});
    advance(1_000);
    await b.run(fail('timeout')).catch(() => {});
    expect(b.state()).toBe('open');
    advance(999);
    expect(b.state()).toBe('open');
    advance(1);
    expect(b.state()).toBe('half-open');
  });
});
