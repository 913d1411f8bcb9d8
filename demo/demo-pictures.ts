// Real-looking pictures for the demo's fake Pinterest: public-domain photographs and GPL artworks
// from Debian packages (demo/pictures/CREDITS.md), each cropped to the pin's shape, and, for the
// pins the demo marks as AI, pictures drawn here from an SVG (procedurally generated, not by an
// AI model; see CREDITS.md). The choice is a pure function of the image signature, so every size
// of one pin shows the same picture.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';

const PICTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pictures');

/** Signatures of the fixture pins Pinterest labels as AI (pin-resource-ai-label, -gen-ai-topics). */
export const DEMO_GENERATED_SIGNATURES: ReadonlySet<string> = new Set([
  'b71ff3de72d48aadb6f1effb3f656223',
  'c8456454c283c71a8cdeb4c06032b87f',
]);

let files: string[] | null = null;
function pictureFiles(): string[] {
  files ??= readdirSync(PICTURES_DIR).filter((f) => f.endsWith('.jpg')).sort();
  return files;
}

function seed(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

type Format = 'jpeg' | 'png' | 'webp';

function encode(img: Sharp, format: Format): Promise<Buffer> {
  if (format === 'png') return img.png().toBuffer();
  if (format === 'webp') return img.webp({ quality: 72 }).toBuffer();
  return img.jpeg({ quality: 78 }).toBuffer();
}

/** One of the shipped photographs or artworks, cropped to `width` x `height`. */
export async function demoPhoto(signature: string, width: number, height: number, format: Format): Promise<Buffer> {
  const all = pictureFiles();
  const file = all[seed(signature).readUInt32BE(0) % all.length]!;
  return encode(sharp(readFileSync(join(PICTURES_DIR, file))).resize(width, height, { fit: 'cover', position: 'attention' }), format);
}

/** A clearly synthetic picture: a glowing orb in a gradient sky with stars, colours from the signature. */
export async function demoGenerated(signature: string, width: number, height: number, format: Format): Promise<Buffer> {
  const s = seed(signature);
  const hue = (s[0]! * 360) / 256;
  const hue2 = (hue + 140) % 360;
  const stars = Array.from({ length: 40 }, (_, i) => {
    const x = (s[(i * 2) % 32]! / 255) * width;
    const y = (s[(i * 2 + 1) % 32]! / 255) * height * 0.6;
    const r = 0.6 + ((s[(i + 7) % 32]! % 5) / 4) * 1.6;
    return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="#fff" opacity="0.8"/>`;
  }).join('');
  const cx = width * (0.35 + (s[3]! / 255) * 0.3);
  const cy = height * (0.35 + (s[4]! / 255) * 0.2);
  const orb = Math.min(width, height) * 0.22;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,18%)"/><stop offset="1" stop-color="hsl(${hue2},80%,55%)"/>
    </linearGradient>
    <radialGradient id="glow"><stop offset="0" stop-color="#fff"/><stop offset="0.35" stop-color="hsl(${hue2},100%,75%)"/><stop offset="1" stop-color="hsl(${hue2},100%,60%)" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="100%" height="100%" fill="url(#sky)"/>${stars}
  <circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${(orb * 2.2).toFixed(1)}" fill="url(#glow)"/>
  <path d="M0 ${height * 0.78} Q ${width * 0.3} ${height * 0.62} ${width * 0.55} ${height * 0.76} T ${width} ${height * 0.7} V ${height} H 0 Z" fill="hsl(${hue},60%,12%)"/>
</svg>`;
  return encode(sharp(Buffer.from(svg)), format);
}
