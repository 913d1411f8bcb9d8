// The image proxy's size fallback: when the asked-for size fails upstream, the next smaller size,
// then the next larger one, is served (briefly cached, and named in a header); upstream trouble
// that is not about the file (rate limit) gets no extra requests.
import { describe, expect, it } from 'vitest';
import { fallbackPaths } from '../../src/media/image-fallback.js';
import { instanceForFile } from '../helpers/test-instance.js';

const SIG = 'abcdef0123456789abcdef0123456789';
const TAIL = `/ab/cd/ef/${SIG}.jpg`;

const inst = instanceForFile({ model: null });

function upstreamImagePaths(): string[] {
  return inst.fake.requests.map((r) => r.path).filter((p) => p.endsWith(TAIL));
}

describe('image size fallback', () => {
  it('names the next smaller, then the next larger size', () => {
    expect(fallbackPaths(`/474x${TAIL}`)).toEqual([`/236x${TAIL}`, `/564x${TAIL}`]);
    expect(fallbackPaths(`/236x${TAIL}`)).toEqual([`/474x${TAIL}`]);
    expect(fallbackPaths(`/originals${TAIL}`)).toEqual([`/1200x${TAIL}`]);
    expect(fallbackPaths(`/75x75_RS${TAIL}`)).toEqual([]);
    expect(fallbackPaths('/custom_covers/200x150/1_2.jpg')).toEqual([]);
  });

  it('serves the next smaller size when the asked-for one is missing', async () => {
    inst.fake.setFault('/474x/', 'status:404');
    inst.fake.requests.length = 0;
    try {
      const res = await inst.get(`/img/474x${TAIL}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\//);
      expect(res.headers.get('x-corkboard-image-size')).toBe('236x');
      expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
      expect(upstreamImagePaths()).toEqual([`/474x${TAIL}`, `/236x${TAIL}`]);
    } finally {
      inst.fake.clearFaults();
    }
  });

  it('then the next larger one; an image that works is served as asked, cached for a year', async () => {
    inst.fake.setFault('/564x/', 'status:403');
    inst.fake.setFault('/474x/', 'status:404');
    try {
      const res = await inst.get(`/img/564x${TAIL}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-corkboard-image-size')).toBe('736x');
    } finally {
      inst.fake.clearFaults();
    }
    const ok = await inst.get(`/img/564x${TAIL}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-corkboard-image-size')).toBeNull();
    expect(ok.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('gives up with the first error when no size works, and never retries a rate limit', async () => {
    for (const size of ['236x', '474x', '564x']) inst.fake.setFault(`/${size}/`, 'status:404');
    try {
      expect((await inst.get(`/img/474x${TAIL.replace('.jpg', '.png')}`)).status).toBe(404);
    } finally {
      inst.fake.clearFaults();
    }
    inst.fake.setFault('/736x/', 'status:429');
    inst.fake.requests.length = 0;
    try {
      const res = await inst.get(`/img/736x${TAIL.replace('.jpg', '.webp')}`);
      expect(res.status).not.toBe(200);
      const asked = inst.fake.requests.map((r) => r.path).filter((p) => p.includes(SIG));
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.filter((p) => !p.startsWith('/736x/'))).toEqual([]);
    } finally {
      inst.fake.clearFaults();
    }
  });
});
