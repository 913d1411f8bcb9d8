import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/domain/errors.js';
import { checkResourceEnvelope, errorForNetworkFailure, errorForStatus, kindForStatus, parseRetryAfter } from '../../src/upstream/classify.js';
import { resourceData } from '../../src/parse/envelope.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0); // in the past
  });
  it('ignores junk and caps absurd values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('9999999999', now)).toBe(86_400);
  });
});

describe('status classification', () => {
  it('maps statuses to kinds', () => {
    expect(kindForStatus(404)).toBe('not-found');
    expect(kindForStatus(410)).toBe('not-found');
    expect(kindForStatus(429)).toBe('rate-limited');
    expect(kindForStatus(403)).toBe('blocked');
    expect(kindForStatus(500)).toBe('unavailable');
    expect(kindForStatus(503)).toBe('unavailable');
    expect(kindForStatus(400)).toBe('bad-shape');
  });
  it('recognises the header gate and carries Retry-After', () => {
    const gate = errorForStatus('www', 403, {}, 'Invalid Resource Request');
    expect(gate).toMatchObject({ kind: 'blocked', detail: { status: 403 } });
    expect(gate.message).toMatch(/Invalid Resource Request/);
    expect(errorForStatus('www', 429, { 'retry-after': '12' }, '')).toMatchObject({ kind: 'rate-limited', detail: { retryAfterSeconds: 12 } });
    expect(errorForStatus('www', 429, {}, '').detail.retryAfterSeconds).toBeUndefined();
  });
  it('maps network errors: timeouts vs. connection failures', () => {
    expect(errorForNetworkFailure('www', Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })).kind).toBe('timeout');
    expect(errorForNetworkFailure('www', Object.assign(new Error('x'), { code: 'ECONNRESET' })).kind).toBe('unavailable');
    const agg = Object.assign(new AggregateError([Object.assign(new Error('r'), { code: 'ECONNREFUSED' })]), {});
    expect(errorForNetworkFailure('www', agg).message).toMatch(/ECONNREFUSED/);
    const already = new UpstreamError('too-large', 'big');
    expect(errorForNetworkFailure('www', already)).toBe(already);
  });
});

describe('checkResourceEnvelope', () => {
  it('passes a success envelope through unchanged', () => {
    const env = { resource_response: { status: 'success', data: { id: '1' }, http_status: 200 } };
    expect(checkResourceEnvelope('PinResource', env)).toBe(env);
  });
  it('maps an error envelope by its http_status', () => {
    const err = (http_status: number) => ({
      resource_response: { status: 'failure', error: { http_status, code: 1, message: 'nope', status: 'failure' } },
    });
    expect(() => checkResourceEnvelope('PinResource', err(404))).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(() => checkResourceEnvelope('PinResource', err(429))).toThrow(expect.objectContaining({ kind: 'rate-limited' }));
    expect(() => checkResourceEnvelope('PinResource', err(403))).toThrow(expect.objectContaining({ kind: 'blocked' }));
    expect(() => checkResourceEnvelope('PinResource', err(502))).toThrow(expect.objectContaining({ kind: 'unavailable' }));
  });
  it('treats an error object even with status success, and odd shapes, as errors', () => {
    expect(() => checkResourceEnvelope('X', { resource_response: { status: 'success', error: { http_status: 404 } } })).toThrow(
      expect.objectContaining({ kind: 'not-found' }),
    );
    expect(() => checkResourceEnvelope('X', { resource_response: { status: 'failure' } })).toThrow(expect.objectContaining({ kind: 'bad-shape' }));
    expect(() => checkResourceEnvelope('X', { data: 1 })).toThrow(expect.objectContaining({ kind: 'bad-shape', detail: { path: 'resource_response' } }));
    expect(() => checkResourceEnvelope('X', [1, 2])).toThrow(expect.objectContaining({ kind: 'bad-shape' }));
    expect(() => checkResourceEnvelope('X', null)).toThrow(expect.objectContaining({ kind: 'bad-shape' }));
  });
});

describe('one mapping for resource error envelopes', () => {
  const kindOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as { kind: string }).kind;
    }
    return 'no error';
  };
  it.each([404, 410, 429, 401, 403, 400, 418, 500, 503, null, 200, 'x'])('http_status %s: the client and the parser agree', (status) => {
    const json = { resource_response: { status: 'failure', error: status === null ? { message: 'm' } : { http_status: status, message: 'm' }, data: null } };
    const client = kindOf(() => checkResourceEnvelope('test', json));
    expect(client).not.toBe('no error');
    expect(kindOf(() => resourceData(json))).toBe(client);
  });
});
