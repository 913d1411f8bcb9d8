import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanOutboundLink, linkDomain } from '../../src/links/clean-link.js';

describe('cleanOutboundLink', () => {
  it('keeps an ordinary https link', () => {
    expect(cleanOutboundLink('https://kimsaeed.com/2020/08/12/post/')).toBe('https://kimsaeed.com/2020/08/12/post/');
  });

  it('strips tracking parameters and keeps the others in order', () => {
    expect(
      cleanOutboundLink('https://shop.example/item?id=7&utm_source=pinterest&utm_medium=social&fbclid=x&gclid=y&color=red&msclkid=z&mc_cid=1&mc_eid=2&igshid=3&_hsenc=4&_hsmi=5&yclid=6&dclid=7&ref_src=twsrc&epik=abc'),
    ).toBe('https://shop.example/item?id=7&color=red');
  });

  it('drops an empty query left after stripping and keeps the fragment', () => {
    expect(cleanOutboundLink('https://blog.example/post?utm_campaign=a#part-2')).toBe('https://blog.example/post#part-2');
  });

  it('unwraps Pinterest offsite redirects, then cleans the target', () => {
    const wrapped =
      'https://www.pinterest.com/offsite/?token=422-489&url=https%3A%2F%2Fcabins.example.org%2Flake%3Futm_source%3Dpinterest%26page%3D2&pin=313633561521340110&client_tracking_params=CwAB';
    expect(cleanOutboundLink(wrapped)).toBe('https://cabins.example.org/lake?page=2');
    expect(cleanOutboundLink('http://in.pinterest.com/offsite/?url=http%3A%2F%2Fwww.example.com%2Fhome&shatoken=4ba2')).toBe('http://www.example.com/home');
  });

  it('unwraps nested wrappers up to a limit and refuses endless nesting', () => {
    const inner = 'https://www.google.com/url?q=' + encodeURIComponent('https://target.example/x?fbclid=1');
    expect(cleanOutboundLink('https://www.pinterest.com/offsite/?url=' + encodeURIComponent(inner))).toBe('https://target.example/x');
    let deep = 'https://target.example/';
    for (let i = 0; i < 6; i++) deep = 'https://www.pinterest.com/offsite/?url=' + encodeURIComponent(deep);
    expect(cleanOutboundLink(deep)).toBeNull();
  });

  it('an offsite wrapper around a hostile target gives nothing', () => {
    expect(cleanOutboundLink('https://www.pinterest.com/offsite/?url=' + encodeURIComponent('javascript:alert(1)'))).toBeNull();
    expect(cleanOutboundLink('https://www.pinterest.com/offsite/')).toBeNull();
  });

  it('turns links back into Pinterest into local paths', () => {
    expect(cleanOutboundLink('https://www.pinterest.com/pin/842243567823487634/')).toBe('/pin/842243567823487634/');
    expect(cleanOutboundLink('https://www.pinterest.es/pin/6051780740529050/')).toBe('/pin/6051780740529050/');
    expect(cleanOutboundLink('https://ru.pinterest.com/pin/art-photography--75716837482772720/')).toBe('/pin/75716837482772720/');
    expect(cleanOutboundLink('https://www.pinterest.co.uk/idenconvey/birds/?invite_code=abc&sender=1')).toBe('/idenconvey/birds/');
    expect(cleanOutboundLink('https://pinterest.com/search/pins/?q=nature%20aesthetic&rs=typed')).toBe('/search/pins/?q=nature%20aesthetic');
    expect(cleanOutboundLink('https://pin.it/4XyZabc')).toBe('/pin.it/4XyZabc');
  });

  it('maps Pinterest image links through the media proxy and drops other static hosts', () => {
    const sig = '25042f03473dbb11189c28f71c6d15da';
    expect(cleanOutboundLink(`https://i.pinimg.com/originals/25/04/2f/${sig}.jpg`)).toBe(`/img/originals/25/04/2f/${sig}.jpg`);
    expect(cleanOutboundLink('https://s.pinimg.com/images/user/default_140.png')).toBeNull();
  });

  it('drops credentials from a link', () => {
    expect(cleanOutboundLink('https://bank.example@evil.example/login')).toBe('https://evil.example/login');
    expect(cleanOutboundLink('https://user:pass@site.example/a')).toBe('https://site.example/a');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(document.cookie)'],
    ['  javascript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD4='],
    ['vbscript:msgbox(1)'],
    ['file:///etc/passwd'],
    ['ftp://files.example/x'],
    ['mailto:a@b.example'],
    ['//evil.example/path'],
    ['/relative/path'],
    ['http://'],
    ['https://'],
    ['not a url'],
    [''],
    ['https://exa mple.com/'],
  ])('refuses %j', (input) => {
    expect(cleanOutboundLink(input)).toBeNull();
  });

  it('refuses non-strings and over-long links', () => {
    expect(cleanOutboundLink(null)).toBeNull();
    expect(cleanOutboundLink(undefined)).toBeNull();
    expect(cleanOutboundLink(42)).toBeNull();
    expect(cleanOutboundLink({ url: 'https://a.example' })).toBeNull();
    expect(cleanOutboundLink('https://a.example/' + 'x'.repeat(3000))).toBeNull();
  });

  it('normalises odd but valid input without letting markup through', () => {
    const out = cleanOutboundLink('https://site.example/a"><script>alert(1)</script>');
    expect(out).not.toBeNull();
    expect(out).not.toContain('<');
    expect(out).not.toContain('"');
    expect(cleanOutboundLink('HTTPS://SITE.EXAMPLE/Path')).toBe('https://site.example/Path');
  });

  it('never returns anything but an http(s) URL or a local path (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (s) => {
        const out = cleanOutboundLink(s);
        if (out === null) return true;
        return /^https?:\/\/[^/@\s]+/.test(out) || (out.startsWith('/') && !out.startsWith('//'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('linkDomain', () => {
  it('is the host without www, null for local paths and nothing', () => {
    expect(linkDomain('https://www.freepik.com/premium-photo/x')).toBe('freepik.com');
    expect(linkDomain('/pin/1/')).toBeNull();
    expect(linkDomain(null)).toBeNull();
  });
});
