// What a PNG text chunk's keyword (and, where needed, its text) says about the image's origin.
// Generator UIs write their own keywords: AUTOMATIC1111 "parameters", ComfyUI "prompt"/"workflow",
// InvokeAI "invokeai_*"/"sd-metadata"/"Dream", Easy Diffusion "negative_prompt", NovelAI
// "Software"/"Source"/"Comment". Standard keywords are read as tool or free-text fields.
import { findGenerator } from './generator-names.js';
import { classifyFreeText, looksLikeA1111, looksLikeComfyGraph, looksLikeNovelAiComment } from './free-text.js';
import type { SignalSink } from './sink.js';
import { scanXmp } from './xmp.js';

/** Keywords whose text we need; every other chunk is skipped without decompressing it. */
export function isInterestingKeyword(key: string): boolean {
  return KEYWORDS.has(key.toLowerCase());
}

const KEYWORDS = new Set([
  'parameters', 'prompt', 'workflow', 'invokeai_metadata', 'invokeai_graph', 'invokeai_workflow',
  'sd-metadata', 'dream', 'negative_prompt', 'software', 'source', 'comment', 'description', 'title',
  'xml:com.adobe.xmp',
]);

/**
 * `where` names the chunk, e.g. `PNG tEXt`; `text()` returns the (decompressed) text, or null when
 * it could not be read (corrupt or over the size cap): the keyword alone then decides what it can.
 */
export function interpretPngText(key: string, text: () => string | null, where: string, sink: SignalSink): void {
  const k = key.toLowerCase();
  const label = `${where} "${key.slice(0, 40)}"`;
  switch (k) {
    case 'parameters': {
      const t = text() ?? '';
      const kind = looksLikeA1111(t) ? 'AUTOMATIC1111' : /"sui_image_params"/.test(t) ? 'SwarmUI' : 'generation parameters';
      sink.add(`${label} (${kind})`, true);
      return;
    }
    case 'prompt': {
      const t = text() ?? '';
      sink.add(`${label} (${looksLikeComfyGraph(t) ? 'ComfyUI' : 'generation prompt'})`, true);
      return;
    }
    case 'workflow':
      sink.add(`${label} (ComfyUI)`, true);
      return;
    case 'invokeai_metadata':
    case 'invokeai_graph':
    case 'invokeai_workflow':
    case 'sd-metadata':
    case 'dream':
      sink.add(`${label} (InvokeAI)`, true);
      return;
    case 'negative_prompt':
      sink.add(`${label} (Easy Diffusion)`, true);
      return;
    case 'software':
    case 'source': {
      const t = text() ?? '';
      const generator = findGenerator(t);
      if (generator) sink.add(`${label} = "${t.slice(0, 40).trim()}" (${generator})`, true);
      return;
    }
    case 'comment': {
      const t = text() ?? '';
      if (looksLikeNovelAiComment(t)) sink.add(`${label} (NovelAI)`, true);
      else reportFreeText(t, label, sink);
      return;
    }
    case 'description':
    case 'title':
      reportFreeText(text() ?? '', label, sink);
      return;
    case 'xml:com.adobe.xmp': {
      const t = text();
      if (t) scanXmp(t, `${where} XMP`, sink);
      return;
    }
    default:
      // "Raw profile type exif/xmp" (ImageMagick's hex dumps) are not decoded: rare, and costly.
      return;
  }
}

function reportFreeText(t: string, label: string, sink: SignalSink): void {
  const what = classifyFreeText(t);
  if (what) sink.add(`${label} (${what})`, true);
}
