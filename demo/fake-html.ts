// Server-rendered pages as the fake Pinterest serves them: the JSON blocks the real site embeds,
// with `__PWS_INITIAL_PROPS__` streamed after `</html>` as in every recording.
type Json = Record<string, unknown>;

/** `<` inside embedded JSON would let a value end the script early; escape it as the real site's JSON allows. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeText(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Redux resource cache key in the 2024 format: `field_set_key="x",username="y"`. */
function resourceKey(options: Json): string {
  return Object.keys(options)
    .sort()
    .map((k) => `${k}=${JSON.stringify(options[k])}`)
    .join(',');
}

export interface CachedResource {
  name: string;
  options: Json;
  data: unknown;
  nextBookmark?: string | null;
}

export function ssrPage(opts: {
  title: string;
  handler: string;
  fullPath: string;
  pins?: Record<string, unknown>;
  users?: Record<string, unknown>;
  resources?: CachedResource[];
}): string {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const r of opts.resources ?? []) {
    (resources[r.name] ??= {})[resourceKey(r.options)] = {
      data: r.data,
      nextBookmark: r.nextBookmark ?? '-end-',
      fetching: false,
      auxData: null,
    };
  }
  const pwsData = {
    appVersion: 'fake000',
    initialHandlerId: opts.handler,
    context: { is_authenticated: false, full_path: opts.fullPath, locale: 'en-US', country: 'US' },
    isPrefetch: false,
    renderMode: 'SSR',
  };
  const props = {
    initialReduxState: { pins: opts.pins ?? {}, users: { '': { id: '' }, ...(opts.users ?? {}) }, boards: {}, resources },
    isAppShell: false,
  };
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeText(opts.title)}</title></head>` +
    `<body><div id="__PWS_ROOT__"></div>` +
    `<script id="__PWS_DATA__" type="application/json">${scriptJson(pwsData)}</script>` +
    `</body></html>` +
    `<script id="__PWS_INITIAL_PROPS__" type="application/json">${scriptJson(props)}</script>\n`
  );
}

export function pinPageHtml(pin: Json): string {
  const id = String(pin['id']);
  return ssrPage({
    title: String(pin['title'] || 'Pin'),
    handler: 'www/pin/[id].js',
    fullPath: `/pin/${id}/`,
    pins: { [id]: pin },
  });
}

export function homeHtml(): string {
  return ssrPage({ title: 'Pinterest (fake)', handler: 'www/index.js', fullPath: '/' });
}

export function notFoundHtml(): string {
  return '<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>404</h1></body></html>';
}
