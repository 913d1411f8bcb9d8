// An HLS-only video (no progressive file in the pin data) plays only in Safari without JavaScript.
// Pinterest usually also keeps MP4 renditions of the same video: docs/pinterest-protocol.md §8
// report the rule "take the highest-BANDWIDTH variant of the master playlist, replace /hls/ with
// /expMp4/ and .m3u8 with .mp4" (one source, 3 of 3 verified: a claim). So the rule only proposes
// a file; a one-byte ranged request must find it before the page offers it.
import type { Readable } from 'node:stream';
import { fromLocalMediaPath } from '../media/paths.js';

export interface HlsMp4Client {
  /** The master playlist, rewritten to local /vid/ paths. */
  hlsPlaylist(upstreamPath: string): Promise<string>;
  video(upstreamPath: string, range?: string): Promise<{ status: number; body: Readable }>;
}

/** The local path of the highest-bandwidth variant in a (rewritten) master playlist, or null. */
export function highestVariant(master: string): string | null {
  const lines = master.split(/\r?\n/);
  let best: { bandwidth: number; uri: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = /^#EXT-X-STREAM-INF:(.*)$/.exec(lines[i]!.trim());
    if (!m) continue;
    const bandwidth = Number(/(?:^|,)BANDWIDTH=(\d+)/.exec(m[1]!)?.[1] ?? NaN);
    const uri = lines[i + 1]?.trim() ?? '';
    if (!Number.isFinite(bandwidth) || !uri || uri.startsWith('#')) continue;
    if (!best || bandwidth > best.bandwidth) best = { bandwidth, uri };
  }
  return best?.uri ?? null;
}

/** The MP4 path the rule proposes for a variant playlist path; null when it does not apply. */
export function mp4ForVariant(variantPath: string): string | null {
  if (!/\/hls\//.test(variantPath) || !variantPath.endsWith('.m3u8')) return null;
  const candidate = variantPath.replace('/hls/', '/expMp4/').replace(/\.m3u8$/, '.mp4');
  const target = fromLocalMediaPath(candidate);
  return target && target.kind === 'video' ? candidate : null;
}

/**
 * The local path of an MP4 rendition of an HLS-only video, checked to exist upstream; null when the
 * playlist names none, the file is not there, or anything fails (the page then offers the playlist).
 */
export async function findMp4Rendition(client: HlsMp4Client, hlsLocalPath: string): Promise<string | null> {
  const master = fromLocalMediaPath(hlsLocalPath);
  if (!master || master.kind !== 'video') return null;
  try {
    const variant = highestVariant(await client.hlsPlaylist(master.upstreamPath));
    const candidate = variant ? mp4ForVariant(variant) : null;
    const target = candidate ? fromLocalMediaPath(candidate) : null;
    if (!candidate || !target) return null;
    const probe = await client.video(target.upstreamPath, 'bytes=0-0');
    probe.body.destroy();
    return probe.status === 200 || probe.status === 206 ? candidate : null;
  } catch {
    return null;
  }
}
