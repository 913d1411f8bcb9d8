// Media bytes for the fake Pinterest: deterministic generated JPEG/PNG pictures (sharp), a PNG that
// carries AUTOMATIC1111 generation parameters, dataset pictures for chosen signatures, and small
// MP4 / HLS bodies for videos.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/**
 * Image signatures with special bytes. Fixtures and synthetic feeds use these so AI-filter tests can
 * rely on them end to end:
 *  - aiProvenance: a PNG with a `parameters` tEXt chunk as AUTOMATIC1111 writes it;
 *  - aiDataset / realDataset: pictures from ../shared/datasets/ai-vs-real labelled ai / real
 *    (when that folder is present; generated pictures otherwise).
 */
export const FAKE_SIGNATURES = {
  aiProvenance: ['a1111a1111a1111a1111a1111a1111a1'],
  aiDataset: ['a1da7a5e700000000000000000000001', 'a1da7a5e700000000000000000000002', 'a1da7a5e700000000000000000000003'],
  realDataset: ['ea1da7a5e70000000000000000000001', 'ea1da7a5e70000000000000000000002', 'ea1da7a5e70000000000000000000003'],
} as const;

export const A1111_PARAMETERS =
  'a cozy cabin in an enchanted forest, volumetric light\nNegative prompt: blurry\n' +
  'Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 768x768, Model: v1-5-pruned-emaonly';

export interface MediaBody {
  body: Buffer;
  contentType: string;
}

export interface DatasetPick {
  signature: string;
  file: string;
  label: 'ai' | 'real';
}

/**
 * Choose dataset files for the dataset signatures from manifest.csv: the first photos of each label
 * (photos, because Pinterest is mostly photos), in manifest order so runs are repeatable.
 */
export function pickDatasetImages(sharedDir: string | null): DatasetPick[] {
  if (!sharedDir) return [];
  const dir = join(sharedDir, 'datasets', 'ai-vs-real');
  const manifest = join(dir, 'manifest.csv');
  if (!existsSync(manifest)) return [];
  const rows = readFileSync(manifest, 'utf8').split('\n').slice(1).map((l) => l.split(','));
  const pick = (label: 'ai' | 'real', signatures: readonly string[]): DatasetPick[] => {
    const files = rows
      .filter((r) => r[1] === label && r[2] === 'photo' && r[0] && /\.(?:jpe?g|png|webp)$/i.test(r[0]))
      .map((r) => join(dir, r[0]!))
      .filter((f) => existsSync(f));
    return signatures.flatMap((signature, i) => (files[i] ? [{ signature, file: files[i]!, label }] : []));
  };
  return [...pick('ai', FAKE_SIGNATURES.aiDataset), ...pick('real', FAKE_SIGNATURES.realDataset)];
}

function seedBytes(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Width and height for a size folder: `236x` -> 236 wide, `75x75_RS` -> 75x75, `originals` -> 800 wide. */
export function dimensionsFor(size: string, signature: string): { width: number; height: number } {
  const square = /^(\d+)x(\d+)(?:_RS)?$/.exec(size);
  if (square) return { width: Number(square[1]), height: Number(square[2]) };
  const m = /^(\d+)x$/.exec(size);
  const width = m ? Math.min(Number(m[1]), 1200) : 800;
  // Aspect between 2:3 and 3:2, fixed per signature, like a real mixed grid.
  const ratios = [1.5, 1.25, 1, 0.75, 1.333];
  const ratio = ratios[seedBytes(signature)[0]! % ratios.length]!;
  return { width, height: Math.max(1, Math.round(width * ratio)) };
}

/** A flat-coloured picture with a lighter band, colour derived from the signature. */
export async function generatedImage(
  signature: string,
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp',
): Promise<Buffer> {
  const s = seedBytes(signature);
  const background = { r: s[1]!, g: s[2]!, b: s[3]! };
  const bandHeight = Math.max(1, Math.round(height / 5));
  const band = await sharp({
    create: { width, height: bandHeight, channels: 3, background: { r: 255 - s[1]!, g: 255 - s[2]!, b: 255 - s[3]! } },
  })
    .png()
    .toBuffer();
  const img = sharp({ create: { width, height, channels: 3, background } }).composite([
    { input: band, top: Math.round(height / 2 - bandHeight / 2), left: 0 },
  ]);
  if (format === 'png') return img.png().toBuffer();
  if (format === 'webp') return img.webp({ quality: 70 }).toBuffer();
  return img.jpeg({ quality: 70 }).toBuffer();
}

/** Insert a tEXt chunk (`keyword\0text`, Latin-1) after IHDR, as AUTOMATIC1111 stores its parameters. */
export function withPngTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const type = Buffer.from('tEXt', 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0, 8 + data.length);
  const ihdrEnd = 8 + 8 + png.readUInt32BE(8) + 4; // signature + IHDR header + data + crc
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

export async function provenancePng(signature: string): Promise<Buffer> {
  return withPngTextChunk(await generatedImage(signature, 512, 512, 'png'), 'parameters', A1111_PARAMETERS);
}

// ---- video ----

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/** An MP4-shaped body: a valid `ftyp` box, then an `mdat` of deterministic filler (not playable). */
export function fakeMp4(key: string, size = 96 * 1024): Buffer {
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2avc1mp41', 'latin1')]));
  const filler = Buffer.alloc(Math.max(0, size - ftyp.length - 8));
  const seed = seedBytes(key);
  for (let i = 0; i < filler.length; i++) filler[i] = seed[i % seed.length]! ^ (i & 0xff);
  return Buffer.concat([ftyp, box('mdat', filler)]);
}

/** HLS master playlist pointing at one variant, by a path relative to the master. */
export function hlsMaster(signature: string): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=720x1280,CODECS="avc1.4d401f,mp4a.40.2"',
    `${signature}_720w.m3u8`,
    '',
  ].join('\n');
}

/** HLS media playlist of three relative segments. */
export function hlsVariant(signature: string): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:0'];
  for (let i = 0; i < 3; i++) lines.push('#EXTINF:4.0,', `${signature}_720w_0000${i}.ts`);
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

/** A few MPEG-TS packets (sync byte 0x47) as a segment body. */
export function fakeTsSegment(key: string): Buffer {
  const packets = 32;
  const out = Buffer.alloc(188 * packets);
  const seed = seedBytes(key);
  for (let p = 0; p < packets; p++) {
    out[p * 188] = 0x47;
    for (let i = 1; i < 188; i++) out[p * 188 + i] = seed[(p + i) % seed.length]!;
  }
  return out;
}
