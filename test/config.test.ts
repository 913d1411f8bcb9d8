// Tests for src/config.ts: defaults, per-variable validation, freezing, and .env.example parity.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, findUnknownVariables, loadConfig, stricterAiMode } from '../src/config.js';

describe('loadConfig defaults', () => {
  const c = loadConfig({});

  it('uses the contract defaults', () => {
    expect(c.server.port).toBe(8080);
    expect(c.server.host).toBe('0.0.0.0');
    expect(c.server.publicUrl).toBeNull();
    expect(c.upstream.www).toBe('https://www.pinterest.com');
    expect(c.upstream.images).toBe('https://i.pinimg.com');
    expect(c.upstream.videos).toBe('https://v1.pinimg.com');
    expect(c.upstream.shortlinks).toBe('https://api.pinterest.com');
    expect(c.defaults.ai).toBe('hide');
    expect(c.defaults.minAi).toBe('off');
  });

  it('resolves the default model against the project root, not the working directory', () => {
    const root = path.resolve(import.meta.dirname, '..');
    expect(c.model.manifestPath).toBe(path.join(root, 'models/default/manifest.json'));
    expect(loadConfig({}, { cwd: '/somewhere/else' }).model.manifestPath).toBe(c.model.manifestPath);
  });

  it('resolves a given model path against cwd', () => {
    expect(loadConfig({ CORKBOARD_MODEL: 'my/m.json' }, { cwd: '/srv/cork' }).model.manifestPath).toBe('/srv/cork/my/m.json');
    expect(loadConfig({ CORKBOARD_MODEL: '/abs/m.json' }).model.manifestPath).toBe('/abs/m.json');
  });

  it('has the documented defaults for the rest', () => {
    expect(c.server.instanceName).toBe('Corkboard');
    expect(c.server.privacyText).toBeNull();
    expect(c.server.trustProxy).toBe(false);
    expect(c.defaults).toMatchObject({ sensitivity: 'medium', theme: 'system', size: 'medium', autoplay: false, badge: false });
    expect(c.features).toEqual({ feeds: true, videoProxy: true });
    expect(c.log).toEqual({ level: 'info', debug: false });
    expect(c.cache.ttlMs).toBe(600_000);
    expect(c.upstream.maxImageBytes).toBe(20 * 1024 * 1024);
  });

  it('treats empty and blank values as unset', () => {
    const e = loadConfig({ PORT: '', CORKBOARD_PUBLIC_URL: '  ', CORKBOARD_DEFAULT_AI_MODE: '' });
    expect(e.server.port).toBe(8080);
    expect(e.server.publicUrl).toBeNull();
    expect(e.defaults.ai).toBe('hide');
  });

  it('describeConfig defaults parse to the same config as no env at all', () => {
    const env = Object.fromEntries(describeConfig().map((v) => [v.name, v.default]));
    expect(loadConfig(env)).toEqual(c);
  });
});

describe('loadConfig parsing', () => {
  it('parses good values', () => {
    const c = loadConfig({
      PORT: '3000',
      HOST: '::',
      CORKBOARD_PUBLIC_URL: 'https://cork.example.org/',
      CORKBOARD_UPSTREAM_WWW: 'http://127.0.0.1:9999',
      CORKBOARD_DEFAULT_AI_MODE: 'BLUR',
      CORKBOARD_DEFAULT_AUTOPLAY: 'yes',
      CORKBOARD_FEEDS: 'off',
      CORKBOARD_UPSTREAM_TIMEOUT_MS: '5s',
      CORKBOARD_CACHE_TTL_S: '90',
      CORKBOARD_CACHE_STALE_S: '2h',
      CORKBOARD_PRIVACY_TEXT: 'Run by Alice.\\nNo logs.',
      CORKBOARD_LOG_LEVEL: 'debug',
      CORKBOARD_CACHE_IMAGES_MB: '0',
    });
    expect(c.server.port).toBe(3000);
    expect(c.server.host).toBe('::');
    expect(c.server.publicUrl).toBe('https://cork.example.org');
    expect(c.upstream.www).toBe('http://127.0.0.1:9999');
    expect(c.defaults.ai).toBe('blur');
    expect(c.defaults.autoplay).toBe(true);
    expect(c.features.feeds).toBe(false);
    expect(c.upstream.timeoutMs).toBe(5000);
    expect(c.cache.ttlMs).toBe(90_000);
    expect(c.cache.staleMs).toBe(7_200_000);
    expect(c.server.privacyText).toBe('Run by Alice.\nNo logs.');
    expect(c.log).toEqual({ level: 'debug', debug: true });
    expect(c.cache.imagesBytes).toBe(0);
  });

  it('raises the default AI mode to the forced minimum', () => {
    expect(loadConfig({ CORKBOARD_DEFAULT_AI_MODE: 'label', CORKBOARD_MIN_AI_MODE: 'hide' }).defaults.ai).toBe('hide');
    expect(loadConfig({ CORKBOARD_DEFAULT_AI_MODE: 'hide', CORKBOARD_MIN_AI_MODE: 'label' }).defaults.ai).toBe('hide');
    expect(loadConfig({ CORKBOARD_DEFAULT_AI_MODE: 'off', CORKBOARD_MIN_AI_MODE: 'blur' }).defaults.ai).toBe('blur');
  });

  it('orders AI modes off < label < blur < hide', () => {
    expect(stricterAiMode('off', 'label')).toBe('label');
    expect(stricterAiMode('blur', 'label')).toBe('blur');
    expect(stricterAiMode('blur', 'hide')).toBe('hide');
    expect(stricterAiMode('off', 'off')).toBe('off');
  });
});

