import { describe, expect, it } from 'vitest';
import { arr, child, idFromNodeId, obj, optId, optNum, optText, parseJsonText, reqId, toIsoDate } from '../../src/parse/decode.js';
import { catchUpstream } from './helpers.js';

describe('decode readers', () => {
  it('name the JSON path of what they could not read', () => {
    const e = catchUpstream(() => arr({}, 'resource_response.data.results'), 'bad-shape');
    expect(e.detail.path).toBe('resource_response.data.results');
    expect(catchUpstream(() => obj([], 'x[3]'), 'bad-shape').detail.path).toBe('x[3]');
    expect(catchUpstream(() => reqId({ id: null }, 'id', 'pin'), 'bad-shape').detail.path).toBe('pin.id');
    expect(child('a', 'b')).toBe('a.b');
    expect(child('a', 2)).toBe('a[2]');
  });

  it('keep ids as strings and refuse numbers that already lost precision', () => {
    expect(optId({ id: '994873373926688735' }, 'id')).toBe('994873373926688735');
    expect(optId({ id: 12345 }, 'id')).toBe('12345');
    // 2^53 + 1 arrives as 9007199254740992: a different pin, so it is refused.
    expect(optId({ id: 9007199254740993 }, 'id')).toBeNull();
    expect(optId({ id: '../etc' }, 'id')).toBeNull();
  });

  it('decode node ids of the expected type only', () => {
    expect(idFromNodeId('cGluOjI5ODc4NTc1NjU0MjI4NjU0OA==', 'Pin')).toBe('298785756542286548');
    expect(idFromNodeId('VXNlcjozMjcyODUyMzUzMjg3NTA1ODk=', 'User')).toBe('327285235328750589');
    expect(idFromNodeId('VXNlcjozMjcyODUyMzUzMjg3NTA1ODk=', 'Pin')).toBeNull();
    expect(idFromNodeId(42, 'Pin')).toBeNull();
  });

  it('degrade optional fields to null', () => {
    expect(optNum({ n: '42' }, 'n')).toBe(42);
    expect(optNum({ n: 'many' }, 'n')).toBeNull();
    expect(optNum({ n: Infinity }, 'n')).toBeNull();
    expect(optText({ t: ' ' }, 't')).toBeNull();
    expect(optText(null, 't')).toBeNull();
  });

  it('convert RFC 1123 dates to ISO and reject nonsense', () => {
    expect(toIsoDate('Sun, 04 Apr 2021 05:43:58 +0000')).toBe('2021-04-04T05:43:58.000Z');
    expect(toIsoDate('yesterday-ish')).toBeNull();
    expect(toIsoDate(1617515038)).toBeNull();
  });

  it('turn invalid JSON text into bad-shape', () => {
    expect(catchUpstream(() => parseJsonText('{"a":', '$'), 'bad-shape').detail.path).toBe('$');
  });
});
