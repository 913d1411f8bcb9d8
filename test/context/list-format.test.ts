import { describe, expect, it } from 'vitest';
import { formatEntry, parseList } from '../../src/context/list-format.js';
import { compileLists } from '../../src/context/list-matcher.js';
import type { PinSubjects } from '../../src/context/pin-subjects.js';

const subjects = (over: Partial<PinSubjects> = {}): PinSubjects => ({ pinId: '1', pinner: null, board: null, domain: null, signatures: [], ...over });

describe('AI list format', () => {
  it('reads every kind, comments, exceptions and reports bad lines by number', () => {
    const { entries, problems } = parseList([
      '# heading',
      'pinner:Some_Pinner   # trailing comment',
      'board:/some_pinner/Generated-Art/',
      '  domain:WWW.Example.COM',
      '!pin:00123',
      `image:${'AB'.repeat(16)}`,
      'pinner:',
      'colour:red',
      'domain:localhost',
    ].join('\r\n'));
    expect(entries).toEqual([
      { kind: 'pinner', value: 'some_pinner', exception: false, line: 2 },
      { kind: 'board', value: 'some_pinner/generated-art', exception: false, line: 3 },
      { kind: 'domain', value: 'example.com', exception: false, line: 4 },
      { kind: 'pin', value: '123', exception: true, line: 5 },
      { kind: 'image', value: 'ab'.repeat(16), exception: false, line: 6 },
    ]);
    expect(problems.map((p) => p.line)).toEqual([7, 8, 9]);
  });

  it('writes what it reads', () => {
    const line = formatEntry('pinner', 'a_b', { exception: true, comment: 'why\nand when' });
    expect(line).toBe('!pinner:a_b  # why and when');
    expect(parseList(line).entries).toEqual([{ kind: 'pinner', value: 'a_b', exception: true, line: 1 }]);
  });
});

describe('list matching', () => {
  const local = (text: string, name = 'local.txt') => ({ name, trust: 'local' as const, entries: parseList(text).entries });
  const remote = (text: string) => ({ name: 'https://other.example/ai-list.txt', trust: 'subscribed' as const, entries: parseList(text).entries });

  it('matches a domain and its subdomains, but not look-alikes', () => {
    const m = compileLists([local('domain:example.com')]);
    expect(m.match(subjects({ domain: 'example.com' }))?.entry.value).toBe('example.com');
    expect(m.match(subjects({ domain: 'cdn.img.example.com' }))?.entry.value).toBe('example.com');
    expect(m.match(subjects({ domain: 'notexample.com' }))).toBeNull();
    expect(m.match(subjects({ domain: 'example.com.evil.net' }))).toBeNull();
  });

  it('an exception wins over any entry of its kind or another', () => {
    const m = compileLists([local('pinner:artist\nimage:' + 'c'.repeat(32) + '\n!pin:42')]);
    expect(m.match(subjects({ pinId: '42', pinner: 'artist' }))).toBeNull();
    expect(m.match(subjects({ pinId: '43', pinner: 'artist' }))?.entry.kind).toBe('pinner');
    const artist = compileLists([local('image:' + 'c'.repeat(32)), local('!pinner:artist', 'exceptions.txt')]);
    expect(artist.match(subjects({ pinner: 'artist', signatures: ['c'.repeat(32)] }))).toBeNull();
    expect(artist.exception(subjects({ pinner: 'artist' }))?.source).toBe('exceptions.txt');
  });

  it('a subscribed exception cannot undo a local entry; a local exception undoes a subscribed one', () => {
    const m = compileLists([local('pinner:spammer'), remote('!pinner:spammer\npinner:artist'), local('!pinner:artist', 'mine.txt')]);
    expect(m.match(subjects({ pinner: 'spammer' }))?.trust).toBe('local');
    expect(m.match(subjects({ pinner: 'artist' }))).toBeNull();
    const onlyRemote = compileLists([remote('pinner:x\n!board:x/keep')]);
    expect(onlyRemote.match(subjects({ pinner: 'x', board: 'x/other' }))?.trust).toBe('subscribed');
    expect(onlyRemote.match(subjects({ pinner: 'x', board: 'x/keep' }))).toBeNull();
  });
});

describe('the example list in the repository', () => {
  it('parses without problems and uses every kind and an exception', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../examples/ai-list.txt', import.meta.url), 'utf8');
    const { entries, problems } = parseList(text);
    expect(problems).toEqual([]);
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['pinner', 'board', 'domain', 'pin', 'image']));
    expect(entries.some((e) => e.exception)).toBe(true);
  });
});
