// The evaluation protocol: how the instance sees an image (Pinterest's 236x variant), applied to every
// evaluation image: center square crop, 236 px, JPEG quality 80. Mirrors tools/train/protocol.py.
import sharp from 'sharp';

export const EVAL_PROTOCOL = { crop: 'center-square', size: 236, kernel: 'lanczos3', jpegQuality: 80 } as const;

/** Images declaring more pixels than this are refused before decoding (decompression bombs). */
const MAX_PIXELS = 100_000_000;

/** The image could not be brought into the protocol (undecodable, not an image, too large). */
export class EvalProtocolError extends Error {
  constructor(detail: string) {
    super(`evaluation protocol: ${detail}`);
    this.name = 'EvalProtocolError';
  }
}

/**
 * Image bytes -> protocol JPEG: EXIF-oriented, transparency flattened on white, the centred square
 * of side min(w, h) scaled to 236x236 (lanczos3, up or down), re-encoded as JPEG quality 80.
 */
export async function applyEvalProtocol(bytes: Buffer): Promise<Buffer> {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new EvalProtocolError('empty file');
  try {
    // Decode (oriented, flattened, sRGB) first, then crop the square, then scale: cropping before
    // resampling keeps pixels outside the square out of the kernel, as tools/train/protocol.py does.
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', autoOrient: true })
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const side = Math.min(info.width, info.height);
    return await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .extract({ left: Math.floor((info.width - side) / 2), top: Math.floor((info.height - side) / 2), width: side, height: side })
      .resize({ width: EVAL_PROTOCOL.size, height: EVAL_PROTOCOL.size, kernel: EVAL_PROTOCOL.kernel })
      .jpeg({ quality: EVAL_PROTOCOL.jpegQuality })
      .toBuffer();
  } catch (err) {
    throw new EvalProtocolError(`cannot process image (${(err as Error).message})`);
  }
}
