// Contracts between the AI stages: the model manifest (JSON, drop-in format for admins), the
// image model the scorer drives, and the scorer the routes call.
import type { AiVerdict, Pin } from '../domain/types.js';

/** models/<name>/manifest.json. Paths inside are relative to the manifest's folder. */
export interface ModelManifest {
  schema: 1;
  id: string; // e.g. "corkboard-mnv2-stats"
  name: string; // human name for /info.json
  version: string;
  description: string;
  license: string;
  source: string; // provenance of the weights
  file: string; // ONNX file, relative to the manifest
  sha256: string; // of that file; checked at load
  input: {
    name: string; // ONNX input name
    layout: 'NCHW' | 'NHWC';
    size: [number, number]; // [height, width] fed to the network
    resize: 'shorter_side'; // resize the shorter side to size, then crop
    crop: 'center';
    interpolation: 'bilinear' | 'lanczos3' | 'cubic' | 'nearest';
    alpha: 'white'; // composite transparency on white
    scale: number; // pixel * scale, then (x - mean) / std per channel (RGB order)
    mean: [number, number, number];
    std: [number, number, number];
    /** Images whose shorter side is below this are not scored (never upscale far). */
    min_source_px: number;
  };
  output: {
    name: string; // ONNX output name
    kind: 'logit' | 'probability';
    /** For multi-column outputs, the column that means "AI". */
    ai_index: number;
  };
  /** Score to probability: p = sigmoid(a * logit + b). Identity for kind 'probability' when absent. */
  calibration: { type: 'platt'; a: number; b: number } | { type: 'none' };
  /**
   * Probability thresholds per sensitivity. verdict: p >= hide -> 'ai'; label <= p < hide -> 'unsure';
   * below label -> 'not-ai'. Chosen by false-positive rate on real photos and human-made art
   * separately (the stricter of the two); the FPRs they were chosen at are recorded beside them.
   */
  thresholds: Record<Sensitivity, { label: number; hide: number }>;
  operating_points?: unknown; // evaluation figures behind the thresholds (free-form, for humans)
  runtime?: { intra_op_threads?: number; max_batch?: number };
  /** Self-test at load: a constant-valued input tensor and the output it must give. */
  selftest: { fill: number; expect: number; atol: number };
}

export type { Sensitivity } from '../domain/vocabulary.js';
import type { Sensitivity } from '../domain/vocabulary.js';

export interface ModelInfo {
  id: string;
  name: string;
  version: string;
  sha256: string;
  license: string;
  source: string;
}

/** One scored image: calibrated probability (0..1) of AI generation, or null if not scorable. */
export interface ModelScore {
  probability: number | null;
  /** Why there is no probability (too small, undecodable), for the signal detail. */
  reason?: string;
}

/** A loaded model. scoreBatch takes encoded image bytes (JPEG/PNG/WebP/GIF). */
export interface ImageModel {
  readonly info: ModelInfo;
  readonly manifest: ModelManifest;
  scoreBatch(images: Buffer[]): Promise<ModelScore[]>;
  close(): Promise<void>;
}

/** What the routes call: verdicts for the images they are about to show. */
export interface PinScorer {
  /**
   * Verdict per pin ID for the given pins, each scored on `variantPath(pin)` (the local image path
   * actually displayed). Pins not finished within budgetMs get verdict 'unscored' and are finished
   * in the background, so the next visit finds them cached.
   */
  scorePins(
    pins: Pin[],
    opts: {
      variantPath: (pin: Pin) => string | null;
      budgetMs: number;
      sensitivity: Sensitivity;
      /** The visitor's `context` setting: false leaves the pinner's and board's record out (src/context/). */
      context?: boolean;
    },
  ): Promise<Map<string, AiVerdict>>;
  /** Figures for /info.json and /metrics. */
  stats(): { scored: number; cached: number; queued: number; failed: number };
}
