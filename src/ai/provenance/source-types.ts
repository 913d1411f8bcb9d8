// IPTC Digital Source Type terms (https://cv.iptc.org/newscodes/digitalsourcetype/): which ones mean
// "made by a generator", and which one means "taken by a camera" (a human signal, never AI).
import type { SignalSink } from './sink.js';

/** Terms that say a generator (trained or not) made or composited the picture. */
const AI_SOURCE_TYPES: ReadonlySet<string> = new Set([
  'trainedalgorithmicmedia',
  'compositewithtrainedalgorithmicmedia',
  'algorithmicmedia',
  'compositesynthetic',
]);

const CANONICAL: Record<string, string> = {
  trainedalgorithmicmedia: 'trainedAlgorithmicMedia',
  compositewithtrainedalgorithmicmedia: 'compositeWithTrainedAlgorithmicMedia',
  algorithmicmedia: 'algorithmicMedia',
  compositesynthetic: 'compositeSynthetic',
  digitalcapture: 'digitalCapture',
};

/** The suffix every camera-capture detail ends with; verdict.ts keys on it (isCameraCaptureSignal). */
export const CAMERA_CAPTURE_NOTE = '(camera capture: a human signal)';

const MAX_MATCHES = 64;

/**
 * Finds Digital Source Type values in XMP text or a C2PA manifest (both carry the IPTC URI as plain
 * text; XMP may also give a bare term as a property value) and reports them: AI terms decisive,
 * `digitalCapture` as a non-decisive human signal.
 */
export function reportSourceTypes(text: string, where: string, sink: SignalSink): { ai: boolean; camera: boolean } {
  const terms = new Set<string>();
  let n = 0;
  for (const m of text.matchAll(/digitalsourcetype\/([A-Za-z]{3,64})/gi)) {
    terms.add(m[1]!.toLowerCase());
    if (++n > MAX_MATCHES) break;
  }
  n = 0;
  for (const m of text.matchAll(/DigitalSourceType\s*(?:=\s*["']|>)\s*([A-Za-z]{3,64})\s*["'<]/g)) {
    terms.add(m[1]!.toLowerCase());
    if (++n > MAX_MATCHES) break;
  }
  let ai = false;
  let camera = false;
  for (const t of terms) {
    if (AI_SOURCE_TYPES.has(t)) {
      ai = true;
      sink.add(`${where} DigitalSourceType "${CANONICAL[t]}"`, true);
    } else if (t === 'digitalcapture') {
      camera = true;
    }
  }
  // A composite of a photo with generated parts can list both; the AI term decides then.
  if (camera && !ai) sink.add(`${where} DigitalSourceType "digitalCapture" ${CAMERA_CAPTURE_NOTE}`, false);
  return { ai, camera };
}
