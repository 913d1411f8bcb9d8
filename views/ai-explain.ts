// What a visitor is told about a pin's AI verdict, in plain words: the badge word ("AI" / "Maybe
// AI", or none), the reason (no numbers: it is shown in full on the pin page and in feeds), and what
// each check looked at and found, image by image, with the model's numbers against the threshold
// of the visitor's sensitivity. Pure; evidence-words.ts says each kind of evidence.
import type { AiVerdict, Signal } from '../src/domain/types.js';
import type { Sensitivity } from '../src/ai/types.js';
import type { Treatment } from '../src/policy/types.js';
import { evidenceKind, evidenceWords, modelProbability, twoDecimals } from './evidence-words.js';

export interface AiWordsContext {
  sensitivity: Sensitivity;
  /** The model's thresholds at that sensitivity, or null without a model. */
  thresholds: { label: number; hide: number } | null;
}

export type BadgeWord = 'AI' | 'Maybe AI';

/** Any signal that settles the verdict on its own (Pinterest's label, generator metadata). */
function isDecisive(v: AiVerdict): boolean {
  return v.signals.some((s) => s.decisive);
}

/**
 * The badge's word. Badges exist only for 'ai' and 'unsure', and only when the visitor's mode shows
 * AI at all (treatment 'plain' covers mode off and clean pins). A blurred pin says "AI" only when the
 * evidence is decisive: blurring on the model's judgement alone is a "Maybe".
 */
export function badgeWord(v: AiVerdict, treatment: Treatment): BadgeWord | null {
  if (treatment === 'plain') return null;
  if (v.verdict === 'ai') return treatment === 'blur' && !isDecisive(v) ? 'Maybe AI' : 'AI';
  if (v.verdict === 'unsure') return 'Maybe AI';
  return null;
}

/** Each image's verdict (one entry for a single-image pin). */
function perImage(v: AiVerdict): AiVerdict[] {
  return v.images && v.images.length > 0 ? v.images : [v];
}

function imageScoped(s: Signal): boolean {
  return evidenceKind(s).scope === 'image';
}

function lowerFirst(text: string): string {
  return /^The\b/.test(text) ? `t${text.slice(1)}` : text;
}

function prefixed(prefix: string | null, text: string): string {
  return prefix ? `${prefix}: ${lowerFirst(text)}` : text;
}

/** Why a model-only verdict came out as it did, without numbers. */
function modelReason(v: AiVerdict, ctx: AiWordsContext): string {
  const p = v.score;
  const t = ctx.thresholds;
  if (v.verdict === 'ai') return 'The image model is confident it is AI-generated';
  const camera = v.signals.find((s) => s.source === 'provenance' && !s.decisive && /digitalCapture/.test(s.detail));
  if (camera && t && p !== null && p >= t.hide) return 'The image model finds it AI-generated, but the file says it was taken with a camera';
  const text = v.signals.filter((s) => s.source === 'text');
  if (text.length > 0 && t && p !== null && p < t.label) {
    return `${evidenceWords(text[0]!)}, and the image model finds it somewhat suspicious`;
  }
  return 'The image model finds signs of AI generation, but is not sure';
}

/**
 * The visible reason for an 'ai' or 'unsure' verdict: the decisive evidence, naming the image that
 * carried it on pins with several; else the model's judgement of the images that set the verdict.
 * Empty for other verdicts.
 */
export function verdictReasons(v: AiVerdict, ctx: AiWordsContext): string[] {
  if (v.verdict !== 'ai' && v.verdict !== 'unsure') return [];
  const images = perImage(v);
  const many = images.length > 1;
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  };
  for (const s of v.signals) if (s.decisive && !imageScoped(s)) add(evidenceWords(s));
  images.forEach((img, i) => {
    const prefix = many ? `Image ${i + 1} of ${images.length}` : null;
    for (const s of img.signals) if (s.decisive && imageScoped(s)) add(prefixed(prefix, evidenceWords(s)));
  });
  if (out.length > 0) return out;
  images.forEach((img, i) => {
    if (img.verdict !== v.verdict) return;
    add(prefixed(many ? `Image ${i + 1} of ${images.length}` : null, modelReason(img, ctx)));
  });
  return out.length > 0 ? out : [v.verdict === 'ai' ? 'It looks AI-generated' : 'It may be AI-generated'];
}

/** The two numbers, at two decimals unless that would make them look equal. */
function pair(a: number, b: number): [string, string] {
  const a2 = twoDecimals(a);
  const b2 = twoDecimals(b);
  return a2 === b2 && a !== b ? [a.toFixed(3), b.toFixed(3)] : [a2, b2];
}

