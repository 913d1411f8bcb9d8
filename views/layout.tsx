// The document shell every page shares: head (local assets only), skip link, header with search
// and nav, the <main> slot carrying data-ai-hidden, and the footer. No inline script or style:
// the CSP forbids both.
import type { Child } from 'hono/jsx';
import type { ViewContext } from './context.js';
import { SearchForm } from './components/search-form.js';
import { cleanText, safeLocalPath } from './safe.js';

export interface LayoutProps {
  ctx: ViewContext;
  /** Page title; the instance name is appended. */
  title: string;
  /** `<main data-ai-hidden>`: pins hidden by the visitor's settings on this page (0 if none). */
  hiddenCount?: number;
  /** Local URL of this page's RSS feed, for `<link rel="alternate">` and a visible link. */
  rssHref?: string | null;
  /** Current search, shown in the header box. */
  query?: string;
  /** Extra class on <main>, e.g. "page-pin". */
  mainClass?: string;
  /** Ask search engines not to index (error pages, search results). */
  noindex?: boolean;
  /** Extra <head> elements, e.g. link-preview tags (components/share.tsx). */
  head?: Child;
  children?: Child;
}

export function Layout({ ctx, title, hiddenCount = 0, rssHref, query, mainClass, noindex, head, children }: LayoutProps) {
  const name = cleanText(ctx.instanceName) || 'Corkboard';
  const fullTitle = title ? `${cleanText(title)} · ${name}` : name;
  const feed = safeLocalPath(rssHref);
  const hidden = Number.isFinite(hiddenCount) && hiddenCount > 0 ? Math.round(hiddenCount) : 0;
  const theme = ['light', 'dark'].includes(ctx.prefs.theme) ? ctx.prefs.theme : 'system';
  const size = ['small', 'large'].includes(ctx.prefs.size) ? ctx.prefs.size : 'medium';
  return (
    <html lang="en" data-theme={theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="color-scheme" content={theme === 'system' ? 'light dark' : theme} />
        {noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        <title>{fullTitle}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" type="image/png" href="/static/favicon.png" />
        <link rel="manifest" href="/static/manifest.webmanifest" />
        <link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title={name} />
        {feed ? <link rel="alternate" type="application/rss+xml" href={feed} title={`${fullTitle} (RSS)`} /> : null}
        {head}
      </head>
      <body class={`size-${size}`}>
        <a class="skip-link" href="#main">Skip to content</a>
        {ctx.banner ? <p class="banner" role="note">{cleanText(ctx.banner)}</p> : null}
        <header class="site-header">
          <a class="brand" href="/">{name}</a>
          <SearchForm idPrefix="header" query={query} />
          <nav class="site-nav" aria-label="Site">
            <a href="/settings">Settings</a>
            <a href="/privacy">Privacy</a>
            <a href="/info">About</a>
          </nav>
        </header>
        <main id="main" class={mainClass} data-ai-hidden={String(hidden)} tabindex={-1}>
          {children}
          {feed ? <p class="feed-link"><a href={feed} type="application/rss+xml">RSS feed of this page</a></p> : null}
        </main>
        <footer class="site-footer">
          <p>
            {name} shows public Pinterest pages without tracking: images and videos come through this
            server, so your browser never talks to Pinterest.
          </p>
          <p>
            <a href="/privacy">Privacy</a> · <a href="/info">Instance info</a> · <a href="/settings">Settings</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
