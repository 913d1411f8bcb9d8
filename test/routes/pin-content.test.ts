// What a pin page shows beyond its main picture (issue 17): Idea-pin steps with their pictures and
// text, the comment count with where to read comments, a video without its cover repeated, and an
// HLS-only video played from an MP4 rendition when one exists, else explained with the playlist.
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { instanceForFile } from '../helpers/test-instance.js';

const P = FAKE_KNOWN.pins;
const inst = instanceForFile({ model: null });

async function pinPage(id: string, query = '?ai=off') {
  const res = await inst.get(`/pin/${id}/${query}`);
  expect(res.status).toBe(200);
  return cheerio.load(await res.text());
}

describe('Idea pins', () => {
  it('show each page as a step: its picture, then its text, every picture once', async () => {
    const $ = await pinPage(P.ideaPin);
    const steps = $('.idea-steps > li');
    expect(steps.length).toBe(3);
    expect(steps.eq(0).find('.idea-step__text').text()).toBe('Step one: choose the logs.');
    expect(steps.eq(1).find('.idea-step__text').text()).toBe('Step two: notch the corners so the logs lock together.');
    expect(steps.eq(2).find('.idea-step__text').length).toBe(0);
    steps.each((_, li) => expect($(li).find('img').length).toBe(1));
    // The cover is page one's picture: not shown a second time above the steps.
    const srcs = $('.pin-media img').map((_, img) => $(img).attr('src')).get();
    expect(new Set(srcs.map((s) => s.split('/').pop())).size).toBe(srcs.length);
    expect(srcs.length).toBe(3);
    expect(steps.eq(1).find('img').attr('alt')).toBe('How to build a log cabin, step 2');
  });
});

describe('comments', () => {
  it('give the count and a link to read them on Pinterest, and say why they are not here', async () => {
    const $ = await pinPage(P.image);
    const note = $('.pin-comments');
    expect(note.text()).toMatch(/^\d+ comments?: Pinterest does not show comments to visitors who are not logged in/);
    expect(note.find('a').attr('href')).toBe(`/view-on-pinterest?path=${encodeURIComponent(`/pin/${P.image}/`)}`);
  });
});

describe('video', () => {
  it('a video pin shows the player with its poster, not the cover again as a picture', async () => {
    const $ = await pinPage(P.video);
    expect($('video.pin-video').attr('poster')).toMatch(/^\/img\//);
    expect($('.pin-media img').length).toBe(0);
    expect($('video source[type="video/mp4"]').attr('src')).toMatch(/^\/vid\/videos\/mc\/720p\//);
  });

  it('an HLS-only video plays the MP4 rendition Pinterest has for it', async () => {
    const $ = await pinPage(P.videoHlsOnly);
    const mp4 = $('video source[type="video/mp4"]').attr('src');
    expect(mp4).toMatch(/^\/vid\/videos\/mc\/expMp4\/4d\/4b\/7f\/[0-9a-f]{32}_720w\.mp4$/);
    expect($('.pin-figure figcaption a[download]').attr('href')).toBe(mp4);
    const file = await inst.get(mp4!, { range: 'bytes=0-1' });
    expect(file.status).toBe(206);
    expect(file.headers.get('content-type')).toBe('video/mp4');
  });

  it('without an MP4 rendition it says why it may not play and links the playlist', async () => {
    inst.fake.setFault('/videos/mc/expMp4/', 'status:404');
    try {
      // Another query: the first rendering may sit in the rendered-page cache.
      const $ = await pinPage(P.videoHlsOnly, '?ai=off&v=2');
      expect($('video source[type="video/mp4"]').length).toBe(0);
      expect($('video source').attr('type')).toBe('application/vnd.apple.mpegurl');
      const caption = $('.pin-figure figcaption');
      expect(caption.text()).toMatch(/only as an HLS stream/);
      expect(caption.find('a').attr('href')).toMatch(/^\/vid\/videos\/mc\/hls\/.*\.m3u8$/);
    } finally {
      inst.fake.clearFaults();
    }
  });
});
