// Video lists (REST `video_list.V_720P`, Relay `videoList720P.v720P`, story `videoData`) -> PinVideo
// with a progressive MP4 where Pinterest has one (plays without JavaScript) and the HLS master.
import type { PinVideo } from '../domain/types.js';
import { toLocalMediaPath } from '../media/paths.js';
import { isObject, optNum, optStr, type JsonObject } from './decode.js';
import { imageSetFromSpecs } from './images.js';

interface VideoEntry {
  /** Normalised variant name: `720P`, `EXP7`, `HLSV4`, `HLSV3WEB`, `HLSV3MOBILE`, ... */
  name: string;
  spec: JsonObject;
}

/** `V_HLSV3_WEB` / `vHLSV3WEB` / `v720P` -> `HLSV3WEB` / `720P`. */
function normaliseName(key: string): string {
  return key.replace(/^V_/, '').replace(/^v(?=[A-Z0-9])/, '').replace(/_/g, '').toUpperCase();
}

/**
 * Collect every `{url,...}` entry of a video container. REST nests them in `video_list`; Relay in
 * `videoList`, or one list per variant (`videoList720P`, `videoListEXP3`, `videoListMobile`).
 */
function collectVideoEntries(container: unknown, depth = 0): VideoEntry[] {
  if (!isObject(container) || depth > 2) return [];
  const out: VideoEntry[] = [];
  for (const [key, value] of Object.entries(container)) {
    if (!isObject(value)) continue;
    if (typeof value['url'] === 'string') out.push({ name: normaliseName(key), spec: value });
    else if (/^(?:video_?list|videoList)/i.test(key)) out.push(...collectVideoEntries(value, depth + 1));
  }
  return out;
}

// Progressive files: 720p first, then the expMp4 tiers from the largest down (docs/pinterest-protocol.md §8).
const MP4_ORDER = ['720P', 'EXP7', 'EXP6', 'EXP5', 'EXP4', 'EXP3'];
const HLS_ORDER = ['HLSV4', 'HLSV3WEB', 'HLSV3MOBILE'];

function pick(entries: VideoEntry[], order: string[], ext: string): { entry: VideoEntry; path: string } | null {
  const usable = entries
    .map((entry) => ({ entry, path: toLocalMediaPath(optStr(entry.spec, 'url')) }))
    .filter((e): e is { entry: VideoEntry; path: string } => e.path !== null && e.path.endsWith(ext));
  for (const name of order) {
    const hit = usable.find((e) => e.entry.name === name);
    if (hit) return hit;
  }
  return usable[0] ?? null;
}

/** Build a PinVideo from one container, or null when it holds no playable file we can proxy. */
export function videoFromContainer(container: unknown): PinVideo | null {
  const entries = collectVideoEntries(container);
  const mp4 = pick(entries, MP4_ORDER, '.mp4');
  const hls = pick(entries, HLS_ORDER, '.m3u8');
  const main = mp4 ?? hls;
  if (!main) return null;
  const thumbs = entries.map((e) => e.spec['thumbnail']).filter((t): t is string => typeof t === 'string');
  const poster = imageSetFromSpecs(
    thumbs.slice(0, 1).map((url) => ({ url })),
    null,
    null,
    { anySize: true },
  );
  return {
    mp4: mp4?.path ?? null,
    hls: hls?.path ?? null,
    poster,
    width: optNum(main.entry.spec, 'width'),
    height: optNum(main.entry.spec, 'height'),
    durationMs: optNum(main.entry.spec, 'duration'),
  };
}
