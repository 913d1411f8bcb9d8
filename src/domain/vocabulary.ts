// The words settings and configuration share, each defined once: the types, config validation,
// visitor preferences and the settings form all derive from these lists.

/** AI modes from least to most protective; an admin's forced minimum compares along this order. */
export const AI_MODES_WEAKEST_FIRST = ['off', 'label', 'blur', 'hide'] as const;
export type AiMode = (typeof AI_MODES_WEAKEST_FIRST)[number];
/** The same modes, strictest first: the order forms and messages list them in. */
export const AI_MODES: readonly AiMode[] = [...AI_MODES_WEAKEST_FIRST].reverse();

/** The stricter (more protective) of two AI modes. */
export function stricterAiMode(a: AiMode, b: AiMode): AiMode {
  return AI_MODES_WEAKEST_FIRST.indexOf(a) >= AI_MODES_WEAKEST_FIRST.indexOf(b) ? a : b;
}

/** True when `mode` protects less than the admin's `minimum` (so it is not on offer). */
export function isWeakerAiMode(mode: AiMode, minimum: AiMode | null): boolean {
  return minimum !== null && stricterAiMode(mode, minimum) !== mode;
}

/** AI detection sensitivities, each with its own pair of thresholds in a model manifest. */
export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const IMAGE_SIZES = ['small', 'medium', 'large'] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

/** On/off words accepted in environment variables, settings forms, cookies and query strings. */
const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  on: true, off: false, true: true, false: false, yes: true, no: false, '1': true, '0': false,
};
/** How BOOL_WORDS reads in an error message. */
export const BOOL_WORDS_HINT = 'on or off (also true/false, yes/no, 1/0)';

/** The boolean a word means (case and surrounding spaces ignored), or undefined for any other word. */
export function parseBoolWord(raw: string): boolean | undefined {
  const key = raw.trim().toLowerCase();
  return Object.hasOwn(BOOL_WORDS, key) ? BOOL_WORDS[key] : undefined;
}
