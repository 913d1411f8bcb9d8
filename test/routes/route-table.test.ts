// The one table of this instance's own top-level paths (src/domain/local-routes.ts) against the
// routes the app really registers, both ways, and each entry served at an example path.
import { describe, expect, it } from 'vitest';
import { LOCAL_ROUTES, routeGroup } from '../../src/domain/local-routes.js';
import { isReservedName } from '../../src/links/pinterest-url.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { instanceForFile } from '../helpers/test-instance.js';

const PIN = FAKE_KNOWN.pins.image;
const SIG = 'd41d8cd98f00b204e9800998ecf8427e';

/** One path per table entry that the instance answers with something other than "not found". */
const EXAMPLES: Record<string, string> = {
  pin: `/pin/${PIN}/`,
  search: '/search/pins/?q=forest%20cabin',
  'pin.it': '/pin.it/cork1',
  ideas: '/ideas/',
  today: '/today/',
  go: '/go?url=https%3A%2F%2Fwww.pinterest.com%2Fpin%2F' + PIN + '%2F',
  info: '/info',
  privacy: '/privacy',
  'view-on-pinterest': `/view-on-pinterest?path=%2Fpin%2F${PIN}%2F`,
  img: `/img/236x/d4/1d/8c/${SIG}.jpg`,
  vid: '/vid/videos/iht/hls/d4/1d/8c/' + SIG + '.m3u8',
  static: '/static/style.css',
  'favicon.ico': '/favicon.ico',
  'robots.txt': '/robots.txt',
  'opensearch.xml': '/opensearch.xml',
  settings: '/settings',
  healthz: '/healthz',
  metrics: '/metrics',
  'info.json': '/info.json',
  admin: '/admin',
  'ai-list.txt': '/ai-list.txt',
};

const inst = instanceForFile({ model: null, env: { CORKBOARD_ADMIN_TOKEN: 'a-long-test-token-for-admin' } });

describe('local route table', () => {
  it('lists exactly the first segments the app registers (besides /USER/...)', () => {
    const registered = new Set(
      inst.app.routes
        .map((r) => r.path.split('/')[1] ?? '')
        .filter((s) => s !== '' && s !== '*' && !s.startsWith(':')),
    );
    expect([...registered].sort()).toEqual(LOCAL_ROUTES.map((r) => r.segment).sort());
  });

  it('serves every entry at its example path', async () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(LOCAL_ROUTES.map((r) => r.segment).sort());
    const statuses: Record<string, number> = {};
    for (const [segment, path] of Object.entries(EXAMPLES)) statuses[segment] = (await inst.get(path)).status;
    // /today/ is served as a page that says it is not available (a 404 of its own).
    const unserved = Object.entries(statuses).filter(([seg, s]) => (s === 404 && seg !== 'today') || s >= 500);
    expect(unserved).toEqual([]);
    expect(await (await inst.get(EXAMPLES.today!)).text()).toContain('Today is not available here');
  }, 60_000);

  it('reserves every entry as a non-username and names a metrics group for it', () => {
    for (const r of LOCAL_ROUTES) {
      expect(isReservedName(r.segment)).toBe(true);
      expect(routeGroup(`/${r.segment}/x`)).toBe(r.group);
    }
    expect(routeGroup('/')).toBe('home');
    expect(routeGroup('/someone/feed.rss')).toBe('feed');
    expect(routeGroup('/someone/a-board/')).toBe('profile-or-board');
  });
});
