import { describe, expect, it } from 'vitest';
import { singleByteRange, videoContentType, wellFormedContentRange } from '../../src/upstream/video-headers.js';

describe('video header rules', () => {
  it('types by extension', () => {
    expect(videoContentType('/videos/mc/720p/a/b.mp4')).toBe('video/mp4');
    expect(videoContentType('/x.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(videoContentType('/x.ts')).toBe('video/mp2t');
    expect(videoContentType('/x.vtt')).toBe('text/vtt');
    expect(videoContentType('/x.html')).toBeNull();
    expect(videoContentType('/x')).toBeNull();
  });

  it('passes one well-formed byte range, normalised', () => {
    expect(singleByteRange('bytes=0-1023')).toBe('bytes=0-1023');
    expect(singleByteRange('bytes=100-')).toBe('bytes=100-');
    expect(singleByteRange('bytes=-500')).toBe('bytes=-500');
    expect(singleByteRange(' BYTES = 5 - 9 ')).toBe('bytes=5-9');
  });

  it('ignores anything else', () => {
    for (const r of [undefined, '', 'bytes=0-1,5-9', 'items=0-1', 'bytes=9-5', 'bytes=-', 'bytes=-0', 'bytes=a-b', 'bytes=0-1\r\nX: y', `bytes=0-${'9'.repeat(80)}`]) {
      expect(singleByteRange(r), String(r)).toBeNull();
    }
  });

  it('checks Content-Range', () => {
    expect(wellFormedContentRange('bytes 0-99/1000')).toBe('bytes 0-99/1000');
    expect(wellFormedContentRange('bytes 0-99/*')).toBe('bytes 0-99/*');
    expect(wellFormedContentRange('bytes 99-0/1000')).toBeUndefined();
    expect(wellFormedContentRange('bytes */1000')).toBeUndefined();
    expect(wellFormedContentRange(undefined)).toBeUndefined();
  });
});
