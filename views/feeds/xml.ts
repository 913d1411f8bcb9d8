// Escaping for hand-written XML: strips what XML 1.0 cannot carry, then escapes & < > " '.
import { cleanText } from '../safe.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value, safe inside an element or a double- or single-quoted attribute. */
export function escapeXml(value: string | number | null | undefined): string {
  return cleanText(value === null || value === undefined ? '' : String(value)).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** HTML text/attribute escaping for the HTML that goes inside feed descriptions. */
export function escapeHtml(value: string | number | null | undefined): string {
  return escapeXml(value).replace(/&apos;/g, '&#39;');
}

/** `<name attr="v">escaped text</name>`; the name is ours, never data. */
export function element(name: string, text: string | number, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  return `<${name}${a}>${escapeXml(text)}</${name}>`;
}
