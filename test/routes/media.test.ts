// The media proxy as a table: accepted /img/ and /vid/ paths answer with media, long caching and the
// same path upstream; rejected paths answer 404 and never cause an upstream request. Requests go
// through a real loopback server with raw request-targets, so hostile paths arrive unnormalised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { serveApp, type Served } from './helpers/served.js';
import { foreignReferencesInHtml } from './helpers/checks.js';

/** A signature whose first six hex digits name its folders, as Pinterest's do. */
const SIG = 'abcdef0123456789abcdef0123456789';
const FOLDERS = 'ab/cd/ef';
/** Size folders seen in recorded responses and public code (docs/pinterest-protocol.md §8). */
const SIZES = ['originals', '1200x', '736x', '564x', '550x', '474x', '236x', '222x', '170x', '136x136', '150x150', '60x60', '600x315', '30x30_RS', '75x75_RS', '140x140_RS', '280x280_RS'];
const MIN_LONG_CACHE_S = 30 * 24 * 3600;

let inst: TestInstance;
let srv: Served;
beforeAll(async () => {
  inst = await startTestInstance({ model: null });
  srv = await serveApp(inst.app);
});
afterAll(async () => {
  await srv?.close();
  await inst?.close();
});

function maxAge(cacheControl: string | undefined): number {
  return Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? 0);
}

/** Magic bytes -> image type. */
function sniff(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return null;
}

/**
 * Asserts a rejected path: 404 and not a single request upstream. A raw backslash in the
 * request-target is refused by @hono/node-server itself (a bare 400, before the app runs); browsers
 * never send one (they turn `\` into `/`), so for those 400 is accepted too.
 */
async function expectRejected(target: string): Promise<void> {
  const before = inst.fake.requests.length;
  const res = await srv.raw(target);
  expect(target.includes('\\') ? [400, 404] : [404], target).toContain(res.status);
  expect(inst.fake.requests.slice(before).map((r) => r.path), target).toEqual([]);
}

describe('image proxy: accepted paths', () => {
  const accepted: string[] = [
    ...SIZES.map((size) => `/img/${size}/${FOLDERS}/${SIG}.jpg`),
    `/img/736x/${FOLDERS}/${SIG}.png`,
    `/img/736x/${FOLDERS}/${SIG}.webp`,
    '/img/custom_covers/200x150/9007199254741201_1612345678.jpg',
    '/img/custom_covers/222x/9007199254741203_1612345679.jpg',
    '/img/upload/9007199254741201_board_thumbnail_2021-04-04-05-43-58_1_60.jpg',
    `/img/videos/thumbnails/originals/${FOLDERS}/${SIG}.0000000.jpg`,
  ];

  it.each(accepted)('%s -> 200 image, long cache, same path upstream', async (path) => {
    const before = inst.fake.requests.length;
    const res = await srv.raw(path);
    expect(res.status).toBe(200);
    const type = String(res.headers['content-type'] ?? '');
    expect(type).toMatch(/^image\/(jpeg|png|webp|gif)$/);
    expect(sniff(res.body)).toBe(type);
    expect(maxAge(res.headers['cache-control'] as string | undefined)).toBeGreaterThanOrEqual(MIN_LONG_CACHE_S);
    expect(res.headers['set-cookie']).toBeUndefined();
    const upstream = inst.fake.requests.slice(before);
    expect(upstream.map((r) => r.path)).toEqual([path.slice('/img'.length)]);
  });

  it('a query string is ignored: served, and nothing of it goes upstream', async () => {
    const sig = '0123456789abcdef0123456789abcdef';
    const before = inst.fake.requests.length;
    const res = await srv.raw(`/img/236x/01/23/45/${sig}.jpg?url=http://evil.example/x.jpg&host=evil.example`);
    expect(res.status).toBe(200);
    expect(inst.fake.requests.slice(before).map((r) => r.path)).toEqual([`/236x/01/23/45/${sig}.jpg`]);
  });

  it('an absolute-form request-target naming another host still fetches from the configured origin', async () => {
    const sig = 'fedcba9876543210fedcba9876543210';
    const before = inst.fake.requests.length;
    const res = await srv.raw(`http://evil.example/img/236x/fe/dc/ba/${sig}.jpg`);
    expect(res.status).toBe(200);
    expect(inst.fake.requests.slice(before).map((r) => r.path)).toEqual([`/236x/fe/dc/ba/${sig}.jpg`]);
  });

  it('a second request is served from the cache', async () => {
    const path = `/img/474x/${FOLDERS}/${SIG}.jpg`;
    await srv.raw(path);
    const before = inst.fake.requests.length;
    expect((await srv.raw(path)).status).toBe(200);
    expect(inst.fake.requests.length).toBe(before);
  });
});

