// Free text with its line breaks kept as <br>, every piece escaped by JSX (never raw HTML).
import { cleanText } from '../safe.js';

export function MultilineText({ text }: { text: string | null | undefined }) {
  const lines = cleanText(text).replace(/\r\n?/g, '\n').split('\n');
  return <>{lines.map((line, i) => (i === 0 ? line : <><br />{line}</>))}</>;
}
