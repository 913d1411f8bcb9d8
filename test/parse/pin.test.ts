import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePinResource, relayToPin, toPin } from '../../src/parse/index.js';
import { DEFAULT_AVATAR } from '../../src/parse/user.js';
import { isUpstreamError } from '../../src/domain/errors.js';
import { catchUpstream, expectNoUpstreamUrls, fixtureJson, variant } from './helpers.js';

const data = (f: string) => (fixtureJson(f) as any).resource_response.data;

describe('PinResource pins (REST)', () => {
  it('an image pin: every field, ids as strings, only local media paths', () => {
    const pin = parsePinResource(fixtureJson('pin-resource-image.json'));
    expect(pin.id).toBe('9007199254740993');
    expect(pin.title).toBe('Lake cabin at dawn');
    expect(pin.description).toBe('A small cabin by the lake. #cabin #cozy-home #lake');
    expect(pin.altText).toBe('a wooden cabin beside a misty lake');
    expect(pin.hashtags).toEqual(['cabin', 'cozy-home', 'lake']);
    expect(pin.link).toBe('https://cabins.example.org/lake-cabin?ref=board');
    expect(pin.domain).toBe('cabins.example.org');
    expect(pin.createdAt).toBe('2021-04-04T05:43:58.000Z');
    expect(pin.saves).toBe(1234);
    expect(pin.commentCount).toBe(7);
    expect(pin.isPromoted).toBe(false);
    expect(pin.digitalMediaSourceType).toBeNull();
    expect(pin.genAiTopics).toBeNull();
    expect(pin.video).toBeNull();
    expect(pin.pinner).toEqual({ username: 'corkboard_demo', fullName: 'Corkboard Demo', avatar: expect.stringMatching(/^\/img\/75x75_RS\//) });
    expect(pin.board).toEqual({ name: 'Forest cabins', path: '/corkboard_demo/forest-cabins/' });
    expect(pin.images).toHaveLength(1);
    const set = pin.images[0]!;
    expect(set.signature).toMatch(/^[0-9a-f]{32}$/);
    // The `170x` key points at the 236x file: one 236x variant, sizes ascending, originals last.
    expect(set.variants.map((v) => v.size)).toEqual(['236x', '474x', '736x', 'originals']);
    for (const v of set.variants) expect(v.path).toBe(`/img/${v.size}/${set.signature!.slice(0, 2)}/${set.signature!.slice(2, 4)}/${set.signature!.slice(4, 6)}/${set.signature}.jpg`);
    expectNoUpstreamUrls(pin);
  });

  it('a carousel pin gives one picture per slot', () => {
    const pin = parsePinResource(fixtureJson('pin-resource-carousel.json'));
    expect(pin.images).toHaveLength(3);
    expect(new Set(pin.images.map((s) => s.signature)).size).toBe(3);
    expect(pin.link).toBe('https://interiors.example.com/cabins?page=2');
    expectNoUpstreamUrls(pin);
  });

  it('an HLS-only video pin: no mp4, the HLS master, a poster and dimensions', () => {
    const pin = parsePinResource(fixtureJson('pin-resource-video-hls-only.json'));
    expect(pin.video).not.toBeNull();
    expect(pin.video!.mp4).toBeNull();
    expect(pin.video!.hls).toMatch(/^\/vid\/videos\/mc\/hls\/[0-9a-f/]+\.m3u8$/);
    expect(pin.video!.poster?.variants[0]?.path).toMatch(/^\/img\/videos\/thumbnails\/originals\//);
    expect([pin.video!.width, pin.video!.height, pin.video!.durationMs]).toEqual([1080, 1920, 14166]);
    expectNoUpstreamUrls(pin);
  });

  it('a video pin with a progressive file prefers V_720P over the expMp4 tiers', () => {
    const raw = data('search-forest-cabin-page1.json').results.find((p: any) => p.id === '9007199254741007');
    const pin = toPin(raw);
    expect(pin.video!.mp4).toMatch(/\/videos\/mc\/720p\/.*\.mp4$/);
    expect(pin.video!.hls).toMatch(/\.m3u8$/);
    const withoutHd = variant(raw, (r) => delete r.videos.video_list.V_720P);
    expect(toPin(withoutHd).video!.mp4).toMatch(/\/expMp4\/.*_t1\.mp4$/);
  });

  it('an Idea pin gives every page picture once, its title from the story metadata', () => {
    const pin = parsePinResource(fixtureJson('pin-resource-ideapin.json'));
    expect(pin.title).toBe('How to build a log cabin');
    expect(pin.images).toHaveLength(3);
    // The third page names only its signature: sized copies are derived (.jpg).
    expect(pin.images[2]!.variants.map((v) => v.size)).toEqual(['236x', '474x', '736x']);
    expectNoUpstreamUrls(pin);
  });

  it('an Idea pin keeps its pages as steps: each page\'s pictures with its paragraph text', () => {
    const pin = parsePinResource(fixtureJson('pin-resource-ideapin.json'));
    expect(pin.steps?.map((s) => s.text)).toEqual(['Step one: choose the logs.', 'Step two: notch the corners so the logs lock together.', '']);
    expect(pin.steps?.map((s) => s.images.map((i) => i.signature))).toEqual([
      ['477f600278ba05338ad0f0d3f5f2f444'], ['ac8f5f18d66a7479bfbe1837d1036fa4'], ['34e6815cc4090556df8f9ebf9876919a'],
    ]);
    // Step pictures are the pictures the AI check sees.
    expect(pin.images.map((i) => i.signature)).toEqual(pin.steps!.flatMap((s) => s.images.map((i) => i.signature)));
    // Relay dialect, blocks typed by __typename, as on pin pages.
    const relay = relayToPin({
      entityId: '9007199254741021', title: 'Bread',
      storyPinData: { pages: [{ blocks: [{ __typename: 'StoryPinParagraphBlock', text: ' Knead for ten minutes. ' }] }] },
    });
    expect(relay.steps).toEqual([{ images: [], text: 'Knead for ten minutes.' }]);
    // No text on any page: no steps (the pictures alone are in images).
    const noText = variant(data('pin-resource-ideapin.json'), (p) => {
      for (const page of p.story_pin_data.pages) page.blocks = page.blocks.filter((b: any) => b.type !== 'story_pin_paragraph_block');
    });
    expect(toPin(noText).steps).toBeUndefined();
    expect(parsePinResource(fixtureJson('pin-resource-image.json')).steps).toBeUndefined();
  });

  it("keeps Pinterest's AI labels raw", () => {
    expect(parsePinResource(fixtureJson('pin-resource-ai-label.json')).digitalMediaSourceType).toBe(11);
    expect(parsePinResource(fixtureJson('pin-resource-gen-ai-topics.json')).genAiTopics).toEqual(['ai_generated_art']);
  });

  it("replaces Pinterest's default avatar with the instance's own", () => {
    const raw = variant(data('pin-resource-image.json'), (p) => {
      p.pinner.image_medium_url = 'https://s.pinimg.com/images/user/default_75.png';
      p.pinner.image_small_url = 'https://s.pinimg.com/images/user/default_30.png';
    });
    expect(toPin(raw).pinner!.avatar).toBe(DEFAULT_AVATAR);
  });

  it('missing optional fields degrade to empty values instead of failing', () => {
    const pin = toPin({ id: '9007199254740993', type: 'pin' });
    expect(pin).toMatchObject({
      id: '9007199254740993', title: '', description: '', altText: '', images: [], video: null, link: null, domain: null,
      createdAt: null, pinner: null, board: null, saves: null, commentCount: null, isPromoted: false,
      digitalMediaSourceType: null, genAiTopics: null, hashtags: [],
    });
  });

  it('fields of the wrong type degrade too', () => {
    const pin = toPin({ id: '1', title: { format: '%s', args: ['x'] }, description: 42, images: 'none', link: 7, pinner: 'me', board: [], created_at: 'soon', digital_media_source_type: { x: 1 } });
    expect([pin.title, pin.description, pin.images, pin.link, pin.pinner, pin.board, pin.createdAt, pin.digitalMediaSourceType]).toEqual(['', '', [], null, null, null, null, null]);
  });

  it('a description of a lone space is empty, then the close-up description is used', () => {
    const raw = variant(data('pin-resource-image.json'), (p) => {
      p.description = ' ';
      p.closeup_unified_description = 'Longer text';
    });
    expect(toPin(raw).description).toBe('Longer text');
  });

  it('falls back to grid_title, then seo_title, for the title; alt text falls back to the title', () => {
    const base = { id: '1', title: '', alt_text: null, auto_alt_text: null };
    expect(toPin({ ...base, grid_title: 'Grid', seo_title: 'Seo' }).title).toBe('Grid');
    expect(toPin({ ...base, grid_title: '', seo_title: 'Seo' }).altText).toBe('Seo');
  });

  it('an upstream image URL that is not a proxied shape never reaches the output', () => {
    const raw = variant(data('pin-resource-image.json'), (p) => {
      p.images = { '236x': { url: 'https://evil.example/236x/aa/bb/cc/x.jpg', width: 236, height: 300 }, '736x': { url: 'https://i.pinimg.com/736x/../../etc/passwd', width: 736 } };
      p.image_signature = null;
    });
    expect(toPin(raw).images).toEqual([]);
  });

  it('a pin without an id fails with the JSON path', () => {
    const e = catchUpstream(() => parsePinResource(variant(fixtureJson('pin-resource-image.json'), (j: any) => {
      delete j.resource_response.data.id;
      delete j.resource_response.data.node_id;
    })), 'bad-shape');
    expect(e.detail.path).toBe('resource_response.data.id');
  });

  it('reads the id from node_id when id is missing', () => {
    expect(toPin({ node_id: 'cGluOjI5ODc4NTc1NjU0MjI4NjU0OA==' }).id).toBe('298785756542286548');
  });

  it('never throws anything but UpstreamError on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          toPin(value);
          relayToPin(value);
        } catch (e) {
          return isUpstreamError(e) && e.kind === 'bad-shape';
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('Relay pins (camelCase)', () => {
  it('reads entityId, imageSpec_* and nested video lists', () => {
    const pin = relayToPin({
      id: 'UGluOjE2NTM2NjYxNzU2MTEwMDQ4NQ==',
      entityId: '9007199254740993',
      gridTitle: 'Relay title',
      autoAltText: 'alt',
      imageSignature: 'd8b3474f5c83be27d058b22508105c50',
      imageSpec_236x: { url: 'https://i.pinimg.com/236x/d8/b3/47/d8b3474f5c83be27d058b22508105c50.jpg', width: 236, height: 236 },
      imageSpec_170x: { url: 'https://i.pinimg.com/236x/d8/b3/47/d8b3474f5c83be27d058b22508105c50.jpg' },
      imageSpec_60x60: { url: 'https://i.pinimg.com/60x60/d8/b3/47/d8b3474f5c83be27d058b22508105c50.jpg' },
      imageSpec_orig: { url: 'https://i.pinimg.com/originals/d8/b3/47/d8b3474f5c83be27d058b22508105c50.jpg', width: 626, height: 626 },
      imageLargeUrl: 'https://i.pinimg.com/1200x/d8/b3/47/d8b3474f5c83be27d058b22508105c50.jpg',
      digitalMediaSourceType: 12,
      aggregatedPinData: { commentCount: 3, aggregatedStats: { saves: 9 } },
      storyPinData: { pages: [{ blocks: [{ __typename: 'StoryPinVideoBlock', blockType: 3, videoData: {
        videoListMobile: { vHLSV3MOBILE: { url: 'https://v1.pinimg.com/videos/iht/hls/26/e2/fa/26e2fa46874c0e6caf8545073902e07d.m3u8', width: 720, height: 1280, duration: 10866 } },
        videoListEXP3: { vEXP3: { url: 'https://v1.pinimg.com/videos/mc/expMp4/26/e2/fa/26e2fa46874c0e6caf8545073902e07d_t1.mp4', width: 720, height: 1280, duration: 10866 } },
        videoList720P: { v720P: { url: 'https://v1.pinimg.com/videos/mc/720p/26/e2/fa/26e2fa46874c0e6caf8545073902e07d.mp4', width: 720, height: 1280, duration: 10866, thumbnail: 'https://i.pinimg.com/videos/thumbnails/originals/26/e2/fa/26e2fa46874c0e6caf8545073902e07d.0000000.jpg' } },
      } }] }] },
    });
    expect(pin.id).toBe('9007199254740993');
    expect(pin.title).toBe('Relay title');
    expect(pin.digitalMediaSourceType).toBe(12);
    expect([pin.saves, pin.commentCount]).toEqual([9, 3]);
    // 60x60 is a square crop, not a size of the full picture.
    expect(pin.images[0]!.variants.map((v) => v.size)).toEqual(['236x', '1200x', 'originals']);
    expect(pin.video!.mp4).toBe('/vid/videos/mc/720p/26/e2/fa/26e2fa46874c0e6caf8545073902e07d.mp4');
    expect(pin.video!.hls).toBe('/vid/videos/iht/hls/26/e2/fa/26e2fa46874c0e6caf8545073902e07d.m3u8');
    expect(pin.video!.durationMs).toBe(10866);
    expectNoUpstreamUrls(pin);
  });

  it('uses the decoded Relay node id when entityId is missing', () => {
    expect(relayToPin({ id: 'UGluOjE2NTM2NjYxNzU2MTEwMDQ4NQ==' }).id).toBe('165366617561100485');
    expect(catchUpstream(() => relayToPin({ title: 'x' }), 'bad-shape').detail.path).toBe('v3GetPinQuery.data.entityId');
  });
});