// One bad value per variable; every variable must appear here (checked below).
const BAD_VALUES: Record<string, string[]> = {
  PORT: ['0', '65536', 'eighty', '80.5', '-1'],
  HOST: ['bad host', 'example.com/path', 'a:b:c/x'],
  CORKBOARD_PUBLIC_URL: ['cork.example', 'ftp://cork.example', 'https://cork.example/sub', 'https://u:p@cork.example', 'https://cork.example?x=1'],
  CORKBOARD_PUBLIC_HOSTS: ['https://cork.example', 'cork.example/path', 'cork.example:0', 'cork.example:70000', 'bad host', ',', 'evil.example@cork.example'],
  CORKBOARD_INSTANCE_NAME: ['x'.repeat(65), 'tab\there'],
  CORKBOARD_PRIVACY_TEXT: ['y'.repeat(4001), 'bell\u0007'],
  CORKBOARD_TRUST_PROXY: ['maybe'],
  CORKBOARD_MAX_INFLIGHT: ['0', 'lots'],
  CORKBOARD_UPSTREAM_WWW: ['www.pinterest.com', 'https://www.pinterest.com/api', 'javascript:alert(1)'],
  CORKBOARD_UPSTREAM_IMAGES: ['i.pinimg.com', 'https://i.pinimg.com/x/'],
  CORKBOARD_UPSTREAM_VIDEOS: ['file:///etc/passwd'],
  CORKBOARD_UPSTREAM_SHORTLINKS: ['https://api.pinterest.com#frag'],
  CORKBOARD_UPSTREAM_TIMEOUT_MS: ['10', 'soon', '5 minutes', '-5'],
  CORKBOARD_UPSTREAM_CONCURRENCY: ['0', '1000'],
  CORKBOARD_UPSTREAM_RETRIES: ['6', 'x'],
  CORKBOARD_MAX_IMAGE_MB: ['0', '1e3'],
  CORKBOARD_MODEL: ['models/default/model.onnx', 'bad\0.json'],
  CORKBOARD_SCORE_BUDGET_MS: ['2m', 'fast'],
  CORKBOARD_SCORE_QUEUE: ['-1', '1000000'],
  CORKBOARD_SCORE_THREADS: ['0', '65'],
  CORKBOARD_TOPUP_PAGES: ['11', 'all'],
  CORKBOARD_TOPUP_MS: ['2h'],
  CORKBOARD_CACHE_PAGES_MB: ['big', '1.5'],
  CORKBOARD_CACHE_IMAGES_MB: ['-3'],
  CORKBOARD_CACHE_VERDICTS_ENTRIES: ['many'],
  CORKBOARD_CACHE_TTL_S: ['8d', '1y'],
  CORKBOARD_CACHE_STALE_S: ['forever'],
  CORKBOARD_DEFAULT_AI_MODE: ['strict', 'hidden'],
  CORKBOARD_MIN_AI_MODE: ['none'],
  CORKBOARD_DEFAULT_SENSITIVITY: ['max'],
  CORKBOARD_DEFAULT_THEME: ['blue'],
  CORKBOARD_DEFAULT_SIZE: ['huge'],
  CORKBOARD_DEFAULT_AUTOPLAY: ['sometimes'],
  CORKBOARD_DEFAULT_BADGE: ['2'],
  CORKBOARD_DEFAULT_CONTEXT: ['sometimes'],
  CORKBOARD_AI_LISTS: ['a\0b'],
  CORKBOARD_AI_LIST_URLS: ['http://cork.example/ai-list.txt', 'cork.example/ai-list.txt', 'https://u:p@cork.example/ai-list.txt', 'ftp://cork.example/x'],
  CORKBOARD_AI_LIST_REFRESH_S: ['10', 'hourly'],
  CORKBOARD_AI_LIST_MAX_KB: ['0', 'big'],
  CORKBOARD_AI_LIST_TIMEOUT_MS: ['5', 'slow'],
  CORKBOARD_CONTEXT_MIN_DECISIVE: ['0', 'three'],
  CORKBOARD_CONTEXT_MIN_SHARE: ['0', '101', '0.5'],
  CORKBOARD_REPUTATION_ENTRIES: ['0'],
  CORKBOARD_REPUTATION_TTL_S: ['30', 'forever'],
  CORKBOARD_REPORTS_PER_PIN: ['0'],
  CORKBOARD_REPORTS_PER_HOUR: ['none'],
  CORKBOARD_ADMIN_TOKEN: ['short', 'sixteen chars\u0007xyz'],
  CORKBOARD_DATA_DIR: ['a\0b'],
  CORKBOARD_FEEDS: ['enabled'],
  CORKBOARD_VIDEO_PROXY: ['nope'],
  CORKBOARD_LOG_LEVEL: ['verbose', 'trace'],
  CORKBOARD_REDIS_URL: ['localhost:6379', 'http://cache:6379', 'redis://', 'redis://cache:6379/zero', 'redis://:secret@cache/1?x=1'],
  CORKBOARD_REDIS_TIMEOUT_MS: ['5', '1m', 'quick'],
  CORKBOARD_REDIS_IMAGE_MAX_KB: ['-1', 'big', '70000'],
  CORKBOARD_UPSTREAM_RPS: ['-2', '1.5', '10001'],
  CORKBOARD_WORKERS: ['0', 'all', '257', '2.5'],
};

