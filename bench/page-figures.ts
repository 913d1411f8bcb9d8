// What a rendered grid page says about itself (contract markup): pins shown per AI verdict and
// the number hidden by the visitor's settings.
export interface PageFigures {
  shown: number;
  hidden: number;
  verdicts: Record<string, number>;
}

export function pageFigures(html: string): PageFigures {
  const verdicts: Record<string, number> = {};
  let shown = 0;
  // Only grid cards and the pin itself carry data-pin-id; each has data-ai-verdict beside it.
  for (const m of html.matchAll(/<[a-z]+\b[^>]*\bdata-pin-id="[^"]*"[^>]*>/g)) {
    const verdict = /\bdata-ai-verdict="([a-z-]+)"/.exec(m[0])?.[1] ?? 'missing';
    verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
    shown++;
  }
  const hidden = Number(/<main\b[^>]*\bdata-ai-hidden="(\d+)"/.exec(html)?.[1] ?? 0);
  return { shown, hidden, verdicts };
}