describe('image proxy: rejected paths never go upstream', () => {
  const ok = `736x/${FOLDERS}/${SIG}.jpg`;
  const rejected: string[] = [
    // absolute URLs and other hosts in the path
    `/img/https://i.pinimg.com/${ok}`,
    `/img/http://evil.example/${ok}`,
    `/img/https:/evil.example/${ok}`,
    `/img//evil.com/x.jpg`,
    `/img//evil.com/${ok}`,
    `/img///evil.com/${ok}`,
    `/img/evil.example/${ok}`,
    `/img/i.pinimg.com/${ok}`,
    `/img/${ok.replace('736x', 'evil.example:443')}`,
    // userinfo
    `/img/736x@evil.example/${FOLDERS}/${SIG}.jpg`,
    `/img/user:pass@evil.example/${ok}`,
    `/img/@evil.example/${ok}`,
    // backslashes
    `/img/736x\\${FOLDERS.replaceAll('/', '\\')}\\${SIG}.jpg`,
    `/img/\\\\evil.example\\x.jpg`,
    `/img/736x/${FOLDERS}/${SIG}.jpg\\..\\..\\x.jpg`,
    `/img/%5c%5cevil.example%5cx.jpg`,
    `/img/736x%5c${FOLDERS}%5c${SIG}.jpg`,
    // `..` and its encodings (ones that stay under /img/ after URL normalisation)
    `/img/736x/../${FOLDERS}/${SIG}.jpg`,
    `/img/736x/${FOLDERS}/../${SIG}.jpg`,
    `/img/736x/%2e%2e/${FOLDERS}/${SIG}.jpg`,
    `/img/736x/%2E%2E/${FOLDERS}/${SIG}.jpg`,
    `/img/736x/.%2e/${FOLDERS}/${SIG}.jpg`,
    `/img/736x/%252e%252e/${FOLDERS}/${SIG}.jpg`,
    `/img/..%2f..%2fetc%2fpasswd`,
    `/img/736x/${FOLDERS}/..%2f..%2f${SIG}.jpg`,
    `/img/736x%2f..%2f..%2f${FOLDERS}/${SIG}.jpg`,
    `/img/%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
    `/img/736x/${FOLDERS}/${SIG}.jpg%00.png`,
    `/img/736x/${FOLDERS}/${SIG}.jpg%0d%0aX-Injected:%201`,
    // overlong segments
    `/img/736x/${FOLDERS}/${SIG}${'a'.repeat(4000)}.jpg`,
    `/img/${'7'.repeat(300)}x/${FOLDERS}/${SIG}.jpg`,
    `/img/736x/${FOLDERS}/${'0'.repeat(500)}/${SIG}.jpg`,
    `/img/custom_covers/200x150/${'9'.repeat(40)}_1612345678.jpg`,
    // non-hex and wrong-case folders or signatures, folders that do not match the signature
    `/img/736x/zz/cd/ef/${SIG}.jpg`,
    `/img/736x/AB/CD/EF/${SIG.toUpperCase()}.jpg`,
    `/img/736x/12/34/56/${SIG}.jpg`,
    `/img/736x/ab/cd/${SIG}.jpg`,
    `/img/736x/ab/cd/ef/00/${SIG}.jpg`,
    `/img/736x/${FOLDERS}/${SIG.slice(0, 31)}.jpg`,
    `/img/736x/${FOLDERS}/${SIG}0.jpg`,
    `/img/videos/thumbnails/originals/12/34/56/${SIG}.0000000.jpg`,
    // unknown size folders
    `/img/999x/${FOLDERS}/${SIG}.jpg`,
    `/img/user/${FOLDERS}/${SIG}.jpg`,
    // wrong extensions
    `/img/736x/${FOLDERS}/${SIG}.svg`,
    `/img/736x/${FOLDERS}/${SIG}.html`,
    `/img/736x/${FOLDERS}/${SIG}.jpg.html`,
    `/img/736x/${FOLDERS}/${SIG}.php`,
    `/img/736x/${FOLDERS}/${SIG}`,
    `/img/736x/${FOLDERS}/${SIG}.JPG`,
    `/img/custom_covers/200x150/9007199254741201_1612345678.svg`,
    // IPv6, loopback and numeric host forms
    `/img/[::1]/${ok}`,
    `/img/[::ffff:127.0.0.1]/${ok}`,
    `/img/127.0.0.1/${ok}`,
    `/img/127.0.0.1:8080/${ok}`,
    `/img/localhost/${ok}`,
    `/img/0x7f000001/${ok}`,
    `/img/2130706433/${ok}`,
    `/img/169.254.169.254/latest/meta-data`,
    // a query string does not make a bad path good
    `/img/?url=https://i.pinimg.com/${ok}`,
    `/img/x.jpg?url=https://evil.example/x.jpg`,
    // nothing at all
    '/img/',
    '/img',
  ];

  it.each(rejected)('%s -> 404, no upstream request', async (target) => {
    await expectRejected(target);
  });
});

