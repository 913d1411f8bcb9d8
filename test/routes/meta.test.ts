// Instance endpoints: /healthz, /info.json (version, model, defaults, cache figures), /metrics
// (Prometheus text), /robots.txt and /opensearch.xml, with a loaded (fake) model and without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestInstance, type TestInstance } from '../helpers/test-instance.js';
import { FAKE_KNOWN } from '../../demo/fake-catalog.js';
import { parseXml, findAll } from '../views/helpers/xml-check.js';
import { createFakeModel, FAKE_MODEL_SHA256, type FakeModel } from './helpers/fake-model.js';

let inst: TestInstance;
let noModel: TestInstance;
let model: FakeModel;
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  model = createFakeModel();
  inst = await startTestInstance({ model, env: { CORKBOARD_DEFAULT_AI_MODE: 'blur', CORKBOARD_DEFAULT_SENSITIVITY: 'high' } });
  noModel = await startTestInstance({ model: null });
});
afterAll(async () => {
  await Promise.all([inst?.close(), noModel?.close()]);
});

describe('/healthz', () => {
  it('answers 200 with JSON status "ok" once ready with a model', async () => {
    const res = await inst.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { status: string };
    expect(body.status).toBe('ok');
  });

  it('still answers 200 with a JSON status without a model', async () => {
    const res = await noModel.get('/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string };
    expect(typeof body.status).toBe('string');
  });
});

describe('/info.json', () => {
  it('reports version, the model (name, version, sha256), defaults and cache figures', async () => {
    // Some traffic first, so the cache figures have something to count.
    await inst.get(`/pin/${FAKE_KNOWN.pins.image}/`);
    await inst.get(`/pin/${FAKE_KNOWN.pins.image}/`);
    const res = await inst.get('/info.json');
    expect(res.status).toBe(200);
    const info = (await res.json()) as {
      version: string;
      model: { name: string; version: string; sha256: string };
      defaults: Record<string, unknown>;
      caches: Array<{ name: string; entries: number; hits: number; misses: number }>;
    };
    expect(info.version).toBe(PACKAGE_VERSION);
    expect(info.model.name).toBe(model.info.name);
    expect(info.model.version).toBe(model.info.version);
    expect(info.model.sha256).toBe(FAKE_MODEL_SHA256);
    // The instance's defaults as configured, not the built-in ones.
    expect(info.defaults['ai']).toBe('blur');
    expect(info.defaults['sensitivity']).toBe('high');
    expect(Array.isArray(info.caches)).toBe(true);
    expect(info.caches.length).toBeGreaterThan(0);
    for (const c of info.caches) {
      expect(typeof c.name).toBe('string');
      for (const k of ['entries', 'hits', 'misses'] as const) expect(Number.isInteger(c[k]), `${c.name}.${k}`).toBe(true);
    }
    expect(info.caches.reduce((n, c) => n + c.entries, 0)).toBeGreaterThan(0);
    expect(info.caches.reduce((n, c) => n + c.hits, 0)).toBeGreaterThan(0);
  });

  it('without a model, says so instead of inventing one', async () => {
    const info = (await (await noModel.get('/info.json')).json()) as { model: { sha256?: string; loaded?: boolean } | null };
    expect(info.model === null || info.model.sha256 === undefined).toBe(true);
  });
});

describe('/metrics', () => {
  it('is Prometheus text naming request, upstream, cache and scoring metrics', async () => {
    await inst.get(`/search/pins/?q=${encodeURIComponent(FAKE_KNOWN.searchQueries[0]!)}`);
    const res = await inst.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const sampleLines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    // Every sample line is `name{labels} value`.
    for (const l of sampleLines) expect(l).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eEInfNa]+$/);
    const names = new Set(sampleLines.map((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(l)![0]));
    const has = (re: RegExp) => [...names].some((n) => re.test(n));
    expect(has(/http_requests?_total$/), 'request counter').toBe(true);
    expect(has(/upstream.*_total$/), 'upstream counter').toBe(true);
    expect(has(/cache.*_total$/), 'cache counter').toBe(true);
    expect(has(/scor/), 'scoring metric').toBe(true);
    // The traffic above counted: a request sample with a non-zero value.
    expect(sampleLines.some((l) => /http_requests?_total\{/.test(l) && !/ 0$/.test(l))).toBe(true);
  });
});

describe('/robots.txt and /opensearch.xml', () => {
  it('robots.txt is plain text with a User-agent line', async () => {
    const res = await inst.get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/^User-agent: \*/m);
  });

  it('opensearch.xml is well-formed and points at this instance\'s search', async () => {
    const res = await inst.get('/opensearch.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/opensearchdescription\+xml/);
    const root = parseXml(await res.text());
    expect(root.name).toBe('OpenSearchDescription');
    const templates = findAll(root, 'Url').map((u) => u.attrs['template'] ?? '');
    expect(templates).toContain('http://corkboard.test/search/pins/?q={searchTerms}');
    for (const t of templates) expect(t.startsWith('http://corkboard.test/')).toBe(true);
  });
});
