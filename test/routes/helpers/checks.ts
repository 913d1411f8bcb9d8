// Contract and privacy checks on whole responses (HTML, CSS, RSS, headers). Each returns a list of
// problems rather than throwing, so one failing assertion shows everything that is wrong at once.
import * as cheerio from 'cheerio';
import { parseXml, type XmlElement } from '../../views/helpers/xml-check.js';

/** The origin route tests reach the instance at (test-instance.ts sends Host: corkboard.test). */
export const ORIGIN = 'http://corkboard.test';

const VERDICTS = ['ai', 'not-ai', 'unsure', 'unscored'];

/** Absolute (`http://`, `https://`) and protocol-relative (`//`) URLs inside any text. */
const URL_IN_TEXT = /(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>()\\,]*/gi;

function isOwnOrigin(url: string, origin: string): boolean {
  const abs = url.startsWith('//') ? `${new URL(origin).protocol}${url}` : url;
  try {
    const u = new URL(abs);
    return u.origin === origin && !u.username && !u.password;
  } catch {
    return false;
  }
}

function relTokens(value: string | undefined): string[] {
  return (value ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** The one allowed way out: an anchor (never a loaded resource) with rel noopener noreferrer nofollow. */
function isOutboundAnchor(tag: string, attr: string, rel: string | undefined, url: string): boolean {
  const r = relTokens(rel);
  return tag === 'a' && attr === 'href' && /^https?:\/\//i.test(url) && ['noopener', 'noreferrer', 'nofollow'].every((t) => r.includes(t));
}

/**
 * Every attribute of every element (src, href, srcset, poster, action, meta content, and all the
 * rest) scanned for absolute or protocol-relative URLs outside `origin`; outbound anchors excepted.
 */
export function foreignReferencesInHtml(html: string, origin = ORIGIN): string[] {
  const problems: string[] = [];
  const $ = cheerio.load(html);
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    for (const [name, value] of Object.entries(el.attribs ?? {})) {
      if (/^\s*(?:javascript|data|vbscript):/i.test(value)) problems.push(`<${el.name} ${name}="${value}">: script or data URL`);
      for (const m of value.matchAll(URL_IN_TEXT)) {
        const url = m[0];
        if (isOwnOrigin(url, origin)) continue;
        if (isOutboundAnchor(el.name, name, el.attribs.rel, url) && m.index === 0 && url === value.trim()) continue;
        problems.push(`<${el.name} ${name}="${value}">: ${url}`);
      }
    }
  });
  return problems;
}

