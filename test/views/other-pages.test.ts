// Home, settings, info, privacy and error pages: forms and field names, the restore link, the
// admin minimum, and the layout's invariants on pages without pins (data-ai-hidden="0").
import { describe, expect, it } from 'vitest';
import { renderErrorPage } from '../../views/pages/error.js';
import { renderHomePage } from '../../views/pages/home.js';
import { renderInfoPage } from '../../views/pages/info.js';
import { renderPrivacyPage } from '../../views/pages/privacy.js';
import { renderSettingsPage, type SettingsPageProps } from '../../views/pages/settings.js';
import { hiddenOnMain, load, pageProblems } from './helpers/html-checks.js';
import { ctx, DEFAULT_PREFS } from './helpers/samples.js';

describe('home page', () => {
  const html = renderHomePage({ ctx: ctx() });
  it('has the search form and the Pinterest-link form as plain GETs', () => {
    expect(pageProblems(html)).toEqual([]);
    expect(hiddenOnMain(html)).toBe(0);
    const $ = load(html);
    expect($('form.search-form--big').attr('action')).toBe('/search/pins/');
    expect($('form.search-form--big input[name="q"]').length).toBe(1);
    expect($('form.go-form').attr('action')).toBe('/go');
    expect($('form.go-form').attr('method')).toBe('get');
    expect($('form.go-form input[name="url"]').length).toBe(1);
    expect($('a[href="/settings"]').length).toBeGreaterThan(0);
    expect($('link[rel="search"]').attr('href')).toBe('/opensearch.xml');
    // Every form control has a label.
    $('input:not([type="hidden"]), select, textarea').each((_, el) => {
      expect($(`label[for="${$(el).attr('id')}"]`).length).toBe(1);
    });
  });
  it('keeps element ids unique (two search forms on one page)', () => {
    const ids = load(html)('[id]').map((_, el) => el.attribs.id).get();
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('settings page', () => {
  const base: SettingsPageProps = {
    ctx: ctx(), prefs: { ...DEFAULT_PREFS, ai: 'blur', badge: true, mute_words: ['cats', 'dogs'], mute_domains: ['example.com'] },
    restoreHref: '/settings/restore?ai=blur&badge=on', feedUrlPattern: 'https://corkboard.example/USER/feed.rss?ai=blur',
    forcedMinimumMode: null, saved: false,
  };

  it('posts every Prefs key under its own name', () => {
    const html = renderSettingsPage(base);
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    const form = $('form.settings-form');
    expect(form.attr('method')).toBe('post');
    expect(form.attr('action')).toBe('/settings');
    const names = new Set(form.find('[name]').map((_, el) => el.attribs.name).get());
    expect([...names].sort()).toEqual(Object.keys(DEFAULT_PREFS).sort());
    expect(form.find('select[name="ai"] option[selected]').attr('value')).toBe('blur');
    expect(form.find('select[name="theme"] option[selected]').attr('value')).toBe('system');
    expect(form.find('textarea[name="mute_words"]').text()).toBe('cats\ndogs');
  });

  it('sends off for an unchecked box through a hidden input placed before the checkbox', () => {
    const $ = load(renderSettingsPage(base));
    for (const name of ['autoplay', 'badge']) {
      const fields = $(`form.settings-form [name="${name}"]`).toArray();
      expect(fields.map((f) => [f.attribs.type, f.attribs.value])).toEqual([['hidden', 'off'], ['checkbox', 'on']]);
    }
    expect($('input[type="checkbox"][name="badge"]').attr('checked')).toBeDefined();
    expect($('input[type="checkbox"][name="autoplay"]').attr('checked')).toBeUndefined();
  });

  it('shows the restore link, the feed pattern and the saved note', () => {
    const $ = load(renderSettingsPage({ ...base, saved: true }));
    expect($('a#restore-link').attr('href')).toBe('/settings/restore?ai=blur&badge=on');
    expect($('.feed-pattern').text()).toBe('https://corkboard.example/USER/feed.rss?ai=blur');
    expect($('[role="status"]').text()).toBe('Settings saved.');
  });

  it('accepts an absolute restore URL but never a script one', () => {
    expect(load(renderSettingsPage({ ...base, restoreHref: 'https://corkboard.example/settings/restore?ai=hide' }))('#restore-link').attr('href'))
      .toBe('https://corkboard.example/settings/restore?ai=hide');
    expect(load(renderSettingsPage({ ...base, restoreHref: 'javascript:alert(1)' }))('#restore-link').length).toBe(0);
  });

  it('announces an AI-free instance and disables modes weaker than its minimum', () => {
    const $ = load(renderSettingsPage({ ...base, forcedMinimumMode: 'blur' }));
    expect($('.notice--instance').text()).toContain('AI-free instance');
    const disabled = $('select[name="ai"] option[disabled]').map((_, o) => o.attribs.value).get();
    expect(disabled).toEqual(['label', 'off']);
    expect(load(renderSettingsPage(base))('select[name="ai"] option[disabled]').length).toBe(0);
  });
});

describe('info, privacy and error pages', () => {
  it('info shows version, model identity, defaults and figures', () => {
    const html = renderInfoPage({
      ctx: ctx(), version: '0.1.0', model: { name: 'Corkboard MNv2', version: '3', sha256: 'ab'.repeat(32) },
      modelStatus: 'loaded', defaults: { ai: 'hide', autoplay: false, mute_words: [] }, figures: { pins_cached: 12, verdicts_cached: null },
    });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    expect($('main').text()).toContain('0.1.0');
    expect($('main').text()).toContain('ab'.repeat(32));
    expect($('table.kv').eq(1).find('tr').map((_, tr) => $(tr).text()).get()).toEqual(['aihide', 'autoplayoff', 'mute_words–']);
  });

  it('info without a model says so', () => {
    const html = renderInfoPage({ ctx: ctx(), version: '0.1.0', model: null, defaults: {}, figures: {} });
    expect(load(html)('table.kv').first().text()).toContain('none loaded');
  });

  it('privacy shows the admin disclosure as text with line breaks', () => {
    const html = renderPrivacyPage({ ctx: ctx(), disclosure: 'Hosted in Iceland.\n<b>No</b> CDN.' });
    expect(pageProblems(html)).toEqual([]);
    expect(load(html)('.disclosure').html()).toBe('Hosted in Iceland.<br>&lt;b&gt;No&lt;/b&gt; CDN.');
  });

  it.each([404, 429, 502, 503, 504])('error %i has its status, a message and a way home', (status) => {
    const html = renderErrorPage({ ctx: ctx(), status, retryAfterSeconds: status === 429 || status === 503 ? 30 : null, retryHref: '/pin/1/' });
    expect(pageProblems(html)).toEqual([]);
    const $ = load(html);
    expect($('.error-status').text()).toBe(`Error ${status}`);
    expect($('h1').text().length).toBeGreaterThan(3);
    expect($('main a[href="/"]').length).toBe(1);
    expect($('main').text().includes('Try again in 30 seconds')).toBe(status === 429 || status === 503);
    expect($('meta[name="robots"]').attr('content')).toContain('noindex');
  });

  it('error takes the route’s own words and ignores a non-local retry link', () => {
    const $ = load(renderErrorPage({ ctx: ctx(), status: 503, title: 'Pinterest is rate-limiting this instance', message: 'Try later.', retryHref: 'https://evil.example/' }));
    expect($('h1').text()).toBe('Pinterest is rate-limiting this instance');
    expect($('main a').map((_, a) => a.attribs.href).get()).toEqual(['/']);
  });
});

describe('layout', () => {
  const $ = load(renderHomePage({ ctx: { ...ctx({ theme: 'light' }), banner: 'Maintenance tonight' } }));
  it('links only local assets: stylesheet, icon, manifest, OpenSearch', () => {
    expect($('link[rel="stylesheet"]').attr('href')).toBe('/static/style.css');
    expect($('link[rel="icon"]').attr('href')).toBe('/static/favicon.png');
    expect($('link[rel="manifest"]').attr('href')).toBe('/static/manifest.webmanifest');
    expect($('link[rel="search"]').attr('type')).toBe('application/opensearchdescription+xml');
    expect($('meta[name="referrer"]').attr('content')).toBe('no-referrer');
  });
  it('has landmarks, a skip link to main, the theme and the banner', () => {
    expect($('html').attr('lang')).toBe('en');
    expect($('html').attr('data-theme')).toBe('light');
    expect($('a.skip-link').attr('href')).toBe('#main');
    expect($('main#main').length).toBe(1);
    expect($('header.site-header nav a').map((_, a) => a.attribs.href).get()).toEqual(['/settings', '/privacy', '/info']);
    expect($('footer').length).toBe(1);
    expect($('.banner').text()).toBe('Maintenance tonight');
    expect($('link[rel="alternate"]').length).toBe(0);
  });
});
