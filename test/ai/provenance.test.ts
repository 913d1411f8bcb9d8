import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isCameraCaptureSignal, scanProvenance, sniffContainer } from '../../src/ai/provenance.js';
import {
  IPTC,
  app11,
  app1Exif,
  app1Xmp,
  asciiz,
  box,
  c2paStore,
  cborText,
  iTXt,
  jpeg,
  jumd,
  png,
  pngChunk,
  segment,
  tEXt,
  tiff,
  userCommentUnicode,
  webp,
  webpChunk,
  zTXt,
  zTXtData,
} from './provenance-builders.js';

const A1111 =
  'a cat in a hat, masterpiece\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 512x512, Model hash: abc';
const COMFY_PROMPT = '{"3": {"inputs": {"seed": 1, "steps": 20}, "class_type": "KSampler"}}';
const COMFY_WORKFLOW = '{"last_node_id": 9, "nodes": [{"id": 3, "type": "KSampler"}], "links": []}';

const details = (b: Buffer) => scanProvenance(b).map((s) => s.detail);
const decisive = (b: Buffer) => scanProvenance(b).filter((s) => s.decisive).map((s) => s.detail);

function xmpPacket(body: string): string {
  return `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" ${body}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

describe('sniffContainer', () => {
  it('tells the containers apart by magic bytes', () => {
    expect(sniffContainer(png())).toBe('png');
    expect(sniffContainer(jpeg())).toBe('jpeg');
    expect(sniffContainer(webp())).toBe('webp');
    expect(sniffContainer(Buffer.from('GIF89a'))).toBe('gif');
    expect(sniffContainer(Buffer.from('<html>'))).toBeNull();
    expect(sniffContainer(Buffer.alloc(0))).toBeNull();
  });
});

describe('PNG text chunks', () => {
  it.each([
    ['AUTOMATIC1111 parameters', tEXt('parameters', A1111), 'PNG tEXt "parameters" (AUTOMATIC1111)'],
    ['parameters without A1111 markers', tEXt('parameters', 'a cat'), 'PNG tEXt "parameters" (generation parameters)'],
    ['SwarmUI parameters', tEXt('parameters', '{"sui_image_params": {"seed": 1}}'), 'PNG tEXt "parameters" (SwarmUI)'],
    ['ComfyUI prompt', tEXt('prompt', COMFY_PROMPT), 'PNG tEXt "prompt" (ComfyUI)'],
    ['ComfyUI workflow', tEXt('workflow', COMFY_WORKFLOW), 'PNG tEXt "workflow" (ComfyUI)'],
    ['InvokeAI metadata', tEXt('invokeai_metadata', '{"seed": 1}'), 'PNG tEXt "invokeai_metadata" (InvokeAI)'],
    ['InvokeAI graph', tEXt('invokeai_graph', '{}'), 'PNG tEXt "invokeai_graph" (InvokeAI)'],
    ['legacy InvokeAI sd-metadata', tEXt('sd-metadata', '{}'), 'PNG tEXt "sd-metadata" (InvokeAI)'],
    ['legacy InvokeAI Dream', tEXt('Dream', '"a cat" -s 50'), 'PNG tEXt "Dream" (InvokeAI)'],
    ['Easy Diffusion', tEXt('negative_prompt', 'blurry'), 'PNG tEXt "negative_prompt" (Easy Diffusion)'],
    ['NovelAI Software', tEXt('Software', 'NovelAI'), 'PNG tEXt "Software" = "NovelAI" (NovelAI)'],
    ['NovelAI Comment', tEXt('Comment', '{"prompt": "x", "steps": 28, "sampler": "k_euler", "uc": "lowres"}'), 'PNG tEXt "Comment" (NovelAI)'],
    ['NovelAI Source', tEXt('Source', 'Stable Diffusion XL C1E1DE52'), 'PNG tEXt "Source" = "Stable Diffusion XL C1E1DE52" (Stable Diffusion)'],
    ['A1111 block in a Comment', tEXt('Comment', A1111), 'PNG tEXt "Comment" (AUTOMATIC1111 parameters)'],
    ['zlib-compressed parameters', zTXt('parameters', A1111), 'PNG zTXt "parameters" (AUTOMATIC1111)'],
    ['iTXt parameters', iTXt('parameters', A1111), 'PNG iTXt "parameters" (AUTOMATIC1111)'],
    ['compressed iTXt prompt', iTXt('prompt', COMFY_PROMPT, true), 'PNG iTXt "prompt" (ComfyUI)'],
  ])('%s', (_name, chunk, expected) => {
    const found = scanProvenance(png(chunk));
    expect(found).toContainEqual({ source: 'provenance', detail: expected, decisive: true });
  });

  it('reports both ComfyUI chunks of one file', () => {
    expect(decisive(png(tEXt('prompt', COMFY_PROMPT), tEXt('workflow', COMFY_WORKFLOW)))).toEqual([
      'PNG tEXt "prompt" (ComfyUI)',
      'PNG tEXt "workflow" (ComfyUI)',
    ]);
  });

  it('finds text chunks after IDAT too', () => {
    const file = Buffer.concat([png().subarray(0, -12), tEXt('parameters', A1111), pngChunk('IEND', Buffer.alloc(0))]);
    expect(decisive(file)).toEqual(['PNG tEXt "parameters" (AUTOMATIC1111)']);
  });

  it('stays silent on ordinary human-made PNG metadata', () => {
    const file = png(
      tEXt('Software', 'GIMP 2.10.34'),
      tEXt('Comment', "Study after Leonardo da Vinci's Mona Lisa"),
      tEXt('Title', 'Firefly at dusk'),
      tEXt('Description', 'Kandinsky-inspired composition, gouache on paper'),
      tEXt('Author', 'Jane Doe'),
      iTXt('Description', 'Ideogram study: 永 in eight strokes'),
      tEXt('Creation Time', '2019-05-01'),
    );
    expect(scanProvenance(file)).toEqual([]);
  });

  it('reads XMP in iTXt XML:com.adobe.xmp', () => {
    const xmp = xmpPacket(`Iptc4xmpExt:DigitalSourceType="${IPTC}trainedAlgorithmicMedia">`);
    expect(decisive(png(iTXt('XML:com.adobe.xmp', xmp)))).toEqual(['PNG iTXt XMP DigitalSourceType "trainedAlgorithmicMedia"']);
  });

  it('reads EXIF in an eXIf chunk', () => {
    const exif = tiff([{ tag: 0x0131, value: asciiz('Adobe Firefly Image 3') }]);
    expect(decisive(png(pngChunk('eXIf', exif)))).toEqual(['PNG eXIf EXIF Software "Adobe Firefly Image 3" (Adobe Firefly)']);
  });
});

describe('PNG robustness', () => {
  it('ignores a garbage CRC (the text is still there)', () => {
    const chunk = pngChunk('tEXt', Buffer.concat([asciiz('parameters'), Buffer.from(A1111)]), { badCrc: true });
    expect(decisive(png(chunk))).toEqual(['PNG tEXt "parameters" (AUTOMATIC1111)']);
  });

  it('reads a chunk whose length points past the end as far as the bytes go', () => {
    const data = Buffer.concat([asciiz('parameters'), Buffer.from(A1111)]);
    const file = Buffer.concat([png().subarray(0, 33), pngChunk('tEXt', data, { length: data.length + 5000 })]);
    expect(decisive(file)).toEqual(['PNG tEXt "parameters" (AUTOMATIC1111)']);
  });

  it('survives a 2^32-1 length and stops', () => {
    const liar = pngChunk('tEXt', Buffer.concat([asciiz('prompt'), Buffer.from(COMFY_PROMPT)]), { length: 0xffffffff });
    const file = Buffer.concat([png().subarray(0, 33), liar, tEXt('parameters', A1111)]);
    const found = decisive(file);
    expect(found).toEqual(['PNG tEXt "prompt" (ComfyUI)']); // the chunk after the liar is unreachable
  });

  it('handles zero-length and keyword-only chunks', () => {
    expect(scanProvenance(png(pngChunk('tEXt', Buffer.alloc(0)), pngChunk('zTXt', Buffer.alloc(0)), pngChunk('iTXt', Buffer.alloc(0))))).toEqual([]);
    // A keyword with no text still names the generator UI.
    expect(decisive(png(pngChunk('tEXt', asciiz('workflow'))))).toEqual(['PNG tEXt "workflow" (ComfyUI)']);
    expect(decisive(png(pngChunk('iTXt', asciiz('parameters'))))).toEqual(['PNG iTXt "parameters" (generation parameters)']);
  });

  it('truncated anywhere: never throws, keeps what came before', () => {
    const file = png(tEXt('parameters', A1111), tEXt('workflow', COMFY_WORKFLOW));
    for (let cut = 0; cut <= file.length; cut++) {
      const found = scanProvenance(file.subarray(0, cut));
      if (cut >= 33 + 8 + 'parameters'.length + 1) expect(found.length).toBeGreaterThan(0);
    }
  });

  it('stops at a chunk type that is not four letters', () => {
    const junk = Buffer.concat([Buffer.from([0, 0, 0, 4]), Buffer.from([0, 1, 2, 3]), Buffer.alloc(8)]);
    const file = Buffer.concat([png().subarray(0, 33), junk, tEXt('parameters', A1111)]);
    expect(scanProvenance(file)).toEqual([]);
  });

  it('caps a zlib bomb and still reports the keyword', () => {
    const bomb = deflateSync(Buffer.alloc(16 * 1024 * 1024, 0x41)); // inflates to 8x the cap
    const started = performance.now();
    const found = decisive(png(pngChunk('zTXt', zTXtData('parameters', bomb))));
    expect(found).toEqual(['PNG zTXt "parameters" (generation parameters)']);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads a truncated zlib stream as far as it goes', () => {
    const text = `${A1111}\n${'x'.repeat(5000)}`;
    const z = deflateSync(Buffer.from(text));
    expect(decisive(png(pngChunk('zTXt', zTXtData('parameters', z.subarray(0, z.length - 20)))))).toEqual([
      'PNG zTXt "parameters" (AUTOMATIC1111)',
    ]);
  });

  it('bounds a file made of a million empty chunks', () => {
    const empty = pngChunk('abCd', Buffer.alloc(0));
    const many = Buffer.concat(Array.from({ length: 200_000 }, () => empty));
    const file = Buffer.concat([png().subarray(0, 33), many, tEXt('parameters', A1111)]);
    const started = performance.now();
    scanProvenance(file);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('XMP (JPEG APP1, WebP)', () => {
  it.each(['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia', 'algorithmicMedia', 'compositeSynthetic'])(
    'DigitalSourceType %s is decisive (attribute form)',
    (term) => {
      const file = jpeg(app1Xmp(xmpPacket(`Iptc4xmpExt:DigitalSourceType="${IPTC}${term}">`)));
      expect(decisive(file)).toEqual([`JPEG APP1 XMP DigitalSourceType "${term}"`]);
    },
  );

  it('element form and bare term', () => {
    const el = jpeg(app1Xmp(xmpPacket(`><Iptc4xmpExt:DigitalSourceType>${IPTC}trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>`)));
    expect(decisive(el)).toEqual(['JPEG APP1 XMP DigitalSourceType "trainedAlgorithmicMedia"']);
    const bare = jpeg(app1Xmp(xmpPacket(`Iptc4xmpExt:DigitalSourceType="trainedAlgorithmicMedia">`)));
    expect(decisive(bare)).toEqual(['JPEG APP1 XMP DigitalSourceType "trainedAlgorithmicMedia"']);
  });

  it('digitalCapture is a non-decisive camera (human) signal', () => {
    const found = scanProvenance(jpeg(app1Xmp(xmpPacket(`Iptc4xmpExt:DigitalSourceType="${IPTC}digitalCapture">`))));
    expect(found).toHaveLength(1);
    expect(found[0]!.decisive).toBe(false);
    expect(found[0]!.detail).toContain('digitalCapture');
    expect(isCameraCaptureSignal(found[0]!)).toBe(true);
  });

  it('an AI term beats digitalCapture in the same packet (a composite)', () => {
    const xmp = xmpPacket(`Iptc4xmpExt:DigitalSourceType="${IPTC}digitalCapture"><x:Other>${IPTC}compositeWithTrainedAlgorithmicMedia</x:Other>`);
    const found = scanProvenance(jpeg(app1Xmp(xmp)));
    expect(found.map((s) => s.decisive)).toEqual([true]);
    expect(found.some(isCameraCaptureSignal)).toBe(false);
  });

  it('CreatorTool naming a generator is decisive; a photo editor is not', () => {
    expect(decisive(jpeg(app1Xmp(xmpPacket('xmp:CreatorTool="Midjourney v6">'))))).toEqual([
      'JPEG APP1 XMP xmp:CreatorTool "Midjourney v6" (Midjourney)',
    ]);
    expect(decisive(jpeg(app1Xmp(xmpPacket('><xmp:CreatorTool>Microsoft Designer</xmp:CreatorTool>'))))).toEqual([
      'JPEG APP1 XMP xmp:CreatorTool "Microsoft Designer" (Microsoft Designer)',
    ]);
    for (const tool of ['Adobe Photoshop CS4 Windows', 'Adobe Photoshop Lightroom 6.3 (Macintosh)', 'Photos 1.0', 'GIMP 2.10']) {
      expect(scanProvenance(jpeg(app1Xmp(xmpPacket(`xmp:CreatorTool="${tool}">`))))).toEqual([]);
    }
  });

  it('IPTC 2025.1 AISystemUsed is decisive', () => {
    expect(decisive(jpeg(app1Xmp(xmpPacket('Iptc4xmpExt:AISystemUsed="Imagen 3">'))))).toEqual([
      'JPEG APP1 XMP Iptc4xmpExt:AISystemUsed "Imagen 3"',
    ]);
  });

  it('reads the WebP XMP chunk (odd size, padded)', () => {
    const xmp = xmpPacket(`Iptc4xmpExt:DigitalSourceType="${IPTC}trainedAlgorithmicMedia">x`);
    const data = Buffer.from(xmp.length % 2 ? xmp : `${xmp} `);
    expect(decisive(webp(webpChunk('XMP ', data)))).toEqual(['WebP XMP DigitalSourceType "trainedAlgorithmicMedia"']);
  });
});

describe('EXIF (TIFF reader)', () => {
  it.each([true, false])('Software naming a generator (little-endian %s)', (le) => {
    const block = tiff([{ tag: 0x0131, value: asciiz('Stable Diffusion 1.5') }], null, le);
    expect(decisive(jpeg(app1Exif(block)))).toEqual(['JPEG APP1 EXIF Software "Stable Diffusion 1.5" (Stable Diffusion)']);
  });

  it.each([true, false])('UNICODE UserComment with A1111 parameters (big-endian text %s)', (be) => {
    const block = tiff([{ tag: 0x010f, value: asciiz('Canon') }], [{ tag: 0x9286, type: 7, value: userCommentUnicode(A1111, be) }]);
    expect(decisive(jpeg(app1Exif(block)))).toEqual(['JPEG APP1 EXIF UserComment (AUTOMATIC1111 parameters)']);
  });

  it('ASCII UserComment and ImageDescription naming a generator', () => {
    const block = tiff(
      [{ tag: 0x010e, value: asciiz('made with Midjourney') }],
      [{ tag: 0x9286, type: 7, value: Buffer.concat([Buffer.from('ASCII\0\0\0'), Buffer.from('DALL·E 3 render')]) }],
    );
    expect(decisive(jpeg(app1Exif(block)))).toEqual([
      'JPEG APP1 EXIF ImageDescription (Midjourney)',
      'JPEG APP1 EXIF UserComment (DALL-E)',
    ]);
  });

  it("ComfyUI's workflow: / prompt: in Make and Model", () => {
    const block = tiff([
      { tag: 0x010f, value: asciiz(`workflow:${COMFY_WORKFLOW}`) },
      { tag: 0x0110, value: asciiz(`prompt:${COMFY_PROMPT}`) },
    ]);
    expect(decisive(webp(webpChunk('EXIF', block)))).toEqual(['WebP EXIF EXIF Make "workflow:" (ComfyUI)', 'WebP EXIF EXIF Model "prompt:" (ComfyUI)']);
  });

  it('WebP EXIF with the JPEG "Exif\\0\\0" prefix', () => {
    const block = Buffer.concat([Buffer.from('Exif\0\0'), tiff([{ tag: 0x0131, value: asciiz('NovelAI') }])]);
    expect(decisive(webp(webpChunk('EXIF', block)))).toEqual(['WebP EXIF EXIF Software "NovelAI" (NovelAI)']);
  });

  it('camera EXIF stays silent', () => {
    const block = tiff(
      [
        { tag: 0x010f, value: asciiz('NIKON CORPORATION') },
        { tag: 0x0110, value: asciiz('NIKON D40') },
        { tag: 0x0131, value: asciiz('Ver.1.10') },
        { tag: 0x010e, value: asciiz('Leonardo da Vinci exhibition, Louvre') },
      ],
      [{ tag: 0x9286, type: 7, value: Buffer.concat([Buffer.from('ASCII\0\0\0'), Buffer.from('fireflies over the lake')]) }],
    );
    expect(scanProvenance(jpeg(app1Exif(block)))).toEqual([]);
  });

  it('hostile IFDs: offsets past the end, loops, huge counts, lying value counts', () => {
    const pastEnd = tiff([{ tag: 0x0131, value: asciiz('Midjourney'), offset: 0x7fffffff }]);
    expect(scanProvenance(jpeg(app1Exif(pastEnd)))).toEqual([]);
    const hugeCount = tiff([{ tag: 0x0131, value: asciiz('Midjourney v6 build'), count: 0xffffffff }]);
    expect(decisive(jpeg(app1Exif(hugeCount)))).toEqual(['JPEG APP1 EXIF Software "Midjourney v6 build" (Midjourney)']);
    // Exif IFD pointing back at IFD0: each IFD is read once.
    const loop = tiff([{ tag: 0x0131, value: asciiz('Midjourney') }, { tag: 0x8769, type: 4, value: Buffer.alloc(4), offset: 8 }]);
    expect(decisive(jpeg(app1Exif(loop)))).toEqual(['JPEG APP1 EXIF Software "Midjourney" (Midjourney)']);
    // An entry count of 65535 with no entries behind it.
    const countLie = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 0xff, 0xff, 0x31, 0x01]);
    expect(scanProvenance(jpeg(app1Exif(countLie)))).toEqual([]);
    // Not a TIFF header at all.
    expect(scanProvenance(jpeg(app1Exif(Buffer.from('XXXXXXXXXXXX'))))).toEqual([]);
  });
});

describe('C2PA / JUMBF', () => {
  const aiManifest = `${cborText('claim_generator', 'ChatGPT')} c2pa.actions ${cborText('digitalSourceType', `${IPTC}trainedAlgorithmicMedia`)}`;

  it('JPEG APP11 with an AI digitalSourceType and claim generator', () => {
    expect(decisive(jpeg(...app11(c2paStore(aiManifest))))).toEqual([
      'JPEG APP11 C2PA DigitalSourceType "trainedAlgorithmicMedia"',
      'JPEG APP11 C2PA claim generator "ChatGPT" (ChatGPT)',
    ]);
  });

  it('reads claim_generator_info (C2PA 2.x) names', () => {
    const manifest = `claim_generator_info\x81\xa2${cborText('dname', 'Adobe Firefly')}gversion`;
    expect(decisive(jpeg(...app11(c2paStore(manifest))))).toEqual(['JPEG APP11 C2PA claim generator "Adobe Firefly" (Adobe Firefly)']);
  });

  it('reassembles a store spread over several APP11 segments', () => {
    const padding = 'p'.repeat(3000);
    const store = c2paStore(`${padding}${cborText('digitalSourceType', `${IPTC}compositeWithTrainedAlgorithmicMedia`)}`);
    const segments = app11(store, 1000);
    expect(segments.length).toBeGreaterThan(3);
    // Out of order on purpose: sequence numbers decide.
    const file = jpeg(...[...segments].reverse());
    expect(decisive(file)).toEqual(['JPEG APP11 C2PA DigitalSourceType "compositeWithTrainedAlgorithmicMedia"']);
  });

  it('a camera-signed manifest is a human signal, one without a source type decides nothing', () => {
    const camera = scanProvenance(jpeg(...app11(c2paStore(`${cborText('claim_generator', 'Leica M11-P')} ${IPTC}digitalCapture`))));
    expect(camera).toHaveLength(1);
    expect(isCameraCaptureSignal(camera[0]!)).toBe(true);
    const plain = scanProvenance(jpeg(...app11(c2paStore(cborText('claim_generator', 'Adobe Photoshop 25.0')))));
    expect(plain).toEqual([{ source: 'provenance', detail: 'JPEG APP11 C2PA manifest (no AI source type declared)', decisive: false }]);
  });

  it('PNG caBX and WebP C2PA carriers', () => {
    const store = c2paStore(cborText('digitalSourceType', `${IPTC}trainedAlgorithmicMedia`));
    expect(decisive(png(pngChunk('caBX', store)))).toEqual(['PNG caBX C2PA DigitalSourceType "trainedAlgorithmicMedia"']);
    expect(decisive(webp(webpChunk('C2PA', store)))).toEqual(['WebP C2PA C2PA DigitalSourceType "trainedAlgorithmicMedia"']);
  });

  it('JUMBF without a c2pa label is not C2PA', () => {
    const other = box('jumb', Buffer.concat([jumd('something-else'), box('json', Buffer.from(`${IPTC}trainedAlgorithmicMedia`))]));
    expect(scanProvenance(png(pngChunk('caBX', other)))).toEqual([]);
  });

  it('deep, recursive, zero-length and lying boxes terminate', () => {
    // 50,000 nested superboxes, the c2pa label at the bottom: beyond the depth cap, so not found.
    const deep = nestedSuperboxes(50_000, jumd('c2pa'));
    const started = performance.now();
    expect(scanProvenance(png(pngChunk('caBX', deep)))).toEqual([]);
    // LBox 0 ("to the end"), LBox 1 with a huge XLBox, and an impossible LBox of 3.
    const toEnd = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('jumb'), jumd('c2pa'), Buffer.from(`${IPTC}algorithmicMedia`)]);
    expect(decisive(png(pngChunk('caBX', toEnd)))).toEqual(['PNG caBX C2PA DigitalSourceType "algorithmicMedia"']);
    const xl = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('jumb'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), jumd('c2pa')]);
    expect(scanProvenance(png(pngChunk('caBX', xl)))).toHaveLength(1);
    const tiny = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('jumb'), jumd('c2pa')]);
    expect(scanProvenance(png(pngChunk('caBX', tiny)))).toEqual([]);
    // Many sibling boxes: capped.
    const free = box('free', Buffer.alloc(0));
    const siblings = Buffer.concat(Array.from({ length: 20_000 }, () => free));
    expect(scanProvenance(png(pngChunk('caBX', Buffer.concat([siblings, c2paStore('x')]))))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('JPEG robustness', () => {
  it('a COM segment with generator parameters', () => {
    expect(decisive(jpeg(segment(0xfe, Buffer.from(A1111))))).toEqual(['JPEG COM (AUTOMATIC1111 parameters)']);
  });

  it('segment lengths below 2, past the end, and truncation at every byte', () => {
    expect(scanProvenance(jpeg(segment(0xe1, Buffer.from('Exif\0\0'), 1), app1Xmp(xmpPacket('xmp:CreatorTool="Midjourney">'))))).toEqual([]);
    const xmp = app1Xmp(xmpPacket('xmp:CreatorTool="Midjourney">'));
    const lying = Buffer.concat([xmp.subarray(0, 2), Buffer.from([0xff, 0xff]), xmp.subarray(4)]);
    expect(decisive(jpeg(lying))).toEqual(['JPEG APP1 XMP xmp:CreatorTool "Midjourney" (Midjourney)']);
    const file = jpeg(app1Exif(tiff([{ tag: 0x0131, value: asciiz('NovelAI') }])), ...app11(c2paStore(`${IPTC}trainedAlgorithmicMedia`)));
    for (let cut = 0; cut <= file.length; cut++) scanProvenance(file.subarray(0, cut));
  });

  it('does not read metadata out of the entropy-coded scan', () => {
    const file = Buffer.concat([jpeg(), Buffer.from(`${XMP_IN_SCAN}`)]);
    expect(scanProvenance(file)).toEqual([]);
  });
});

/** `depth` jumb superboxes around `inner`, built in one pass (nesting by concat is quadratic). */
function nestedSuperboxes(depth: number, inner: Buffer): Buffer {
  const out = Buffer.alloc(depth * 8 + inner.length);
  for (let i = 0; i < depth; i++) {
    out.writeUInt32BE(out.length - i * 8, i * 8);
    out.write('jumb', i * 8 + 4, 'latin1');
  }
  inner.copy(out, depth * 8);
  return out;
}

const XMP_IN_SCAN = `\xff\xe1\x00\x40http://ns.adobe.com/xap/1.0/\x00${IPTC}trainedAlgorithmicMedia`;

describe('WebP robustness', () => {
  it('chunk sizes past the end and 2^32-1', () => {
    const xmp = xmpPacket('xmp:CreatorTool="Midjourney">');
    expect(decisive(webp(webpChunk('XMP ', Buffer.from(xmp), 0xffffffff)))).toEqual(['WebP XMP xmp:CreatorTool "Midjourney" (Midjourney)']);
    expect(scanProvenance(webp(webpChunk('EXIF', Buffer.alloc(0))))).toEqual([]);
    const file = webp(webpChunk('XMP ', Buffer.from(xmp)), webpChunk('C2PA', c2paStore(`${IPTC}trainedAlgorithmicMedia`)));
    for (let cut = 0; cut <= file.length; cut += 7) scanProvenance(file.subarray(0, cut));
  });
});

describe('caps', () => {
  it('a file stuffed with generator chunks yields a short list', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => tEXt(`workflow`, `${i}`).subarray(0));
    const many = Array.from({ length: 300 }, (_, i) => tEXt('Software', `Midjourney ${i}`));
    expect(scanProvenance(png(...chunks)).length).toBe(1);
    expect(scanProvenance(png(...many)).length).toBeLessThanOrEqual(24);
  });

  it('details name container and key', () => {
    expect(details(png(tEXt('parameters', A1111)))).toEqual(['PNG tEXt "parameters" (AUTOMATIC1111)']);
  });
});
