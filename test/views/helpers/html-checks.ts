// Page-wide invariants every rendered page must keep: no script, no style attribute or element,
// no event handlers, every URL same-origin (outbound <a rel~=external> links excepted), one <main>
// with an integer data-ai-hidden. Returns the list of problems so a test shows them all.
import * as cheerio from 'cheerio';

const URL_ATTRS = ['src', 'href', 'action', 'poster', 'srcset', 'formaction', 'data', 'manifest', 'background', 'cite'];

export function load(html: string): cheerio.CheerioAPI {
  return cheerio.load(html);
}

function isLocal(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');
}

export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html>')) problems.push('missing doctype');
  if (/<script/i.test(html)) problems.push('a <script> in the markup');
  if (/<style/i.test(html)) problems.push('a <style> element');
  const $ = cheerio.load(html);
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    const attrs = el.attribs ?? {};
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'style') problems.push(`style attribute on <${el.name}>`);
      if (/^on/i.test(name)) problems.push(`event handler ${name} on <${el.name}>`);
      if (!URL_ATTRS.includes(name)) continue;
      const urls = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value.trim()];
      for (const url of urls) {
        if (/^\s*(javascript|data|vbscript):/i.test(url)) problems.push(`${name}=${url} on <${el.name}>`);
        if (isLocal(url) || url.startsWith('#')) continue;
        const rel = (attrs.rel ?? '').split(/\s+/);
        const outbound = el.name === 'a' && name === 'href' && rel.includes('external') && /^https?:\/\//.test(url);
        // The canonical address is absolute (the instance's own public URL); browsers never fetch it.
        const canonical = el.name === 'link' && name === 'href' && rel.includes('canonical') && /^https?:\/\//.test(url);
        if (canonical) {
          if (/(^|\.)(pinterest\.|pinimg\.com)/i.test(new URL(url).hostname)) problems.push(`canonical link to Pinterest: ${url}`);
          continue;
        }
        if (!outbound) problems.push(`non-local ${name}="${url}" on <${el.name}>`);
        if (outbound) {
          if (!rel.includes('noopener') || !rel.includes('noreferrer') || !rel.includes('nofollow')) problems.push(`outbound link without rel noopener noreferrer nofollow: ${url}`);
          if (attrs.referrerpolicy !== 'no-referrer') problems.push(`outbound link without referrerpolicy: ${url}`);
          if (/(^|\.)(pinterest\.|pinimg\.com)/i.test(new URL(url).hostname)) problems.push(`outbound link to Pinterest: ${url}`);
        }
      }
    }
  });
  const mains = $('main');
  if (mains.length !== 1) problems.push(`${mains.length} <main> elements`);
  else if (!/^\d+$/.test(mains.attr('data-ai-hidden') ?? '')) problems.push('main without integer data-ai-hidden');
  return problems;
}

/** The contract attributes of every element carrying data-pin-id, in document order. */
export function pinElements(html: string): Array<{ id: string; verdict: string | undefined; score: string | undefined; tag: string }> {
  const $ = cheerio.load(html);
  return $('[data-pin-id]').toArray().map((el) => ({
    id: $(el).attr('data-pin-id') ?? '',
    verdict: $(el).attr('data-ai-verdict'),
    score: $(el).attr('data-ai-score'),
    tag: el.tagName,
  }));
}

export function hiddenOnMain(html: string): number {
  return Number(cheerio.load(html)('main').attr('data-ai-hidden'));
}
