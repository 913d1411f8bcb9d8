// The context rule on its own: which records speak for a pinner's other pins, and that a human
// artist who reposted one generated image (or a few among many of their own) is not tainted.
import { describe, expect, it } from 'vitest';
import { judgeWithContext } from '../../src/context/context-scorer.js';
import { meetsContextRule } from '../../src/context/context-rule.js';
import { compileLists } from '../../src/context/list-matcher.js';
import { parseList } from '../../src/context/list-format.js';
import { subjectKey, type EvidenceClass, type ReputationRecord, tallyOf } from '../../src/context/reputation.js';
import type { AiVerdict } from '../../src/domain/types.js';

const RULE = { minDecisive: 3, minShare: 0.3 };

function record(classes: EvidenceClass[]): ReputationRecord {
  return { schema: 1, updatedAt: 0, pins: Object.fromEntries(classes.map((c, i) => [String(1000 + i), c])) };
}
const many = (n: number, c: EvidenceClass) => Array<EvidenceClass>(n).fill(c);
const base = (verdict: AiVerdict['verdict'], score: number | null): AiVerdict => ({ verdict, score, signals: [] });
const subjects = { pinId: '1', pinner: 'someone', board: 'someone/board', domain: null, signatures: [] };

describe('context rule', () => {
  it('needs both several decisive pins and a high share of AI', () => {
    expect(meetsContextRule(tallyOf(record(many(3, 'label'))), RULE)).toBe(true);
    expect(meetsContextRule(tallyOf(record([...many(3, 'label'), ...many(4, 'not-ai')])), RULE)).toBe(true);
    expect(meetsContextRule(tallyOf(record([...many(2, 'label'), ...many(5, 'ai')])), RULE)).toBe(false);
    expect(meetsContextRule(tallyOf(record([...many(3, 'provenance'), ...many(20, 'not-ai')])), RULE)).toBe(false);
  });

  it('a human artist who reposted one generated image is not tainted', () => {
    const artist = new Map([[subjectKey('pinner', 'someone'), record(['label', ...many(10, 'not-ai')])]]);
    const none = compileLists([]);
    expect(judgeWithContext(base('not-ai', 0.1), subjects, none, artist, RULE, 0.8)).toEqual(base('not-ai', 0.1));
    expect(judgeWithContext(base('unsure', 0.85), subjects, none, artist, RULE, 0.8)).toEqual(base('unsure', 0.85));
    // Even three reposts among thirty of their own pins stay under the share.
    const prolific = new Map([[subjectKey('pinner', 'someone'), record([...many(3, 'label'), ...many(30, 'not-ai')])]]);
    expect(judgeWithContext(base('not-ai', 0.1), subjects, none, prolific, RULE, 0.8).verdict).toBe('not-ai');
  });

  it('context alone gives unsure, with the model at the label threshold ai; an exception keeps it away', () => {
    const studio = new Map([[subjectKey('board', 'someone/board'), record([...many(7, 'label'), ...many(2, 'not-ai')])]]);
    const none = compileLists([]);
    const alone = judgeWithContext(base('not-ai', 0.1), subjects, none, studio, RULE, 0.8);
    expect(alone.verdict).toBe('unsure');
    expect(alone.signals).toEqual([{ source: 'context', detail: '7 of the 9 pins from this board seen here are labelled AI by Pinterest', decisive: false }]);
    expect(judgeWithContext(base('unsure', 0.8), subjects, none, studio, RULE, 0.8).verdict).toBe('ai');
    expect(judgeWithContext(base('unscored', null), subjects, none, studio, RULE, null).verdict).toBe('unsure');
    const excepted = compileLists([{ name: 'x', trust: 'local', entries: parseList('!pinner:someone').entries }]);
    expect(judgeWithContext(base('not-ai', 0.1), subjects, excepted, studio, RULE, 0.8).verdict).toBe('not-ai');
    // Without records (the visitor turned context off) nothing changes.
    expect(judgeWithContext(base('not-ai', 0.1), subjects, none, null, RULE, 0.8).verdict).toBe('not-ai');
  });
});
