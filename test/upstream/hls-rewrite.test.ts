import { describe, expect, it } from 'vitest';
import { fromLocalMediaPath } from '../../src/media/paths.js';
import { localUriFor, rewriteHlsPlaylist } from '../../src/upstream/hls-rewrite.js';

const SIG = '0123456789abcdef0123456789abcdef';
const DIR = '/videos/mc/hls/01/23/45';
const MASTER = `${DIR}/${SIG}.m3u8`;

describe('rewriteHlsPlaylist', () => {
  it('rewrites relative variant URIs and URI attributes to local /vid/ paths', () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-VERSION:4',
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="${SIG}_audio.m3u8"`,
      '#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=720x1280,AUDIO="aud"',
      `${SIG}_720w.m3u8`,
      '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=360x640',
      `https://v1.pinimg.com${DIR}/${SIG}_360w.m3u8`,
    ].join('\n');
    const out = rewriteHlsPlaylist(master, { playlistPath: MASTER });
    expect(out).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:4',
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="/vid${DIR}/${SIG}_audio.m3u8"`,
        '#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=720x1280,AUDIO="aud"',
        `/vid${DIR}/${SIG}_720w.m3u8`,
        '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=360x640',
        `/vid${DIR}/${SIG}_360w.m3u8`,
        '',
      ].join('\n'),
    );
  });

  it('rewrites media playlists: segments, init maps and keys', () => {
    const media = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:6',
      `#EXT-X-MAP:URI="${SIG}_720w_init.mp4"`,
      `#EXT-X-KEY:METHOD=AES-128,URI="${SIG}_key.ts",IV=0x1`,
      '#EXTINF:6.0,',
      `${SIG}_720w00001.ts`,
      '#EXTINF:6.0,',
      '#EXT-X-BYTERANGE:1000@0',
      `${SIG}_720w00002.m4s`,
      '#EXT-X-ENDLIST',
    ].join('\r\n');
    const out = rewriteHlsPlaylist(media, { playlistPath: `${DIR}/${SIG}_720w.m3u8` });
    expect(out).toContain(`#EXT-X-MAP:URI="/vid${DIR}/${SIG}_720w_init.mp4"`);
    expect(out).toContain(`URI="/vid${DIR}/${SIG}_key.ts",IV=0x1`);
    expect(out).toContain(`#EXTINF:6.0,\n/vid${DIR}/${SIG}_720w00001.ts`);
    expect(out).toContain(`#EXTINF:6.0,\n#EXT-X-BYTERANGE:1000@0\n/vid${DIR}/${SIG}_720w00002.m4s`);
    expect(out.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  });

  it('drops URIs that point off the grammar, with the tags that describe them', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-STREAM-INF:BANDWIDTH=1',
      'https://evil.example/x.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=2',
      `//evil.example${DIR}/${SIG}.m3u8`,
      '#EXT-X-STREAM-INF:BANDWIDTH=3',
      `../../../../../etc/passwd`,
      '#EXT-X-STREAM-INF:BANDWIDTH=4',
      `https://i.pinimg.com/736x/01/23/45/${SIG}.jpg`,
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k"',
      '#EXT-X-SESSION-KEY:METHOD=AES-128,URI=unquoted',
      `#EXT-X-MEDIA:TYPE=AUDIO,URI="data:text/plain,hi"`,
      '# a comment with https://tracker.example/',
      '#EXT-X-STREAM-INF:BANDWIDTH=5',
      `${SIG}_ok.m3u8`,
    ].join('\n');
    const out = rewriteHlsPlaylist(text, { playlistPath: MASTER });
    expect(out).toBe(['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=5', `/vid${DIR}/${SIG}_ok.m3u8`, ''].join('\n'));
  });

  it('every URI it emits is a local path that the media proxy accepts', () => {
    const text = ['#EXTM3U', `#EXT-X-MAP:URI="${SIG}_i.mp4"`, '#EXTINF:1,', `${SIG}_1.ts`, '#EXTINF:1,', `${SIG}_2.ts?token=abc`].join('\n');
    const out = rewriteHlsPlaylist(text, { playlistPath: `${DIR}/${SIG}.m3u8` });
    const uris = [...out.matchAll(/URI="([^"]+)"/g)].map((m) => m[1]!).concat(out.split('\n').filter((l) => l && !l.startsWith('#')));
    expect(uris).toHaveLength(3);
    for (const u of uris) expect(fromLocalMediaPath(u)).toMatchObject({ kind: 'video' });
  });

  it('maps absolute URIs on a configured non-default videos origin (tests, demo)', () => {
    const opts = { playlistPath: MASTER, videosOrigin: 'http://127.0.0.1:4567' };
    expect(localUriFor(`http://127.0.0.1:4567${DIR}/${SIG}_a.ts`, opts)).toBe(`/vid${DIR}/${SIG}_a.ts`);
    expect(localUriFor(`http://127.0.0.1:4568${DIR}/${SIG}_a.ts`, opts)).toBeNull();
    expect(localUriFor(`http://127.0.0.1:4567/not/a/video.ts`, opts)).toBeNull();
  });

  it('refuses text that is not a playlist', () => {
    expect(() => rewriteHlsPlaylist('<html>blocked</html>', { playlistPath: MASTER })).toThrow(expect.objectContaining({ kind: 'bad-shape' }));
  });
});
