// Reads an XMP packet as text (no XML parser: regexes over bounded text are enough for presence
// tests and cannot be made to recurse) for IPTC Digital Source Type, generator-naming tool fields
// and the IPTC 2025.1 "AI System Used" field.
import { findGenerator } from './generator-names.js';
import type { SignalSink } from './sink.js';
import { reportSourceTypes } from './source-types.js';

const MAX_XMP_CHARS = 2 << 20;
const MAX_FIELDS = 64;

export function scanXmp(xmp: string, where: string, sink: SignalSink): void {
  const text = xmp.length > MAX_XMP_CHARS ? xmp.slice(0, MAX_XMP_CHARS) : xmp;
  reportSourceTypes(text, where, sink);

  // Attribute form (xmp:CreatorTool="...") and element form (<xmp:CreatorTool>...</...>).
  const toolField = /\b((?:xmp:)?CreatorTool|(?:stEvt:)?softwareAgent|tiff:Software)\s*(?:=\s*"([^"<]{1,400})"|=\s*'([^'<]{1,400})'|>([^<]{1,400})<)/g;
  let n = 0;
  for (const m of text.matchAll(toolField)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    const generator = findGenerator(value);
    if (generator) sink.add(`${where} ${m[1]} "${clip(value)}" (${generator})`, true);
    if (++n >= MAX_FIELDS) break;
  }

  // IPTC Photo Metadata 2025.1 "AI System Used" (XMP Iptc4xmpExt:AISystemUsed, per the 2025.1
  // spec, docs/ai-signals.md §3; not yet seen in a real file here).
  const aiSystem = /AISystemUsed\s*(?:=\s*"([^"<]{1,200})"|>\s*([^<\s][^<]{0,199})<)/.exec(text);
  if (aiSystem) sink.add(`${where} Iptc4xmpExt:AISystemUsed "${clip(aiSystem[1] ?? aiSystem[2] ?? '')}"`, true);
}

export function clip(s: string, max = 60): string {
  const one = s.replace(/[\u0000-\u001f"\\]+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
