// Turns EXIF fields into provenance signals: tool fields (Software, Make, Model) naming a generator,
// ComfyUI's "workflow:" / "prompt:" Make/Model trick, and free-text fields holding generator output.
import { findGenerator } from './generator-names.js';
import { classifyFreeText } from './free-text.js';
import type { SignalSink } from './sink.js';
import {
  TAG_ARTIST,
  TAG_IMAGE_DESCRIPTION,
  TAG_MAKE,
  TAG_MODEL,
  TAG_NAMES,
  TAG_SOFTWARE,
  TAG_USER_COMMENT,
  exifText,
  readExifFields,
} from './tiff.js';
import { clip } from './xmp.js';

export function scanExif(tiff: Uint8Array, where: string, sink: SignalSink): void {
  for (const field of readExifFields(tiff)) {
    const name = TAG_NAMES[field.tag] ?? String(field.tag);
    const text = exifText(field);
    if (text.length === 0) continue;
    if (field.tag === TAG_MAKE || field.tag === TAG_MODEL) {
      // ComfyUI's image savers put the graphs in Make/Model as "workflow:{...}" and "prompt:{...}".
      const m = /^\s*(workflow|prompt):\s*\{/.exec(text);
      if (m) {
        sink.add(`${where} EXIF ${name} "${m[1]}:" (ComfyUI)`, true);
        continue;
      }
    }
    if (field.tag === TAG_SOFTWARE || field.tag === TAG_MAKE || field.tag === TAG_MODEL || field.tag === TAG_ARTIST) {
      const generator = findGenerator(text);
      if (generator) sink.add(`${where} EXIF ${name} "${clip(text)}" (${generator})`, true);
    } else if (field.tag === TAG_IMAGE_DESCRIPTION || field.tag === TAG_USER_COMMENT) {
      const what = classifyFreeText(text);
      if (what) sink.add(`${where} EXIF ${name} (${what})`, true);
    }
  }
}
