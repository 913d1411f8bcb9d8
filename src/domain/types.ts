// The typed model every stage after the parser works with. Nothing here holds a Pinterest URL:
// media are local paths served by the instance's own proxy (/img/..., /vid/...), links to other
// Pinterest pages are local paths (/pin/ID/, /USER/BOARD/), and outbound links are already cleaned.

/** One size of an image, as a local proxy path such as `/img/736x/ab/cd/ef/<sig>.jpg`. */
export interface ImageVariant {
  /** Pinterest's size folder: `236x`, `474x`, `736x`, `originals`, `75x75_RS`, ... */
  size: string;
  /** Local path on this instance; never an upstream URL. */
  path: string;
  width: number | null;
  height: number | null;
}

/** One picture with all the sizes Pinterest offered, smallest width first. */
export interface ImageSet {
  /** Pinterest's image_signature (32 hex); the key for cached AI verdicts. */
  signature: string | null;
  variants: ImageVariant[];
  dominantColor: string | null;
}

export interface PinVideo {
  /** Local path of a progressive MP4 (plays in <video> without JavaScript), if Pinterest has one. */
  mp4: string | null;
  /** Local path of the HLS master playlist, proxied and rewritten, if there is one. */
  hls: string | null;
  poster: ImageSet | null;
  width: number | null;
  height: number | null;
  durationMs: number | null;
}

/** One page of an Idea pin (story pin): its pictures and its step text, in the pin's order. */
export interface PinStep {
  images: ImageSet[];
  /** Paragraph text of the page, blocks joined by blank lines; '' when the page has none. */
  text: string;
}

export interface UserRef {
  username: string;
  fullName: string;
  /** Local path: proxied avatar, or the instance's own default avatar under /static/. */
  avatar: string;
}

export interface BoardRef {
  name: string;
  /** Local path such as `/user/board-slug/`. */
  path: string;
}

export interface Pin {
  /** Pin IDs exceed 2^53: always a string. */
  id: string;
  title: string;
  description: string;
  /** Alt text for the image: Pinterest's alt_text, else its auto_alt_text, else the title. */
  altText: string;
  /** The pictures: one for an image pin, every slot of a carousel, every page image of an Idea pin. */
  images: ImageSet[];
  video: PinVideo | null;
  /** Outbound link with trackers and Pinterest redirect wrappers removed; null for uploads. */
  link: string | null;
  domain: string | null;
  /** ISO 8601, or null when Pinterest gave no date. */
  createdAt: string | null;
  pinner: UserRef | null;
  board: BoardRef | null;
  saves: number | null;
  commentCount: number | null;
  isPromoted: boolean;
  /**
   * Pinterest's own AI label, kept raw (`digital_media_source_type` / `digitalMediaSourceType`).
   * Research reads 11/12/15/16 as AI kinds; unconfirmed, so the AI filter interprets it, not the parser.
   */
  digitalMediaSourceType: number | string | null;
  /** Raw `gen_ai_topics` when Pinterest sent it (requested through add_fields); null otherwise. */
  genAiTopics: unknown;
  hashtags: string[];
  /**
   * Idea-pin pages with their step text, when at least one page has text; absent otherwise (the
   * pictures are in `images` either way, so the AI check sees every one).
   */
  steps?: PinStep[];
}

export interface User {
  id: string | null;
  username: string;
  fullName: string;
  about: string;
  avatar: string;
  followerCount: number | null;
  followingCount: number | null;
  pinCount: number | null;
  boardCount: number | null;
  /** Cleaned outbound website link. */
  website: string | null;
}

export interface Board {
  id: string;
  name: string;
  /** Local path `/user/slug/`. */
  path: string;
  description: string;
  pinCount: number | null;
  sectionCount: number | null;
  followerCount: number | null;
  owner: UserRef | null;
  cover: ImageSet | null;
}

export interface BoardSection {
  id: string;
  slug: string;
  title: string;
  pinCount: number | null;
}

/** One page of a paginated list; `next` is Pinterest's opaque bookmark, or null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

// ---- AI verdicts ----

export type AiVerdictKind = 'ai' | 'not-ai' | 'unsure' | 'unscored';

// 'list': an instance AI list or subscription names it; 'context': its pinner or board has a
// record of decisive AI evidence on this instance; 'report': the visitor's own report (src/context/).
export type SignalSource = 'pinterest-label' | 'provenance' | 'text' | 'model' | 'list' | 'context' | 'report';

export interface Signal {
  source: SignalSource;
  /** Human-readable evidence, e.g. `PNG tEXt "parameters" (AUTOMATIC1111)` or `model 0.93`. */
  detail: string;
  /** Strong evidence (Pinterest label, provenance) that justifies hiding on its own. */
  decisive: boolean;
}

/** What was looked at for one image's verdict, so the pin page can say what was checked and found. */
export interface AiChecks {
  /** The image bytes were read and scanned for generator metadata. */
  file: boolean;
  /** Why the model gave no probability (e.g. `too small`, `not finished in time`), or null when it gave one. */
  modelNote: string | null;
}

export interface AiVerdict {
  verdict: AiVerdictKind;
  /** Calibrated model probability of AI generation (0..1), or null when the model did not score. */
  score: number | null;
  signals: Signal[];
  /** What the scorer looked at (absent when not recorded, e.g. verdicts built in tests or lists). */
  checks?: AiChecks;
  /**
   * Pins with several images (carousels, Idea pins): each image's own verdict, in `pin.images`
   * order; the pin's verdict above is the strongest of them. Absent for single-image pins.
   */
  images?: AiVerdict[];
}
