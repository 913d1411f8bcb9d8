// Visitor preferences and the filter's output, shared by the policy stage and the views.
import type { AiVerdict, Pin } from '../domain/types.js';
import type { Sensitivity } from '../ai/types.js';

export type { AiMode, ImageSize, Theme } from '../domain/vocabulary.js';
import type { AiMode, ImageSize, Theme } from '../domain/vocabulary.js';

/** One visitor's settings. Each has one name: form field, cookie and query parameter alike. */
export interface Prefs {
  ai: AiMode;
  sensitivity: Sensitivity;
  theme: Theme;
  size: ImageSize;
  autoplay: boolean;
  badge: boolean; // add the model score to the "AI" / "Maybe AI" badges
  /** Judge pins also by their pinner's and board's record on this instance (src/context/). */
  context: boolean;
  mute_words: string[];
  mute_pinners: string[];
  mute_boards: string[]; // board paths, e.g. "user/board-slug"
  mute_domains: string[];
}

export type HideReason = 'ai' | 'unscored' | 'muted-word' | 'muted-pinner' | 'muted-board' | 'muted-domain' | 'promoted';

/** How a shown pin is presented. */
export type Treatment = 'plain' | 'label' | 'blur';

export interface ShownPin {
  pin: Pin;
  verdict: AiVerdict;
  treatment: Treatment;
}

export interface FilterResult {
  shown: ShownPin[];
  hiddenCount: number;
  /** How many of `hiddenCount` "show them" would reveal; absent means all of them. */
  revealable?: number;
  hiddenByReason: Partial<Record<HideReason, number>>;
}
