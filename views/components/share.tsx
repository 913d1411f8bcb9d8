// Sharing a page: link-preview tags (Open Graph and Twitter card) and a canonical link for <head>,
// and, in the page, a "View on Pinterest" link and the page's address in a read-only field that
// is easy to select and copy without JavaScript. Every URL here is on this instance: the Pinterest
// link goes through a local redirect (/view-on-pinterest?path=...), so no page names Pinterest and
// the visitor's browser only goes there when they click.
import { cleanText, safeLocalPath } from '../safe.js';

export interface ShareInfo {
  /** This page's canonical absolute URL on the instance, e.g. `https://cork.example/pin/1/`. */
  url: string;
  title: string;
  description: string;
  /** Absolute URL of the preview picture, served by this instance's image proxy; null for none. */
  image: string | null;
  imageAlt?: string;
  /** og:type: a pin is an article, a profile a profile, a board a website. */
  type: 'article' | 'profile' | 'website';
  siteName: string;
  /** Local redirect to the same page on Pinterest, e.g. `/view-on-pinterest?path=%2Fpin%2F1%2F`; null for none. */
  viewOnPinterestHref: string | null;
}

/** Preview text is cut to what chat apps show. */
const MAX_DESCRIPTION = 200;

function short(text: string): string {
  const t = cleanText(text).replace(/\s+/g, ' ').trim();
  return t.length > MAX_DESCRIPTION ? `${t.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : t;
}

/** Only http(s) URLs go into the tags (they are built by the route from the instance's origin). */
function absolute(url: string | null | undefined): string | null {
  return typeof url === 'string' && /^https?:\/\/[^\s"<>]+$/.test(url) ? url : null;
}

export function ShareMeta({ share }: { share: ShareInfo }) {
  const url = absolute(share.url);
  const image = absolute(share.image);
  const title = short(share.title) || cleanText(share.siteName);
  const description = short(share.description);
  return (
    <>
      {url ? <link rel="canonical" href={url} /> : null}
      <meta property="og:site_name" content={cleanText(share.siteName)} />
      <meta property="og:type" content={share.type} />
      <meta property="og:title" content={title} />
      {description ? <meta property="og:description" content={description} /> : null}
      {url ? <meta property="og:url" content={url} /> : null}
      {image ? <meta property="og:image" content={image} /> : null}
      {image && share.imageAlt ? <meta property="og:image:alt" content={short(share.imageAlt)} /> : null}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      {description ? <meta name="twitter:description" content={description} /> : null}
      {image ? <meta name="twitter:image" content={image} /> : null}
    </>
  );
}

export function ShareLinks({ share, what }: { share: ShareInfo; what: string }) {
  const url = absolute(share.url);
  const pinterest = safeLocalPath(share.viewOnPinterestHref);
  if (!url && !pinterest) return null;
  return (
    <div class="share">
      {url ? (
        <p class="share__copy">
          <label for="share-url">Link to this {what}</label>
          <input id="share-url" class="share__url" type="text" readonly value={url} />
        </p>
      ) : null}
      {pinterest ? (
        <p class="share__pinterest">
          <a href={pinterest} rel="nofollow noreferrer" referrerpolicy="no-referrer">View on Pinterest</a>
        </p>
      ) : null}
    </div>
  );
}
