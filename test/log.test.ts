// Tests for src/log.ts: JSON lines, level threshold, request lines without query strings or visitor data.
import { describe, expect, it } from 'vitest';
import { createLogger, loggablePath, type LoggerOptions } from '../src/log.js';

function capture(opts: Omit<LoggerOptions, 'write' | 'now'>) {
  const lines: string[] = [];
  const log = createLogger({ ...opts, write: (l) => lines.push(l), now: () => new Date('2025-01-02T03:04:05.000Z') });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with t, level, msg and fields', () => {
    const { log, lines, parsed } = capture({ level: 'info' });
    log.info('model loaded', { model: 'x', ms: 12 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parsed()[0]).toEqual({ t: '2025-01-02T03:04:05.000Z', level: 'info', msg: 'model loaded', model: 'x', ms: 12 });
  });

  it('drops lines below the level', () => {
    const { log, parsed } = capture({ level: 'warn' });
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(parsed().map((l) => l.msg)).toEqual(['c', 'd']);
  });

  it('fields cannot overwrite t, level or msg; errors are serialised; circular fields do not throw', () => {
    const { log, parsed } = capture({ level: 'debug', debug: false });
    log.error('boom', { level: 'debug', msg: 'x', err: Object.assign(new Error('bad'), { kind: 'timeout' }) });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    log.info('circ', { circular });
    const [a, b] = parsed();
    expect(a).toMatchObject({ level: 'error', msg: 'boom', err: { name: 'Error', message: 'bad', kind: 'timeout' } });
    expect((a!.err as Record<string, unknown>).stack).toBeUndefined();
    expect(b).toMatchObject({ msg: 'circ', logError: 'fields not serialisable' });
  });

  it('child loggers add their bindings', () => {
    const { log, parsed } = capture({ level: 'info' });
    log.child({ component: 'scorer' }).info('hi', { n: 1 });
    expect(parsed()[0]).toMatchObject({ component: 'scorer', n: 1, msg: 'hi' });
  });
});

describe('requestLine', () => {
  const paths = ['/search/pins/?q=secret+words', '/pin/1/?ai=off#x', '/user/board/?mute_words=me', 'http://host.example/pin/1/?q=1'];

  it('never contains a query string unless debug', () => {
    const { log, lines, parsed } = capture({ level: 'info' });
    for (const path of paths) log.requestLine({ method: 'get', path, status: 200, ms: 12.345, cache: 'hit' });
    for (const l of lines) {
      expect(l).not.toContain('?');
      expect(l).not.toContain('secret');
      expect(l).not.toContain('mute_words');
      expect(l).not.toContain('host.example');
    }
    expect(parsed()[0]).toEqual({ t: '2025-01-02T03:04:05.000Z', level: 'info', msg: 'request', method: 'GET', path: '/search/pins/', status: 200, ms: 12.3, cache: 'hit' });
  });

  it('keeps the query string in debug', () => {
    const { log, parsed } = capture({ level: 'debug' });
    log.requestLine({ method: 'GET', path: paths[0]!, status: 200, ms: 1 });
    expect(parsed()[0]!.path).toBe('/search/pins/?q=secret+words');
  });

  it('has only the request fields (no room for IP, user agent, cookie or referer)', () => {
    const { log, parsed } = capture({ level: 'info' });
    const sneaky = { method: 'GET', path: '/', status: 503, ms: 1, ip: '203.0.113.9', ua: 'Firefox', cookie: 'ai=off', referer: 'https://x' };
    log.requestLine(sneaky as Parameters<typeof log.requestLine>[0]);
    const line = parsed()[0]!;
    expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'path', 'status', 't']);
    expect(line.level).toBe('warn');
  });

  it('bounds odd input', () => {
    expect(loggablePath('/a'.repeat(1000), false).length).toBeLessThanOrEqual(513);
    expect(loggablePath('not a url', false)).toBe('/');
    const { log, parsed } = capture({ level: 'info' });
    log.requestLine({ method: 'G E T\n', path: '/x', status: 200, ms: 1 });
    expect(parsed()[0]!.method).toBe('OTHER');
  });
});
