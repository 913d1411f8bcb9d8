// Pinterest's own AI label on a pin (digital_media_source_type, gen_ai_topics), read as a Signal.
// The enum values come from a decompiled Android model class (docs/ai-signals.md §1)
// and are unconfirmed on the web JSON, so unknown values are reported, not guessed.
import type { Pin, Signal } from '../domain/types.js';

const AI_KINDS: Record<number, string> = {
  11: 'AI-generated',
  12: 'AI-edited composite',
  15: 'multi-pin AI',
  16: "detected by Pinterest's classifier",
};

// The same enum by name, in case a response carries the names rather than the numbers (GraphQL
// enums usually serialise as names). Only the names docs/ai-signals.md §1 lists.
const AI_NAMES: Record<string, number> = {
  TRAINED_ALGORITHMIC_MEDIA: 11,
  COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA: 12,
  MULTI_PIN_TRAINED_ALGORITHMIC_MEDIA: 15,
  DETECTED_TRAINED_ALGORITHMIC_MEDIA: 16,
};

export type UnknownLabelHandler = (value: number | string) => void;

/**
 * The Pinterest label as a signal, or null when the pin carries none. 11/12/15/16 are decisive.
 * Any other non-null value gives a non-decisive "unknown value" signal and calls `onUnknown`, so
 * the app can log new values (see logUnknownLabelOnce).
 *
 * `genAiTopics`, when non-empty, gives a NON-decisive signal: its meaning is unverified, and the
 * name matches Pinterest's "GenAI interests" tuner, whose categories (art, beauty, home decor, ...)
 * may be attached to any pin in those topics, AI or not. Hiding on it could hide human art wholesale.
 */
export function pinterestLabelSignal(
  pin: Pick<Pin, 'digitalMediaSourceType' | 'genAiTopics'>,
  onUnknown?: UnknownLabelHandler,
): Signal | null {
  const raw = pin.digitalMediaSourceType;
  if (raw !== null && raw !== undefined && raw !== '') {
    const code = toCode(raw);
    const kind = code === null ? undefined : AI_KINDS[code];
    if (kind) return { source: 'pinterest-label', detail: `Pinterest label: ${kind} (${code})`, decisive: true };
    const shown = typeof raw === 'string' ? raw.slice(0, 40) : raw;
    try {
      onUnknown?.(shown);
    } catch {
      // a logging callback must not break scoring
    }
    return { source: 'pinterest-label', detail: `Pinterest label: unknown value ${JSON.stringify(shown)}`, decisive: false };
  }
  const topics = topicNames(pin.genAiTopics);
  if (topics !== null) {
    return {
      source: 'pinterest-label',
      detail: `Pinterest gen_ai_topics${topics ? `: ${topics}` : ''}`,
      decisive: false,
    };
  }
  return null;
}

function toCode(raw: number | string): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : null;
  const s = raw.trim();
  if (/^\d{1,6}$/.test(s)) return Number(s);
  return AI_NAMES[s.toUpperCase()] ?? null;
}

/**
 * A short text for non-empty gen_ai_topics, '' when present but unreadable, null when empty/absent.
 * The shape is unknown (assumed a list of strings or of objects with a name); read defensively.
 */
function topicNames(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw.trim() ? raw.trim().slice(0, 60) : null;
  if (!Array.isArray(raw)) return typeof raw === 'object' && Object.keys(raw).length > 0 ? '' : null;
  if (raw.length === 0) return null;
  const names = raw
    .slice(0, 5)
    .map((t) => (typeof t === 'string' ? t : typeof t === 'object' && t && 'name' in t ? String((t as { name: unknown }).name) : ''))
    .filter((s) => s.length > 0);
  return names.join(', ').slice(0, 60);
}

/**
 * An onUnknown handler that logs each distinct value once (at most `max` distinct values, so a
 * flood of garbage cannot grow memory).
 */
export function logUnknownLabelOnce(log: (message: string) => void, max = 100): UnknownLabelHandler {
  const seen = new Set<string>();
  return (value) => {
    const key = `${typeof value}:${value}`;
    if (seen.has(key) || seen.size >= max) return;
    seen.add(key);
    log(`unknown Pinterest digital_media_source_type value ${JSON.stringify(value)}`);
  };
}
