// The one parser for "an absolute http(s) URL" used by the link cleaner, the media path mapper and
// the views' last line of defence: anything else (javascript:, data:, relative, garbage) is null.
export function parseHttpUrl(raw: string): URL | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.hostname ? u : null;
}
