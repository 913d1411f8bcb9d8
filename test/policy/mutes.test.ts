// Tests for src/policy/mutes.ts: normalising what visitors type into bounded mute lists.
import { describe, expect, it } from 'vitest';
import { MUTE_LIMITS, normaliseDomain, parseMuteList } from '../../src/policy/mutes.js';

describe('parseMuteList', () => {
  it('words: trims, lowercases, collapses spaces, strips #, drops control characters, dedupes', () => {
    expect(parseMuteList('words', '  AI Art \n#AIart\nai   art, midjourney\u200B\n\n')).toEqual(['ai art', 'aiart', 'midjourney']);
  });

  it('accepts several values (repeated fields)', () => {
    expect(parseMuteList('words', ['a', 'b,c', 'A'])).toEqual(['a', 'b', 'c']);
  });

  it('drops overlong entries and caps the count', () => {
    expect(parseMuteList('words', ['x'.repeat(MUTE_LIMITS.maxLength + 1), 'ok'])).toEqual(['ok']);
    const many = Array.from({ length: 300 }, (_, i) => `w${i}`).join('\n');
    const list = parseMuteList('words', many);
    expect(list).toHaveLength(MUTE_LIMITS.maxEntries);
    expect(list[0]).toBe('w0');
  });

  it('pinners: @name, profile URLs, paths', () => {
    expect(parseMuteList('pinners', '@Bob\nhttps://de.pinterest.com/alice_1/_saved/\n/carol/\npinterest.com/dave\nbad name!')).toEqual(['bob', 'alice_1', 'carol', 'dave']);
  });

  it('boards: user/board from paths and URLs; percent-encoded Unicode decoded; single segments rejected', () => {
    expect(parseMuteList('boards', 'Bob/AI-Art\nhttps://www.pinterest.com/bob/%D1%8E%D0%B3/sec/\n/x/y/\nlonely\n../etc')).toEqual(['bob/ai-art', 'bob/юг', 'x/y']);
  });

  it('domains: hosts from URLs, www. dropped, IDN to punycode, junk rejected', () => {
    expect(parseMuteList('domains', 'https://www.Example.com/path?q\nbücher.de\nfoo:8080\nlocalhost\nexa mple.com\nsub.shop.co.uk.')).toEqual([
      'example.com',
      'xn--bcher-kva.de',
      'sub.shop.co.uk',
    ]);
    expect(normaliseDomain('user:pw@evil.com')).toBe('evil.com');
    expect(normaliseDomain('[::1]')).toBeNull();
  });
});
