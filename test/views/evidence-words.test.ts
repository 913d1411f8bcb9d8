// Evidence in plain words: every detail format the provenance scanner, Pinterest's label and the
// text cues produce reads as a sentence a visitor understands, with no field, chunk or enum names.
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/domain/types.js';
import { pinterestLabelSignal } from '../../src/ai/pinterest-label.js';
import { scanProvenance } from '../../src/ai/provenance.js';
import { textCueSignals } from '../../src/ai/text-cues.js';
import { modelSignal } from '../../src/ai/verdict.js';
import { EVIDENCE_KINDS, evidenceWords } from '../../views/evidence-words.js';
import { png, tEXt } from '../ai/provenance-builders.js';
import { makePin } from '../policy/fixtures.js';

const prov = (detail: string, decisive = true): Signal => ({ source: 'provenance', detail, decisive });

/** Field names, chunk names and codes a visitor must never read. */
const JARGON = /tEXt|iTXt|zTXt|eXIf|EXIF|XMP|APP1|APP11|caBX|JPEG COM|DigitalSourceType|AISystemUsed|claim generator|gen_ai_topics|digital_media|\(\d+\)|decisive|Iptc/;

describe('evidence in plain words', () => {
  // Detail formats as the provenance scanner writes them (see test/ai/provenance.test.ts).
  it.each([
    ['PNG tEXt "parameters" (AUTOMATIC1111)', 'The file says it was made with AUTOMATIC1111'],
    ['PNG tEXt "prompt" (ComfyUI)', 'The file says it was made with ComfyUI'],
    ['PNG iTXt "parameters" (generation parameters)', 'The file carries AI image-generation settings'],
    ['PNG tEXt "prompt" (generation prompt)', 'The file carries an AI image prompt'],
    ['JPEG APP1 EXIF UserComment (AUTOMATIC1111 parameters)', 'The file says it was made with AUTOMATIC1111'],
    ['JPEG APP1 EXIF Software "Stable Diffusion 1.5" (Stable Diffusion)', 'The file says it was made with Stable Diffusion'],
    ['WebP EXIF EXIF Make "workflow:" (ComfyUI)', 'The file says it was made with ComfyUI'],
    ['JPEG APP1 XMP xmp:CreatorTool "Midjourney" (Midjourney)', 'The file says it was made with Midjourney'],
    ['JPEG APP1 XMP Iptc4xmpExt:AISystemUsed "Imagen 3"', 'The file says it was made with Imagen 3'],
    ['PNG iTXt XMP DigitalSourceType "trainedAlgorithmicMedia"', 'The file declares itself AI-generated'],
    ['JPEG APP11 C2PA DigitalSourceType "compositeWithTrainedAlgorithmicMedia"', 'The file declares itself partly AI-generated'],
    ['JPEG APP11 C2PA claim generator "Adobe Firefly" (Adobe Firefly)', 'The file’s content credentials say it was made with Adobe Firefly'],
    ['JPEG COM (ComfyUI graph)', 'The file says it was made with ComfyUI'],
  ])('%s', (detail, words) => {
    expect(evidenceWords(prov(detail))).toBe(words);
  });

  it('non-decisive file findings', () => {
    expect(evidenceWords(prov('JPEG APP11 C2PA manifest (no AI source type declared)', false))).toBe('The file has content credentials that do not mention AI');
    expect(evidenceWords(prov('JPEG APP1 XMP DigitalSourceType "digitalCapture" (camera capture: a human signal)', false))).toBe('The file says it was taken with a camera');
  });

  it('what the scanner finds in a real AUTOMATIC1111 PNG', () => {
    const [signal] = scanProvenance(png(tEXt('parameters', 'a cabin\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model: x')));
    expect(evidenceWords(signal!)).toBe('The file says it was made with AUTOMATIC1111');
  });

  it('Pinterest\'s label', () => {
    const label = (v: number | string | null, topics: unknown = null) => evidenceWords(pinterestLabelSignal({ digitalMediaSourceType: v, genAiTopics: topics })!);
    expect(label(11)).toBe('Pinterest labels this AI-generated');
    expect(label('TRAINED_ALGORITHMIC_MEDIA')).toBe('Pinterest labels this AI-generated');
    expect(label(16)).toBe('Pinterest’s own detector flagged this as AI-generated');
    expect(label(3)).toBe('Pinterest sent an AI label this instance does not understand yet');
    expect(label(null, ['ai_generated_art'])).toMatch(/^Pinterest files this pin under its AI topics/);
  });

  it('text cues and the model', () => {
    const cues = textCueSignals(makePin('1', { title: 'Made in Midjourney', domain: 'civitai.com', link: 'https://civitai.com/x' }));
    expect(cues.map(evidenceWords)).toEqual(['The pin’s title mentions “Midjourney”', 'The pin links to civitai.com, a site for AI images']);
    expect(evidenceWords(modelSignal(0.934))).toBe('The image model scores it 0.93 (0 = made by a person, 1 = AI-generated)');
  });

  it('never shows jargon, for every kind in the table', () => {
    const samples: Signal[] = [
      prov('PNG tEXt "parameters" (AUTOMATIC1111)'), prov('WebP C2PA C2PA DigitalSourceType "algorithmicMedia"'),
      pinterestLabelSignal({ digitalMediaSourceType: 12, genAiTopics: null })!, modelSignal(0.5),
      { source: 'text', detail: 'text "ai art" in hashtags', decisive: false },
      { source: 'list', detail: 'listed by this instance (ai-list.txt, line 4: pinner:someone)', decisive: true },
      { source: 'context', detail: '3 of the 7 pins from this account seen here are labelled AI by Pinterest', decisive: false },
      { source: 'report', detail: 'you reported this pin as AI-generated', decisive: true },
    ];
    for (const s of samples) expect(evidenceWords(s)).not.toMatch(JARGON);
    expect(Object.keys(EVIDENCE_KINDS).sort()).toEqual(['context', 'list', 'model', 'pinterest-label', 'provenance', 'report', 'text']);
    // A kind this table does not know yet is said generically, never as its raw detail.
    expect(evidenceWords({ source: 'someday' as Signal['source'], detail: 'raw_field=1', decisive: true })).toBe('Another check marks this as AI-generated');
  });
});
