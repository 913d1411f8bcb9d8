// What a page needs to be shared: its canonical absolute URL and preview picture on this instance
// (built from the public origin, as the feeds build theirs), and the local redirect to the same
// page on Pinterest. The redirect route lives in url-forms.ts.
import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { ImageSet } from '../domain/types.js';
import { localPathToPinterestUrl } from '../links/pinterest-url.js';
import { publicOrigin } from '../web/request-context.js';
import { pickVariant } from '../../views/images.js';
import type { ShareInfo } from '../../views/components/share.js';

/** Link previews want a large picture; 736x is Pinterest's largest sized copy below the original. */
const PREVIEW_WIDTH = 736;

function viewOnPinterestHref(localPath: string): string | null {
  return localPathToPinterestUrl(localPath) ? `/view-on-pinterest?path=${encodeURIComponent(localPath)}` : null;
}

export function shareInfo(
  c: Context,
  deps: Deps,
  page: { path: string; title: string; description: string; image: ImageSet | string | null; imageAlt?: string; type: ShareInfo['type'] },
): ShareInfo {
  const origin = publicOrigin(c, deps.config);
  const imagePath = typeof page.image === 'string' ? page.image : pickVariant(page.image, PREVIEW_WIDTH, PREVIEW_WIDTH)?.path ?? null;
  return {
    url: `${origin}${page.path}`,
    title: page.title,
    description: page.description,
    // Only the instance's own image proxy: never the default avatar or another static file.
    image: imagePath && imagePath.startsWith('/img/') ? `${origin}${imagePath}` : null,
    imageAlt: page.imageAlt,
    type: page.type,
    siteName: deps.config.server.instanceName,
    viewOnPinterestHref: viewOnPinterestHref(page.path),
  };
}