describe('CORKBOARD_PUBLIC_HOSTS', () => {
  it('reads a list of hosts with optional ports, lower-cased, without duplicates', () => {
    expect(loadConfig({}).server.publicHosts).toEqual([]);
    expect(loadConfig({ CORKBOARD_PUBLIC_HOSTS: 'Cork.Example, cork.lan:8080,[::1]:8080,cork.example' }).server.publicHosts).toEqual(['cork.example', 'cork.lan:8080', '[::1]:8080']);
  });
});

describe('loadConfig validation', () => {
  it('has a bad-value case for every documented variable', () => {
    expect(Object.keys(BAD_VALUES).sort()).toEqual(describeConfig().map((v) => v.name).sort());
  });

  const cases = Object.entries(BAD_VALUES).flatMap(([name, values]) => values.map((value) => [name, value] as const));
  it.each(cases)('%s=%j throws a ConfigError naming it', (name, value) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.variable).toBe(name);
    expect(err.message.startsWith(`${name}: expected `)).toBe(true);
  });

  it('lists unknown CORKBOARD_ variables (typos) without throwing', () => {
    expect(findUnknownVariables({ CORKBOARD_DEFAULT_AI_MOD: 'off', CORKBOARD_FEEDS: 'on', PATH: '/bin' })).toEqual(['CORKBOARD_DEFAULT_AI_MOD']);
  });
});

describe('scale-out variables', () => {
  it('parse store URLs, workers and the upstream rate', () => {
    const c = loadConfig({
      CORKBOARD_REDIS_URL: 'rediss://:s3cret@cache.internal:6380/2',
      CORKBOARD_REDIS_TIMEOUT_MS: '1s',
      CORKBOARD_REDIS_IMAGE_MAX_KB: '0',
      CORKBOARD_UPSTREAM_RPS: '20',
      CORKBOARD_WORKERS: 'auto',
    }, { cores: 6 });
    expect(c.scale).toEqual({ redisUrl: 'rediss://:s3cret@cache.internal:6380/2', storeTimeoutMs: 1000, storeImageMaxBytes: 0, upstreamRps: 20, workers: 6 });
    const d = loadConfig({});
    expect(d.scale).toEqual({ redisUrl: null, storeTimeoutMs: 250, storeImageMaxBytes: 512 * 1024, upstreamRps: 0, workers: 1 });
  });

  it('never repeats a bad store URL, which may hold a password', () => {
    expect(() => loadConfig({ CORKBOARD_REDIS_URL: 'http://:hunter2@cache:6379' })).toThrow(ConfigError);
    try {
      loadConfig({ CORKBOARD_REDIS_URL: 'http://:hunter2@cache:6379' });
    } catch (e) {
      expect((e as Error).message).toContain('CORKBOARD_REDIS_URL');
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('loadConfig result', () => {
  it('is deeply frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.server)).toBe(true);
    expect(Object.isFrozen(c.defaults)).toBe(true);
    expect(() => {
      (c.server as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(c.server.port).toBe(8080);
  });
});

describe('.env.example', () => {
  const text = readFileSync(path.resolve(import.meta.dirname, '../.env.example'), 'utf8');
  // Lines like "# NAME=value" or "NAME=value".
  const entries = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({ name: m[1]!, value: m[2]! }));

  it('lists exactly the variables describeConfig documents, once each', () => {
    const names = entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(describeConfig().map((v) => v.name).sort());
  });

  it('shows each default and a comment line above it', () => {
    const lines = text.split('\n');
    for (const v of describeConfig()) {
      expect(entries.find((e) => e.name === v.name)?.value).toBe(v.default);
      const i = lines.findIndex((l) => l.replace(/^#\s*/, '').startsWith(`${v.name}=`));
      expect(lines[i - 1]?.startsWith('# ')).toBe(true);
    }
  });
});
