// Recognises generator output in free-text metadata fields (EXIF ImageDescription / UserComment, PNG
// Comment / Description, JPEG COM): AUTOMATIC1111 parameter blocks, ComfyUI graphs, NovelAI JSON, or
// an unambiguous generator name.
import { GENERATOR_INDEX, findPhrases, tokenize } from './generator-names.js';

/** AUTOMATIC1111 / Forge / SD.Next write "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, ...". */
export function looksLikeA1111(text: string): boolean {
  if (!/\bSteps: ?\d/.test(text)) return false;
  return /\bSampler: ?\S/.test(text) || /\bSeed: ?\d/.test(text) || /\bCFG scale: ?\d/.test(text);
}

/** ComfyUI API graph ("class_type": "KSampler") or UI workflow ("nodes": [...], "links"). */
export function looksLikeComfyGraph(text: string): boolean {
  return /"class_type"\s*:/.test(text) || (/"nodes"\s*:/.test(text) && /"links"\s*:/.test(text));
}

/** NovelAI's Comment JSON: {"prompt": ..., "steps": 28, "sampler": ..., "uc": ...}. */
export function looksLikeNovelAiComment(text: string): boolean {
  return /"uc"\s*:/.test(text) && (/"steps"\s*:/.test(text) || /"sampler"\s*:/.test(text));
}

/** What generator wrote this free text, or null. */
export function classifyFreeText(text: string): string | null {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (looksLikeA1111(head)) return 'AUTOMATIC1111 parameters';
  if (looksLikeComfyGraph(head)) return 'ComfyUI graph';
  if (looksLikeNovelAiComment(head)) return 'NovelAI';
  return findPhrases(tokenize(head, 4096), GENERATOR_INDEX)[0]?.name ?? null;
}
