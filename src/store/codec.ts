// Values to and from bytes for the shared store. JSON, except that Buffers (image bytes) travel as
// raw bytes after the JSON rather than as base64 or number arrays:
//   [u32 JSON length][JSON, with each Buffer replaced by {"$buf": i}][buffer 0][buffer 1]...
// Buffer lengths are in the JSON ({"$buf": i, "n": length}).

const MAGIC = 0xcb; // first byte: a format tag, so a foreign value is refused rather than misread

export function encodeValue(value: unknown): Buffer {
  const buffers: Buffer[] = [];
  const json = JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    // JSON.stringify has already applied Buffer#toJSON to `v`; the original is this[key].
    const original = key === '' ? value : this[key];
    if (Buffer.isBuffer(original)) {
      buffers.push(original);
      return { $buf: buffers.length - 1, n: original.length };
    }
    return v;
  });
  const head = Buffer.from(json ?? 'null', 'utf8');
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(MAGIC, 0);
  prefix.writeUInt32BE(head.length, 1);
  return Buffer.concat([prefix, head, ...buffers]);
}

/** The value, or undefined when the bytes are not something encodeValue wrote. */
export function decodeValue(bytes: Buffer): unknown {
  if (bytes.length < 5 || bytes.readUInt8(0) !== MAGIC) return undefined;
  const headLen = bytes.readUInt32BE(1);
  if (5 + headLen > bytes.length) return undefined;
  let offset = 5 + headLen;
  const starts: { start: number; n: number }[] = [];
  try {
    return JSON.parse(bytes.toString('utf8', 5, 5 + headLen), (_key, v: unknown) => {
      if (v && typeof v === 'object' && typeof (v as { $buf?: unknown }).$buf === 'number' && typeof (v as { n?: unknown }).n === 'number') {
        const { $buf, n } = v as { $buf: number; n: number };
        // Buffers were appended in replacer order, which is document order, which is the reviver's order.
        if ($buf !== starts.length || n < 0 || offset + n > bytes.length) throw new Error('bad buffer ref');
        starts.push({ start: offset, n });
        const b = bytes.subarray(offset, offset + n);
        offset += n;
        return Buffer.from(b); // a copy: the caller may keep it long after the reply buffer
      }
      return v;
    });
  } catch {
    return undefined;
  }
}
