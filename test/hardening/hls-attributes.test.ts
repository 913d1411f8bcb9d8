// Issue 18 row 11: a lower-case `uri=` in an HLS key line passed through the video proxy
// unrewritten (`#EXT-X-KEY:METHOD=AES-128,uri="http://127.0.0.1:7700/..."`), so a player would
// fetch the key off-instance. Attribute names now match whatever their case and spacing, and any
// URL left in a tag line drops the line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './helpers/fault-upstream.js';
import { startFaultyInstance, type FaultyInstance } from './helpers/faulty-instance.js';
import { rewriteHlsPlaylist } from '../../src/upstream/hls-rewrite.js';

const SIG = '0123456789abcdef0123456789abcdef';
const DIR = '/videos/mc/hls/01/23/45';
const PLAYLIST = `${DIR}/${SIG}_720w.m3u8`;
const OFF = 'http://127.0.0.1:7700/steal';

/** Tag lines that name an off-instance URL in some spelling, each followed by a segment. */
const HOSTILE_TAGS = [
  `#EXT-X-KEY:METHOD=AES-128,uri="${OFF}/key"`,
  `#EXT-X-KEY:METHOD=AES-128,Uri="${OFF}/key"`,
  `#EXT-X-KEY:METHOD=AES-128,URI = "${OFF}/key"`,
  `#EXT-X-MAP:uri="${OFF}/init.mp4"`,
  `#EXT-X-SESSION-KEY:METHOD=AES-128,uri='${OFF}/key'`,
  `#EXT-X-KEY:METHOD=AES-128,uri=${OFF}/key`,
  `#EXT-X-DATERANGE:ID="ad",CLASS="com.apple.hls.interstitials",X-ASSET-LIST="${OFF}/list.json"`,
  `#EXT-X-DATERANGE:ID="ad",x-asset-uri="//127.0.0.1:7700/ad.m3u8"`,
];

function playlist(tag: string): string {
  return ['#EXTM3U', '#EXT-X-TARGETDURATION:6', tag, '#EXTINF:6.0,', `${SIG}_720w_00001.ts`, '#EXT-X-ENDLIST', ''].join('\n');
}

describe('HLS attribute names (issue 18 row 11), rewriter', () => {
  it.each(HOSTILE_TAGS)('%s never leaves a URL to another host', (tag) => {
    const out = rewriteHlsPlaylist(playlist(tag), { playlistPath: PLAYLIST });
    expect(out).not.toContain('127.0.0.1');
    expect(out).not.toMatch(/:\/\/|\/\/127/);
    expect(out).toContain(`/vid${DIR}/${SIG}_720w_00001.ts`);
  });

  it('a lower-case uri on the video host is rewritten, not dropped', () => {
    const out = rewriteHlsPlaylist(playlist(`#EXT-X-KEY:METHOD=AES-128,uri="${SIG}_key.ts",IV=0x1`), { playlistPath: PLAYLIST });
    expect(out).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="/vid${DIR}/${SIG}_key.ts",IV=0x1`);
  });
});

describe('HLS attribute names (issue 18 row 11), through the video proxy', () => {
  let inst: FaultyInstance;
  beforeAll(async () => {
    inst = await startFaultyInstance();
  });
  afterAll(async () => inst?.close());

  it('a hostile playlist from upstream reaches the visitor with no off-instance URL', async () => {
    const body = playlist(HOSTILE_TAGS.join('\n'));
    inst.upstream.on(PLAYLIST, faults.body('application/vnd.apple.mpegurl', body));
    const res = await inst.timed(`/vid${PLAYLIST}`);
    expect(res.status).toBe(200);
    expect(res.text.startsWith('#EXTM3U')).toBe(true);
    expect(res.text).not.toContain('127.0.0.1');
    expect(res.text).not.toMatch(/:\/\//);
    expect(res.text).toContain(`/vid${DIR}/${SIG}_720w_00001.ts`);
    expect(inst.upstream.count(PLAYLIST)).toBe(1);
  });
});
