// Provenance scan over an image's raw bytes: generator metadata (C2PA, IPTC DigitalSourceType in
// XMP, generator text chunks, EXIF tool fields). Hand-written, bounded, never throws.
import type { Signal } from '../domain/types.js';
import { startsWithAscii } from './provenance/bytes.js';
import { scanJpeg } from './provenance/jpeg.js';
import { PNG_SIGNATURE, scanPng } from './provenance/png.js';
import { SignalSink, type ScanBudget } from './provenance/sink.js';
import { CAMERA_CAPTURE_NOTE } from './provenance/source-types.js';
import { scanWebp } from './provenance/webp.js';

export type ImageContainer = 'jpeg' | 'png' | 'webp' | 'gif' | null;

/** The container by magic bytes (never by file name or Content-Type). */
export function sniffContainer(b: Uint8Array): ImageContainer {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'png';
  if (startsWithAscii(b, 0, 'RIFF') && startsWithAscii(b, 8, 'WEBP')) return 'webp';
  if (startsWithAscii(b, 0, 'GIF8')) return 'gif';
  return null;
}

/**
 * Every provenance signal in the bytes. Generator evidence is decisive. Two kinds are not:
 * `digitalCapture` (a camera, i.e. a human signal; see isCameraCaptureSignal) and a C2PA manifest
 * that declares no AI source type (cameras and editors sign too). Truncated or hostile input
 * yields what was found before the damage.
 */
export function scanProvenance(bytes: Uint8Array, budget?: ScanBudget): Signal[] {
  const sink = new SignalSink(budget);
  try {
    switch (sniffContainer(bytes)) {
      case 'jpeg':
        scanJpeg(bytes, sink);
        break;
      case 'png':
        scanPng(bytes, sink);
        break;
      case 'webp':
        scanWebp(bytes, sink);
        break;
      default:
        // GIF has no standard place for generator metadata; unknown formats are not ours to guess.
        break;
    }
  } catch {
    // The scanners are written not to throw; this guard keeps a missed edge case from failing a
    // page. What was found before the fault is still returned.
  }
  return sink.signals;
}

/** A camera-capture (IPTC `digitalCapture`) signal: human evidence that vetoes model-only hiding. */
export function isCameraCaptureSignal(s: Signal): boolean {
  return s.source === 'provenance' && !s.decisive && s.detail.endsWith(CAMERA_CAPTURE_NOTE);
}
