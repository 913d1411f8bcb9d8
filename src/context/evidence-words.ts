// The sentences behind the evidence kinds this folder adds (list, context, report); the visitor's
// wording of every kind, these included, is views/evidence-words.ts.
import type { Signal } from '../domain/types.js';
import type { ListMatch } from './list-matcher.js';
import type { SubjectKind, Tally } from './reputation.js';

const WHOSE: Record<SubjectKind, string> = { pinner: 'this account', board: 'this board', domain: 'this website' };

/** "7 of the 9 pins from this account seen here are labelled AI by Pinterest". */
export function contextSentence(kind: SubjectKind, t: Tally): string {
  const decisive = t.label + t.provenance;
  const what =
    t.provenance === 0
      ? 'are labelled AI by Pinterest'
      : t.label === 0
        ? 'carry an AI generator’s mark in their files'
        : 'are labelled AI by Pinterest or carry an AI generator’s mark';
  const pins = t.seen === 1 ? 'pin' : 'pins';
  let sentence = `${decisive} of the ${t.seen} ${pins} from ${WHOSE[kind]} seen here ${what}`;
  if (t.ai > 0) sentence += `, and the model finds ${t.ai} more AI-generated`;
  return sentence;
}

export function contextSignal(kind: SubjectKind, t: Tally): Signal {
  return { source: 'context', detail: contextSentence(kind, t), decisive: false };
}

/** "listed by this instance (ai-list.txt, line 4)" or "listed by https://other.example/ai-list.txt (line 4)". */
function listSentence(m: ListMatch): string {
  const what = `${m.entry.kind}:${m.entry.value}`;
  return m.trust === 'local'
    ? `listed by this instance (${m.source}, line ${m.entry.line}: ${what})`
    : `listed by ${m.source} (line ${m.entry.line}: ${what})`;
}

export function listSignal(m: ListMatch): Signal {
  return { source: 'list', detail: listSentence(m), decisive: true };
}

export function reportSignal(said: 'ai' | 'not-ai'): Signal {
  return {
    source: 'report',
    detail: said === 'ai' ? 'you reported this pin as AI-generated' : 'you reported this pin as not AI-generated',
    decisive: said === 'ai',
  };
}
