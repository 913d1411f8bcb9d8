// Finding an MP4 rendition for an HLS-only video: the highest-bandwidth variant, the /hls/ ->
// /expMp4/ rule, and a probe that must find the file before it is offered.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findMp4Rendition, highestVariant, mp4ForVariant } from '../../src/content/hls-mp4.js';
import { UpstreamError } from '../../src/domain/errors.js';

const SIG = '4d4b7f3fd2035bf6155dabd45130e2f4';
const MASTER_PATH = `/vid/videos/mc/hls/4d/4b/7f/${SIG}.m3u8`;
const MASTER = [
  '#EXTM3U',
  '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=360x640',
  `/vid/videos/mc/hls/4d/4b/7f/${SIG}_360w.m3u8`,
  '#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=900000,BANDWIDTH=2400000,RESOLUTION=1080x1920',
  `/vid/videos/mc/hls/4d/4b/7f/${SIG}_1080w.m3u8`,
  '#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=720x1280',
  `/vid/videos/mc/hls/4d/4b/7f/${SIG}_720w.m3u8`,
  '',
].join('\n');

function client(opts: { exists: boolean; calls?: string[] }) {
  return {
    async hlsPlaylist(path: string) {
      opts.calls?.push(`playlist ${path}`);
      return MASTER;
    },
    async video(path: string, range?: string) {
      opts.calls?.push(`video ${path} ${range}`);
      if (!opts.exists) throw new UpstreamError('not-found', 'gone', { status: 404 });
      return { status: 206, body: Readable.from([Buffer.from([0])]) };
    },
  };
}

describe('HLS-only video -> MP4 rendition', () => {
  it('picks the highest BANDWIDTH variant (not AVERAGE-BANDWIDTH) and maps it by the rule', () => {
    const v = highestVariant(MASTER);
    expect(v).toBe(`/vid/videos/mc/hls/4d/4b/7f/${SIG}_1080w.m3u8`);
    expect(mp4ForVariant(v!)).toBe(`/vid/videos/mc/expMp4/4d/4b/7f/${SIG}_1080w.mp4`);
    expect(highestVariant('#EXTM3U\n#EXTINF:4,\nseg.ts\n')).toBeNull();
    expect(mp4ForVariant('/vid/videos/mc/720p/4d/4b/7f/x.m3u8')).toBeNull();
  });

  it('offers the MP4 only after a one-byte probe finds it', async () => {
    const calls: string[] = [];
    expect(await findMp4Rendition(client({ exists: true, calls }), MASTER_PATH)).toBe(`/vid/videos/mc/expMp4/4d/4b/7f/${SIG}_1080w.mp4`);
    expect(calls).toEqual([`playlist /videos/mc/hls/4d/4b/7f/${SIG}.m3u8`, `video /videos/mc/expMp4/4d/4b/7f/${SIG}_1080w.mp4 bytes=0-0`]);
    expect(await findMp4Rendition(client({ exists: false }), MASTER_PATH)).toBeNull();
    expect(await findMp4Rendition(client({ exists: true }), '/img/236x/aa/bb/cc/x.jpg')).toBeNull();
  });
});
