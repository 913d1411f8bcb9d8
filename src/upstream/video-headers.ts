// Small pure rules for proxied video: the content type by extension (never upstream's header),
// which Range requests pass through, and which upstream Content-Range values are passed back.

const VIDEO_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4s: 'video/iso.segment',
  cmfv: 'video/mp4',
  cmfa: 'audio/mp4',
  aac: 'audio/aac',
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  vtt: 'text/vtt',
};

/** Content type for a video-host path by its extension; null for anything else. */
export function videoContentType(upstreamPath: string): string | null {
  const m = /\.([a-z0-9]{1,5})$/.exec(upstreamPath);
  return (m && VIDEO_TYPES[m[1]!]) ?? null;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A Range header worth passing upstream: exactly one `bytes=a-b`, `bytes=a-` or `bytes=-n`
 * range, normalised. Anything else (several ranges, other units, junk) is ignored: null.
 */
export function singleByteRange(range: string | undefined | null): string | null {
  if (!range || range.length > 64) return null;
  const m = /^\s*bytes\s*=\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/i.exec(range);
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') return Number(b) > 0 ? `bytes=-${Number(b)}` : null; // suffix range
  const start = Number(a);
  if (b === '') return start <= MAX_SAFE ? `bytes=${start}-` : null;
  const end = Number(b);
  return end >= start ? `bytes=${start}-${end}` : null;
}

/** Upstream's Content-Range when well formed (`bytes a-b/n` or `bytes a-b/*`), else undefined. */
export function wellFormedContentRange(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15}|\*)$/.exec(value.trim());
  if (!m || Number(m[2]) < Number(m[1])) return undefined;
  return value.trim();
}
