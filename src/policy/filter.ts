// The filter policy: which pins a visitor sees, and how, given AI verdicts and their settings. Pure.
import type { AiVerdict, Pin } from '../domain/types.js';
import { compileMutes } from './mutes.js';
import type { AiMode, FilterResult, HideReason, Prefs, ShownPin, Treatment } from './types.js';

export interface PolicyOptions {
  /** The visitor clicked "show them": nothing AI or muted is removed; AI ones are labelled. */
  showHidden?: boolean;
  /**
   * Hide pins the model has not scored yet (reason 'unscored') in mode `hide`. The app sets this
   * when the admin forced the minimum mode `hide` (an AI-free instance); otherwise they show labelled.
   */
  hideUnscored?: boolean;
  /**
   * The admin's forced minimum AI mode (CORKBOARD_MIN_AI_MODE). `hide` promises an AI-free instance:
   * "show them" never reveals a pin the AI mode hides (issue 18 row 6); `blur` keeps revealed AI
   * pins blurred. Mutes are the visitor's own rules and stay revealable.
   */
  minAi?: AiMode;
}

const UNSCORED: AiVerdict = Object.freeze({ verdict: 'unscored', score: null, signals: [] }) as AiVerdict;

interface Decision {
  /** Why the visitor's settings hide this pin, or null. */
  hide: HideReason | null;
  /** Presentation if shown (or once revealed). */
  treatment: Treatment;
  /** The forced minimum mode hides it: "show them" must not reveal it. */
  forced: boolean;
}

/** What the AI mode alone says about one verdict. */
function aiDecision(verdict: AiVerdict, prefs: Prefs, hideUnscored: boolean, minAi: AiMode): Omit<Decision, 'forced'> {
  const kind = verdict.verdict;
  if (prefs.ai === 'off' || kind === 'not-ai') return { hide: null, treatment: 'plain' };
  if (kind === 'ai') {
    if (prefs.ai === 'hide') return { hide: 'ai', treatment: minAi === 'blur' ? 'blur' : 'label' };
    return { hide: null, treatment: prefs.ai === 'blur' ? 'blur' : 'label' };
  }
  if (kind === 'unscored' && hideUnscored && prefs.ai === 'hide') return { hide: 'unscored', treatment: 'label' };
  // 'unsure', and 'unscored' outside an AI-free instance: shown with a label/badge.
  return { hide: null, treatment: 'label' };
}

type MuteMatcher = ReturnType<typeof compileMutes>;

function decide(pin: Pin, verdict: AiVerdict, prefs: Prefs, mutes: MuteMatcher, opts: PolicyOptions): Decision {
  const minAi = opts.minAi ?? 'off';
  const ai = aiDecision(verdict, prefs, opts.hideUnscored ?? false, minAi);
  // Checked on the AI decision, not the reason shown: a muted AI pin stays forced-hidden too.
  const forced = ai.hide !== null && minAi === 'hide';
  const muted = mutes.match(pin);
  // A muted pin's reason is the mute (the visitor's explicit rule), even when it is also AI.
  return muted ? { hide: muted, treatment: ai.treatment, forced } : { ...ai, forced };
}

/**
 * Filters one page of pins. Promoted pins are always dropped (counted under 'promoted' only).
 * `hiddenCount` is the number of pins the visitor's settings removed (promoted pins are not
 * included), `revealable` how many of them "show them" would reveal (all but those the forced
 * minimum mode hides). With `showHidden` only forced-hidden pins are removed, and
 * `hiddenByReason` still counts what the settings would have hidden.
 */
export function applyPolicy(pins: readonly Pin[], verdicts: ReadonlyMap<string, AiVerdict>, prefs: Prefs, opts: PolicyOptions = {}): FilterResult {
  const mutes = compileMutes(prefs);
  const shown: ShownPin[] = [];
  const hiddenByReason: Partial<Record<HideReason, number>> = {};
  let hiddenCount = 0;
  let revealable = 0;
  const count = (r: HideReason) => {
    hiddenByReason[r] = (hiddenByReason[r] ?? 0) + 1;
  };

  for (const pin of pins) {
    if (pin.isPromoted) {
      count('promoted');
      continue;
    }
    const verdict = verdicts.get(pin.id) ?? UNSCORED;
    const d = decide(pin, verdict, prefs, mutes, opts);
    if (d.hide) {
      count(d.hide);
      if (!opts.showHidden || d.forced) {
        hiddenCount++;
        if (!d.forced) revealable++;
        continue;
      }
    }
    shown.push({ pin, verdict, treatment: d.treatment });
  }
  return { shown, hiddenCount, hiddenByReason, revealable };
}

export interface PinPageDecision {
  /** The pin's element stays; its image is withheld behind a "show anyway" link. */
  withheld: boolean;
  /** Why the settings would hide it, or null. */
  reason: HideReason | null;
  treatment: Treatment;
  /** Withheld by the forced minimum mode: no "show anyway". */
  forced: boolean;
}

/**
 * The single pin page: a pin the settings would hide keeps its element but withholds the image,
 * unless the visitor chose "show anyway" (`showHidden`). Promoted pins are shown here: the
 * visitor asked for this pin by its address.
 */
export function pinPageDecision(pin: Pin, verdict: AiVerdict | undefined, prefs: Prefs, opts: PolicyOptions = {}): PinPageDecision {
  const d = decide(pin, verdict ?? UNSCORED, prefs, compileMutes(prefs), opts);
  return { withheld: d.hide !== null && (!opts.showHidden || d.forced), reason: d.hide, treatment: d.treatment, forced: d.forced };
}
