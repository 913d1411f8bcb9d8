// Bounds-checked reads over untrusted bytes: every reader returns null instead of reading past the
// end, so the container scanners can treat any length field as a claim to verify, never a fact.

export function u16be(b: Uint8Array, o: number): number | null {
  return o >= 0 && o + 2 <= b.length ? (b[o]! << 8) | b[o + 1]! : null;
}

export function u16le(b: Uint8Array, o: number): number | null {
  return o >= 0 && o + 2 <= b.length ? b[o]! | (b[o + 1]! << 8) : null;
}

export function u32be(b: Uint8Array, o: number): number | null {
  return o >= 0 && o + 4 <= b.length ? b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) : null;
}

export function u32le(b: Uint8Array, o: number): number | null {
  return o >= 0 && o + 4 <= b.length ? b[o + 3]! * 0x1000000 + ((b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!) : null;
}

/** Four bytes as ASCII (chunk types, box types), or null past the end. */
export function fourcc(b: Uint8Array, o: number): string | null {
  return o >= 0 && o + 4 <= b.length ? String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!) : null;
}

/** Does `b` hold the ASCII `text` at `o`? */
export function startsWithAscii(b: Uint8Array, o: number, text: string): boolean {
  if (o < 0 || o + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[o + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Latin-1 text of b[start, end) clamped to the buffer and to `max` characters. */
export function latin1(b: Uint8Array, start: number, end: number, max = 1 << 20): string {
  const s = Math.max(0, Math.min(start, b.length));
  const e = Math.max(s, Math.min(end, b.length, s + max));
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

/** UTF-8 text of b[start, end), clamped like latin1(). */
export function utf8(b: Uint8Array, start: number, end: number, max = 1 << 20): string {
  const s = Math.max(0, Math.min(start, b.length));
  const e = Math.max(s, Math.min(end, b.length, s + max));
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}

/** Index of the first zero byte in [start, end), or -1. */
export function indexOfZero(b: Uint8Array, start: number, end: number): number {
  const e = Math.min(end, b.length);
  for (let i = Math.max(0, start); i < e; i++) if (b[i] === 0) return i;
  return -1;
}