describe('video proxy', () => {
  const mp4 = `/vid/videos/mc/720p/${FOLDERS}/${SIG}.mp4`;

  it('a Range request answers 206 with Content-Range and exactly those bytes', async () => {
    const full = await srv.raw(mp4);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('video/mp4');
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(maxAge(full.headers['cache-control'] as string | undefined)).toBeGreaterThanOrEqual(MIN_LONG_CACHE_S);
    expect(full.body.subarray(4, 8).toString('latin1')).toBe('ftyp');

    const part = await srv.raw(mp4, { range: 'bytes=100-1123' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1123/${full.body.length}`);
    expect(part.body.equals(full.body.subarray(100, 1124))).toBe(true);

    const tail = await srv.raw(mp4, { range: 'bytes=-16' });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(full.body.subarray(full.body.length - 16))).toBe(true);
  });

  it('the visitor\'s Range is the only thing forwarded, and only a single sane range', async () => {
    const before = inst.fake.requests.length;
    await srv.raw(mp4, { range: 'bytes=0-9' });
    const sent = inst.fake.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual([mp4.slice('/vid'.length)]);
    expect(sent[0]!.headers['range']).toBe('bytes=0-9');
  });

  it('HLS playlists are served rewritten: every URI in them is a local /vid/ path', async () => {
    const master = await srv.raw(`/vid/videos/mc/hls/${FOLDERS}/${SIG}.m3u8`);
    expect(master.status).toBe(200);
    expect(String(master.headers['content-type'])).toMatch(/mpegurl/i);
    const masterUris = playlistUris(master.body.toString('utf8'));
    expect(masterUris.length).toBeGreaterThan(0);
    for (const uri of masterUris) expect(uri).toMatch(/^\/vid\/videos\//);

    const variant = await srv.raw(masterUris[0]!);
    expect(variant.status).toBe(200);
    const segments = playlistUris(variant.body.toString('utf8'));
    expect(segments.length).toBeGreaterThan(0);
    for (const uri of segments) expect(uri).toMatch(/^\/vid\/videos\//);

    const segment = await srv.raw(segments[0]!);
    expect(segment.status).toBe(200);
    expect(segment.body[0]).toBe(0x47); // MPEG-TS sync byte
    for (const body of [master.body, variant.body]) expect(body.toString('utf8')).not.toMatch(/https?:|\/\/|pinimg|pinterest/i);
  });

  const vidRejected: string[] = [
    `/vid//evil.com/x.mp4`,
    `/vid/https://v1.pinimg.com/videos/mc/720p/${FOLDERS}/${SIG}.mp4`,
    `/vid/evil.example/videos/mc/720p/${FOLDERS}/${SIG}.mp4`,
    `/vid/videos/mc/720p@evil.example/${FOLDERS}/${SIG}.mp4`,
    `/vid/videos\\mc\\720p\\${FOLDERS.replaceAll('/', '\\')}\\${SIG}.mp4`,
    `/vid/videos/mc/720p/../../${FOLDERS}/${SIG}.mp4`,
    `/vid/videos/mc/%2e%2e/${FOLDERS}/${SIG}.mp4`,
    `/vid/videos/mc/720p/%252e%252e/${FOLDERS}/${SIG}.mp4`,
    `/vid/videos/mc/720p/12/34/56/${SIG}.mp4`,
    `/vid/videos/mc/720p/zz/cd/ef/${SIG}.mp4`,
    `/vid/videos/mc/720p/${FOLDERS}/${SIG}${'_'.repeat(41)}.mp4`,
    `/vid/videos/${'m'.repeat(200)}/720p/${FOLDERS}/${SIG}.mp4`,
    `/vid/videos/mc/720p/${FOLDERS}/${SIG}.html`,
    `/vid/videos/mc/720p/${FOLDERS}/${SIG}.svg`,
    `/vid/videos/mc/720p/${FOLDERS}/${SIG}.mp4.html`,
    `/vid/[::1]/videos/mc/720p/${FOLDERS}/${SIG}.mp4`,
    `/vid/127.0.0.1/videos/mc/720p/${FOLDERS}/${SIG}.mp4`,
    `/vid/736x/${FOLDERS}/${SIG}.jpg`,
    `/vid/?url=https://v1.pinimg.com/videos/mc/720p/${FOLDERS}/${SIG}.mp4`,
    '/vid/',
  ];

  it.each(vidRejected)('%s -> 404, no upstream request', async (target) => {
    await expectRejected(target);
  });

  it('an image path is not a video and a video path is not an image', async () => {
    await expectRejected(`/img/videos/mc/720p/${FOLDERS}/${SIG}.mp4`);
    await expectRejected(`/vid/736x/${FOLDERS}/${SIG}.jpg`);
  });
});

describe('error bodies', () => {
  it('a rejected media path\'s body references nothing outside the instance', async () => {
    const res = await srv.raw(`/img/https://i.pinimg.com/736x/${FOLDERS}/${SIG}.jpg`);
    expect(res.body.toString('utf8')).not.toMatch(/pinimg|pinterest/i);
    expect(foreignReferencesInHtml(res.body.toString('utf8'))).toEqual([]);
  });
});

/** URIs of an HLS playlist: non-comment lines and URI="..." attributes of tags. */
function playlistUris(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const l = line.trim();
    if (!l) continue;
    if (l.startsWith('#')) {
      for (const m of l.matchAll(/URI="([^"]*)"/g)) out.push(m[1]!);
    } else out.push(l);
  }
  return out;
}