/** Outbound anchors on a page: each must carry rel noopener noreferrer nofollow. */
export function outboundAnchors(html: string, origin = ORIGIN): Array<{ href: string; rel: string[] }> {
  const $ = cheerio.load(html);
  return $('a[href]')
    .toArray()
    .map((el) => ({ href: $(el).attr('href') ?? '', rel: relTokens($(el).attr('rel')) }))
    .filter((a) => /^https?:\/\//i.test(a.href) && !isOwnOrigin(a.href, origin));
}

/** CSS with comments removed, scanned for any absolute or protocol-relative URL and @import. */
export function foreignReferencesInCss(css: string, origin = ORIGIN): string[] {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const problems = [...code.matchAll(URL_IN_TEXT)].map((m) => m[0]).filter((u) => !isOwnOrigin(u, origin)).map((u) => `css: ${u}`);
  if (/@import/i.test(code)) problems.push('css: @import');
  return problems;
}

/**
 * An RSS body: every attribute (namespace declarations excepted: they name, never load) and the
 * text of URL elements must stay on `origin`; the HTML inside <description> is scanned like a page.
 */
export function foreignReferencesInFeed(xml: string, origin = ORIGIN): string[] {
  const problems: string[] = [];
  const walk = (el: XmlElement): void => {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      for (const m of value.matchAll(URL_IN_TEXT)) if (!isOwnOrigin(m[0], origin)) problems.push(`<${el.name} ${name}>: ${m[0]}`);
    }
    const text = el.children.filter((c): c is string => typeof c === 'string').join('');
    if (el.name === 'description' || el.name === 'content:encoded') {
      problems.push(...foreignReferencesInHtml(text, origin).map((p) => `<${el.name}> html ${p}`));
    } else {
      for (const m of text.matchAll(URL_IN_TEXT)) if (!isOwnOrigin(m[0], origin)) problems.push(`<${el.name}> text: ${m[0]}`);
    }
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(parseXml(xml));
  return problems;
}

/** Pinterest's own hosts named anywhere in a body, with a little context for the report. */
export function pinterestHostMentions(body: string): string[] {
  return [...body.matchAll(/pinimg\.com|pinterest\.com/gi)].map((m) => body.slice(Math.max(0, m.index - 60), m.index + 40));
}

/** The security headers every response must carry. */
export function securityHeaderProblems(res: Response): string[] {
  const problems: string[] = [];
  const csp = res.headers.get('content-security-policy');
  if (!csp) problems.push('no Content-Security-Policy');
  else {
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!.toLowerCase(), d.slice(1)]));
    if (directives.get('default-src')?.join(' ') !== "'self'") problems.push(`CSP default-src is not 'self': ${csp}`);
    if (/'unsafe-inline'|'unsafe-eval'/.test(csp)) problems.push(`CSP allows unsafe-inline/eval: ${csp}`);
    if (directives.get('frame-ancestors')?.join(' ') !== "'none'") problems.push(`CSP frame-ancestors is not 'none': ${csp}`);
    for (const [name, sources] of directives) {
      if (sources.some((s) => s === '*' || /^https?:/.test(s) || s.includes('.'))) problems.push(`CSP ${name} allows other origins: ${sources.join(' ')}`);
    }
  }
  if (res.headers.get('referrer-policy') !== 'no-referrer') problems.push(`Referrer-Policy: ${res.headers.get('referrer-policy')}`);
  if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push(`X-Content-Type-Options: ${res.headers.get('x-content-type-options')}`);
  if (!res.headers.get('permissions-policy')) problems.push('no Permissions-Policy');
  return problems;
}

/** The markup contract of every pin element and of <main>. */
export function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const $ = cheerio.load(html);
  const mains = $('main');
  if (mains.length !== 1) problems.push(`${mains.length} <main> elements`);
  else if (!/^\d+$/.test(mains.attr('data-ai-hidden') ?? '')) problems.push(`<main data-ai-hidden="${mains.attr('data-ai-hidden')}">`);
  $('[data-pin-id]').each((_, el) => {
    const id = $(el).attr('data-pin-id') ?? '';
    const verdict = $(el).attr('data-ai-verdict');
    const score = $(el).attr('data-ai-score');
    if (!/^\d{1,25}$/.test(id)) problems.push(`data-pin-id="${id}"`);
    if (!verdict || !VERDICTS.includes(verdict)) problems.push(`pin ${id}: data-ai-verdict="${verdict}"`);
    if (score !== undefined && !/^(?:0(?:\.\d+)?|1(?:\.0+)?)$/.test(score)) problems.push(`pin ${id}: data-ai-score="${score}"`);
  });
  $('[data-ai-verdict], [data-ai-score]').each((_, el) => {
    if ($(el).attr('data-pin-id') === undefined) problems.push(`<${el.type === 'tag' ? el.name : '?'}> has AI attributes without data-pin-id`);
  });
  return problems;
}

export interface PinElement {
  id: string;
  verdict: string | undefined;
  score: string | undefined;
}

export function pinElements(html: string): PinElement[] {
  const $ = cheerio.load(html);
  return $('[data-pin-id]').toArray().map((el) => ({ id: $(el).attr('data-pin-id') ?? '', verdict: $(el).attr('data-ai-verdict'), score: $(el).attr('data-ai-score') }));
}

export function hiddenCount(html: string): number {
  return Number(cheerio.load(html)('main').attr('data-ai-hidden'));
}

/** href of the `rel="next"` link, or null. */
export function nextHref(html: string): string | null {
  const $ = cheerio.load(html);
  const links = $('a[rel~="next"], link[rel~="next"]');
  return links.length ? (links.first().attr('href') ?? null) : null;
}