/** "Model: 0.68, below the 0.74 needed to label it “Maybe AI” at medium sensitivity." */
function modelCheckLine(p: number, ctx: AiWordsContext): string {
  const t = ctx.thresholds;
  if (!t) return `Model: ${twoDecimals(p)}.`;
  const at = `at ${ctx.sensitivity} sensitivity`;
  if (p < t.label) {
    const [ps, ls] = pair(p, t.label);
    return `Model: ${ps}, below the ${ls} needed to label it “Maybe AI” ${at}.`;
  }
  if (p < t.hide) {
    const [ps, hs] = pair(p, t.hide);
    const ls = twoDecimals(t.label);
    return `Model: ${ps}, above the ${ls} needed to label it “Maybe AI” ${at}, below the ${hs} needed to call it AI.`;
  }
  const [ps, hs] = pair(p, t.hide);
  return `Model: ${ps}, at or above the ${hs} needed to call it AI ${at}.`;
}

/** Why the model gave no number, in words (the notes come from src/ai/scorer.ts and the model). */
function noteWords(note: string): string {
  if (note === 'provenance decisive') return 'not needed, the file settles it';
  if (note === 'no model') return 'this instance runs no image model';
  if (note === 'no image') return 'there is no image to check';
  if (note === 'not finished in time') return 'not finished yet; reload the page in a moment';
  if (note === 'busy' || note === 'queue full') return 'the instance is busy; reload the page in a moment';
  if (note.startsWith('fetch failed')) return 'the image could not be fetched';
  if (note === 'internal error') return 'an error on this instance stopped it';
  return `could not score this image (${note})`;
}

/** checks.modelNote when Pinterest's label settled the pin (NOTE_LABEL_DECISIVE in src/ai/scorer.ts). */
const LABEL_SETTLES = 'not needed: Pinterest labels it';

export interface CheckGroup {
  /** "Image 2 of 3" on pins with several images; null for the pin as a whole. */
  heading: string | null;
  lines: string[];
}

/**
 * What was checked and what it found: first the pin as a whole (Pinterest's label, its text, any
 * other pin-wide evidence), then each image (its file's metadata, the model's score against the
 * threshold). Never "no sign of AI" without saying what was looked at.
 */
export function checkGroups(v: AiVerdict, ctx: AiWordsContext): CheckGroup[] {
  const pinLines: string[] = [];
  const pinSignals = v.signals.filter((s) => !imageScoped(s));
  const label = pinSignals.filter((s) => s.source === 'pinterest-label');
  pinLines.push(...(label.length > 0 ? label.map((s) => `${evidenceWords(s)}.`) : ['Pinterest: no AI label.']));
  const text = pinSignals.filter((s) => s.source === 'text');
  pinLines.push(text.length > 0 ? `Text: ${text.map((s) => lowerFirst(evidenceWords(s))).join('; ')}.` : 'Text: no mention of AI tools.');
  for (const s of pinSignals) if (s.source !== 'pinterest-label' && s.source !== 'text') pinLines.push(`${evidenceWords(s)}.`);

  const images = perImage(v);
  const groups: CheckGroup[] = [{ heading: null, lines: pinLines }];
  if (images.every((img) => img.checks?.modelNote === LABEL_SETTLES)) {
    pinLines.push('File and model: not needed, Pinterest’s label settles it.');
    return groups;
  }
  images.forEach((img, i) => {
    const lines = imageLines(img, ctx);
    if (lines.length === 0) return;
    if (images.length > 1) groups.push({ heading: `Image ${i + 1} of ${images.length}`, lines });
    else groups[0]!.lines.push(...lines);
  });
  return groups;
}

function imageLines(img: AiVerdict, ctx: AiWordsContext): string[] {
  const lines: string[] = [];
  const checks = img.checks;
  if (checks?.modelNote === LABEL_SETTLES) return ['File and model: not needed, Pinterest’s label settles it.'];
  const file = img.signals.filter((s) => s.source === 'provenance');
  if (file.length > 0) lines.push(`File: ${file.map((s) => lowerFirst(evidenceWords(s))).join('; ')}.`);
  else if (checks?.file) lines.push('File: no generator metadata.');
  else if (checks) lines.push(`File: not read (${noteWords(checks.modelNote ?? 'not finished in time')}).`);
  const model = img.signals.find((s) => s.source === 'model');
  const p = img.score ?? (model ? modelProbability(model) : null);
  if (p !== null) lines.push(modelCheckLine(p, ctx));
  else if (checks?.modelNote) lines.push(`Model: ${noteWords(checks.modelNote)}.`);
  return lines;
}
