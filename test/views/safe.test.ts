// The views' own guards: links, local and media paths, text cleaning, score format.
import { describe, expect, it } from 'vitest';
import { cleanText, formatScore, safeLocalPath, safeMediaPath, safeOutboundLink } from '../../views/safe.js';

describe('safeOutboundLink', () => {
  it('keeps http(s) links as external, with a display host', () => {
    expect(safeOutboundLink('https://www.example.com/a?b=1')).toEqual({ kind: 'external', href: 'https://www.example.com/a?b=1', host: 'example.com' });
  });
  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>',
    'vbscript:x', 'file:///etc/passwd', '//evil.example/x', 'https://user:pw@example.com/', '', 'not a url',
  ])('drops %j', (url) => {
    expect(safeOutboundLink(url)).toBeNull();
  });
  it('turns Pinterest links into local paths and drops its media hosts', () => {
    expect(safeOutboundLink('https://www.pinterest.com/pin/123/')).toEqual({ kind: 'local', href: '/pin/123/' });
    expect(safeOutboundLink('https://pinterest.co.uk/alice/lakes/')).toEqual({ kind: 'local', href: '/alice/lakes/' });
    expect(safeOutboundLink('https://pin.it/abc')).toEqual({ kind: 'local', href: '/pin.it/abc' });
    expect(safeOutboundLink('https://i.pinimg.com/736x/aa/bb/cc/x.jpg')).toBeNull();
  });
});

describe('safeLocalPath and safeMediaPath', () => {
  it('accepts same-origin paths only', () => {
    expect(safeLocalPath('/pin/1/')).toBe('/pin/1/');
    for (const bad of ['//evil.com', '/\\evil.com', 'https://x', 'javascript:x', '/a b', '/a\u0000', '', null, undefined]) {
      expect(safeLocalPath(bad as string)).toBeNull();
    }
  });
  it('accepts only /img/, /vid/ and /static/ media without queries or dot segments', () => {
    expect(safeMediaPath('/img/236x/aa/bb/cc/x.jpg')).toBe('/img/236x/aa/bb/cc/x.jpg');
    expect(safeMediaPath('/static/default-avatar.png')).toBe('/static/default-avatar.png');
    for (const bad of ['/pin/1/', '/img/../etc/passwd', '/img/a.jpg?x=1', 'https://i.pinimg.com/736x/a.jpg', '//i.pinimg.com/a.jpg']) {
      expect(safeMediaPath(bad)).toBeNull();
    }
  });
});

describe('cleanText and formatScore', () => {
  it('strips controls and lone surrogates but keeps tabs, newlines, pairs and RTL marks', () => {
    expect(cleanText('a\u0000b\u0008c\td\ne\uD800f\uDC00g\uFFFEh\uD83D\uDE00i\u202E')).toBe('abc\td\nefgh\uD83D\uDE00i\u202E');
  });
  it('formats scores with three decimals, clamped, and null when missing', () => {
    expect(formatScore(0.12345)).toBe('0.123');
    expect(formatScore(1.7)).toBe('1.000');
    expect(formatScore(null)).toBeNull();
    expect(formatScore(Number.NaN)).toBeNull();
  });
});
