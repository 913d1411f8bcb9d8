// /opensearch.xml: lets browsers add this instance as a search engine (Redlib, Nitter, Invidious do).
import { escapeXml } from './xml.js';

/** @param base the instance's public origin, e.g. `https://corkboard.example`. */
export function renderOpenSearch(base: string, instanceName: string): string {
  const origin = base.replace(/\/+$/, '');
  const name = (instanceName || 'Corkboard').slice(0, 16);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n' +
    `<ShortName>${escapeXml(name)}</ShortName>\n` +
    `<Description>${escapeXml(`Search pins on ${instanceName || 'Corkboard'}`)}</Description>\n` +
    '<InputEncoding>UTF-8</InputEncoding>\n' +
    `<Image width="64" height="64" type="image/png">${escapeXml(`${origin}/static/favicon.png`)}</Image>\n` +
    `<Url type="text/html" method="get" template="${escapeXml(`${origin}/search/pins/?q={searchTerms}`)}"/>\n` +
    `<Url type="application/rss+xml" method="get" template="${escapeXml(`${origin}/search/pins/feed.rss?q={searchTerms}`)}"/>\n` +
    '</OpenSearchDescription>\n'
  );
}
