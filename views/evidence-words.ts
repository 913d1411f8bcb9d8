// Evidence in plain words: one entry per kind of signal (Signal.source), saying what a visitor
// needs to know ("Pinterest labels this AI-generated", "The file says it was made with
// AUTOMATIC1111") and never a field name, enum number or chunk name. A new kind of evidence adds one
// entry to EVIDENCE_KINDS (the Record type makes the compiler ask for it).
import type { Signal, SignalSource } from '../src/domain/types.js';
import { cleanText } from './safe.js';

export interface EvidenceKind {
  /** Whose evidence it is: the pin as a whole (its label, its text) or one image (its file, its pixels). */
  scope: 'pin' | 'image';
  /** What the check is called in the "how this was checked" list, e.g. "Pinterest", "File". */
  check: string;
  /** One signal of this kind as a sentence without the final full stop. */
  words(signal: Signal): string;
}

// ---- Pinterest's label (src/ai/pinterest-label.ts) ----

/** digital_media_source_type codes, as pinterest-label.ts reads them (unconfirmed upstream). */
const PINTEREST_KINDS: Record<string, string> = {
  '11': 'Pinterest labels this AI-generated',
  '12': 'Pinterest labels this an AI-edited picture',
  '15': 'Pinterest labels this as made with AI',
  '16': 'Pinterest’s own detector flagged this as AI-generated',
};

function pinterestWords(s: Signal): string {
  const code = /\((\d{1,6})\)\s*$/.exec(s.detail)?.[1];
  if (s.decisive && code && PINTEREST_KINDS[code]) return PINTEREST_KINDS[code]!;
  if (s.decisive) return 'Pinterest labels this AI-generated';
  if (/gen_ai_topics/.test(s.detail)) return 'Pinterest files this pin under its AI topics (that alone does not mean AI-made)';
  return 'Pinterest sent an AI label this instance does not understand yet';
}

// ---- The image file's metadata (src/ai/provenance/*) ----

const SOURCE_TYPE_WORDS: Record<string, string> = {
  trainedAlgorithmicMedia: 'The file declares itself AI-generated',
  compositeWithTrainedAlgorithmicMedia: 'The file declares itself partly AI-generated',
  algorithmicMedia: 'The file declares itself computer-generated',
  compositeSynthetic: 'The file declares itself a composite with generated parts',
  digitalCapture: 'The file says it was taken with a camera',
};

/** What a generic description in a provenance detail's final brackets means. */
const GENERIC_FINDINGS: Record<string, string> = {
  'generation parameters': 'The file carries AI image-generation settings',
  'generation prompt': 'The file carries an AI image prompt',
};

function provenanceWords(s: Signal): string {
  const d = s.detail;
  const sourceType = /DigitalSourceType "([A-Za-z]+)"/.exec(d)?.[1];
  if (sourceType) return SOURCE_TYPE_WORDS[sourceType] ?? 'The file declares how it was made';
  const aiSystem = /AISystemUsed "([^"]*)"/.exec(d)?.[1];
  if (aiSystem !== undefined) return aiSystem.trim() ? `The file says it was made with ${aiSystem.trim()}` : 'The file names the AI system that made it';
  if (/C2PA manifest \(no AI/.test(d)) return 'The file has content credentials that do not mention AI';
  const found = /\(([^()]+)\)\s*$/.exec(d)?.[1]?.trim();
  if (!found) return s.decisive ? 'The file’s metadata says it was AI-generated' : 'The file’s metadata mentions how it was made';
  const generic = GENERIC_FINDINGS[found];
  if (generic) return generic;
  // "AUTOMATIC1111 parameters", "ComfyUI graph": the tool's name is what matters.
  const tool = found.replace(/\s+(?:parameters|graph)$/i, '');
  if (/C2PA claim generator/.test(d)) return `The file’s content credentials say it was made with ${tool}`;
  return `The file says it was made with ${tool}`;
}

// ---- The pin's own text (src/ai/text-cues.ts) ----

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  'alt text': 'image description',
  board: 'board name',
  hashtags: 'hashtags',
};

function textWords(s: Signal): string {
  const cue = /^text "(.*)" in (title|description|alt text|board|hashtags)$/.exec(s.detail);
  if (cue) return `The pin’s ${FIELD_WORDS[cue[2]!]} mentions “${cue[1]}”`;
  const link = /^link to (\S+)$/.exec(s.detail);
  if (link) return `The pin links to ${link[1]}, a site for AI images`;
  return 'The pin’s text mentions AI tools';
}

// ---- The image model (src/ai/verdict.ts modelSignal) ----

function modelWords(s: Signal): string {
  const p = modelProbability(s);
  return p === null ? 'The image model scored it' : `The image model scores it ${twoDecimals(p)} (0 = made by a person, 1 = AI-generated)`;
}

/** The probability inside a model signal (`model 0.93`), or null. */
export function modelProbability(s: Signal): number | null {
  if (s.source !== 'model') return null;
  const m = /(\d+(?:\.\d+)?)\s*$/.exec(s.detail);
  const p = m ? Number(m[1]) : NaN;
  return Number.isFinite(p) ? p : null;
}

export function twoDecimals(p: number): string {
  return Math.min(1, Math.max(0, p)).toFixed(2);
}

export const EVIDENCE_KINDS: Record<SignalSource, EvidenceKind> = {
  'pinterest-label': { scope: 'pin', check: 'Pinterest', words: pinterestWords },
  provenance: { scope: 'image', check: 'File', words: provenanceWords },
  text: { scope: 'pin', check: 'Text', words: textWords },
  model: { scope: 'image', check: 'Model', words: modelWords },
  // src/context/evidence-words.ts writes these details as plain sentences already.
  list: { scope: 'pin', check: 'AI list', words: sentence },
  context: { scope: 'pin', check: 'Pinner and board record', words: sentence },
  report: { scope: 'pin', check: 'Your report', words: sentence },
};

/** A detail that is already a sentence, with its first letter raised. */
function sentence(s: Signal): string {
  return s.detail.charAt(0).toUpperCase() + s.detail.slice(1);
}

/** A signal of a kind this table does not know yet: said generically, never as its raw detail. */
const UNKNOWN_KIND: EvidenceKind = { scope: 'pin', check: 'Other', words: (s) => (s.decisive ? 'Another check marks this as AI-generated' : 'Another check found a hint of AI') };

export function evidenceKind(s: Signal): EvidenceKind {
  return (EVIDENCE_KINDS as Record<string, EvidenceKind | undefined>)[s.source] ?? UNKNOWN_KIND;
}

/** One signal in plain words (no final full stop), safe to render as text. */
export function evidenceWords(s: Signal): string {
  return cleanText(evidenceKind(s).words(s));
}
