// The two host rules (closed list for recognising Pinterest URLs, broad rule for keeping the
// visitor's browser away from Pinterest), and that the modules which used their own regexes agree.
import { describe, expect, it } from 'vitest';
import {
  PINTEREST_HOST_TLDS, isPinimgHost, isPinterestPageHost, isShortLinkHost, looksLikePinterestHost, reachesPinterest,
} from '../../src/links/pinterest-hosts.js';
import { parsePinterestUrl } from '../../src/links/pinterest-url.js';
import { cleanOutboundLink } from '../../src/links/clean-link.js';
import { safeOutboundLink } from '../../views/safe.js';

const PAGE_HOSTS = PINTEREST_HOST_TLDS.flatMap((tld) => [`pinterest.${tld}`, `www.pinterest.${tld}`, `de.pinterest.${tld}`]);
const LOOKALIKES = ['pinterest.com.evil.com', 'pinterest.evil', 'notpinterest.com', 'pinterest.co.evil.example', 'pinimg.com.evil.net'];

describe('Pinterest hosts', () => {
  it('the closed list takes every listed country host, and no lookalike or non-page subdomain', () => {
    for (const h of PAGE_HOSTS) expect(isPinterestPageHost(h), h).toBe(true);
    for (const h of [...LOOKALIKES, 'api.pinterest.com', 'ads.pinterest.com']) expect(isPinterestPageHost(h), h).toBe(false);
  });

  it('the broad rule covers the closed list, any subdomain, the CDN and short links', () => {
    for (const h of [...PAGE_HOSTS, 'api.pinterest.com', 'a.b.pinterest.co.uk', 'i.pinimg.com', 'v1.pinimg.com', 'pin.it', 'www.pin.it']) {
      expect(reachesPinterest(h), h).toBe(true);
    }
    for (const h of ['example.com', 'pinterest.com.evil.com', 'notpinterest.com']) expect(reachesPinterest(h), h).toBe(false);
    expect(looksLikePinterestHost('pinterest.info')).toBe(true);
    expect(isPinimgHost('i.pinimg.com') && isShortLinkHost('pin.it')).toBe(true);
  });

  it('URL recognition, link cleaning and rendered links agree on every listed host', () => {
    for (const h of PAGE_HOSTS) {
      const url = `https://${h}/pin/9007199254740993/`;
      expect(parsePinterestUrl(url), url).toEqual({ kind: 'pin', id: '9007199254740993' });
      expect(cleanOutboundLink(url), url).toBe('/pin/9007199254740993/');
      expect(safeOutboundLink(url), url).toEqual({ kind: 'local', href: '/pin/9007199254740993/' });
    }
  });

  it('no Pinterest host is ever rendered as an outbound link', () => {
    for (const h of ['pinterest.info', 'www.pinterest.com.au', 'api.pinterest.com', 'i.pinimg.com', 'pin.it']) {
      expect(safeOutboundLink(`https://${h}/x/`)?.kind ?? 'dropped', h).not.toBe('external');
    }
  });
});
