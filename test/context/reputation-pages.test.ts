// Done when (issue 16, part 1): a pinner whose 3 pins carry Pinterest's AI label gets its other
// pins judged by that record on a later search page, with the evidence on the pin page; a pinner
// with one labelled pin among ten real ones is unaffected; the visitor's setting turns it off.
import { afterEach, describe, expect, it } from 'vitest';
import { fixedModel, startContextInstance, type ContextInstance } from './helpers/context-instance.js';
import { makePin } from './helpers/pin-upstream.js';

const TIMEOUT = 60_000;

/** data-ai-verdict of every pin in a page, by id. */
function verdicts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/data-pin-id="(\d+)"[^>]*?data-ai-verdict="([a-z-]+)"/g)) out.set(m[1]!, m[2]!);
  return out;
}

function scenario(instance: ContextInstance) {
  const labelled = [0, 1, 2].map((i) => makePin(`studio labelled ${i}`, { username: 'ai_studio', board: 'dreamy', labelled: true }));
  const studioLater = [0, 1, 2, 3].map((i) => makePin(`studio plain ${i}`, { username: 'ai_studio', board: 'dreamy' }));
  const artist = [makePin('artist repost', { username: 'human_artist', board: 'sketches', labelled: true }),
    ...Array.from({ length: 10 }, (_, i) => makePin(`artist own ${i}`, { username: 'human_artist', board: 'sketches' }))];
  const artistLater = Array.from({ length: 3 }, (_, i) => makePin(`artist later ${i}`, { username: 'human_artist', board: 'sketches' }));
  instance.upstream.searches.set('first', [...labelled, ...artist]);
  instance.upstream.searches.set('later', [...studioLater, ...artistLater]);
  return { labelled, studioLater, artist, artistLater };
}

let instance: ContextInstance | null = null;
afterEach(async () => {
  await instance?.close();
  instance = null;
});

describe('reputation from what the instance has seen', () => {
  it('3 labelled pins make the pinner’s other pins unsure; one labelled pin among ten real ones does not', { timeout: TIMEOUT }, async () => {
    instance = await startContextInstance({ model: fixedModel(0.1) });
    const s = scenario(instance);
    const first = await (await instance.get('/search/pins/?q=first&ai=label')).text();
    const v1 = verdicts(first);
    for (const p of s.labelled) expect(v1.get(p.id)).toBe('ai');
    expect(v1.get(s.artist[0]!.id)).toBe('ai');
    for (const p of s.artist.slice(1)) expect(v1.get(p.id)).toBe('not-ai');

    const later = await (await instance.get('/search/pins/?q=later&ai=label')).text();
    const v2 = verdicts(later);
    for (const p of s.studioLater) expect(v2.get(p.id)).toBe('unsure');
    for (const p of s.artistLater) expect(v2.get(p.id)).toBe('not-ai');

    const pinPage = await (await instance.get(`/pin/${s.studioLater[0]!.id}/?ai=label`)).text();
    expect(pinPage).toMatch(/data-ai-verdict="unsure"/);
    // 3 labelled + 4 plain pins seen from this account.
    expect(pinPage).toContain('3 of the 7 pins from this account seen here are labelled AI by Pinterest');
    const artistPage = await (await instance.get(`/pin/${s.artistLater[0]!.id}/?ai=label`)).text();
    expect(artistPage).toMatch(/data-ai-verdict="not-ai"/);
    expect(artistPage).not.toContain('from this account seen here');
  });

  it('context with a model score at or over the label threshold makes it ai', { timeout: TIMEOUT }, async () => {
    instance = await startContextInstance({ model: fixedModel(0.85) });
    const s = scenario(instance);
    await instance.get('/search/pins/?q=first&ai=label');
    const v = verdicts(await (await instance.get('/search/pins/?q=later&ai=label')).text());
    for (const p of s.studioLater) expect(v.get(p.id)).toBe('ai');
    // The model alone says unsure; the artist's one labelled repost changes nothing.
    for (const p of s.artistLater) expect(v.get(p.id)).toBe('unsure');
  });

  it('the visitor setting context=off leaves the record out', { timeout: TIMEOUT }, async () => {
    instance = await startContextInstance({ model: fixedModel(0.1) });
    const s = scenario(instance);
    await instance.get('/search/pins/?q=first&ai=label');
    const v = verdicts(await (await instance.get('/search/pins/?q=later&ai=label&context=off')).text());
    for (const p of s.studioLater) expect(v.get(p.id)).toBe('not-ai');
    const withCookie = verdicts(await (await instance.get('/search/pins/?q=later&ai=label', { cookie: 'context=off' })).text());
    for (const p of s.studioLater) expect(withCookie.get(p.id)).toBe('not-ai');
  });

  it('a pin seen again does not count twice', { timeout: TIMEOUT }, async () => {
    instance = await startContextInstance({ model: fixedModel(0.1) });
    const one = makePin('single labelled', { username: 'repeat_pinner', labelled: true });
    const plain = makePin('single plain', { username: 'repeat_pinner' });
    instance.upstream.searches.set('one', [one]);
    instance.upstream.searches.set('plain', [plain]);
    for (let i = 0; i < 5; i++) await instance.get(`/search/pins/?q=one&ai=label&n=${i}`);
    const v = verdicts(await (await instance.get('/search/pins/?q=plain&ai=label')).text());
    expect(v.get(plain.id)).toBe('not-ai');
    const [row] = instance.deps.context.reputation.top('pinner', 5).filter((r) => r.value === 'repeat_pinner');
    expect(row?.tally).toMatchObject({ seen: 2, label: 1, notAi: 1 });
  });
});
