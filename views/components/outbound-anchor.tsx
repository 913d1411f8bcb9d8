// A link that leaves the instance (or, for a Pinterest link, its local mirror). External links
// carry rel="noopener noreferrer nofollow external" and no referrer, so the site learns nothing.
import type { OutboundLink } from '../safe.js';
import { cleanText } from '../safe.js';

export interface OutboundAnchorProps {
  link: OutboundLink;
  /** Link text; defaults to the host (external) or the path (local). */
  text?: string;
}

export function OutboundAnchor({ link, text }: OutboundAnchorProps) {
  if (link.kind === 'local') return <a href={link.href}>{cleanText(text) || link.href}</a>;
  return (
    <a class="outbound" href={link.href} rel="noopener noreferrer nofollow external" referrerpolicy="no-referrer">
      {cleanText(text) || link.host}
    </a>
  );
}
