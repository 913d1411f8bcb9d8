// Names of image generators and the word-aware phrase matcher shared by provenance (tool fields)
// and the text cues. Matching works on normalized word tokens, never on raw substrings, so "aid",
// "Thai art" or "Leonardo da Vinci" cannot look like "ai" or "Leonardo.Ai".

/** Lower-case, strip diacritics (NFKD + drop marks, which also folds full-width letters), split into
 * runs of Unicode letters/digits. Input is capped so a hostile 10 MB description costs little. */
export function tokenize(text: string, maxChars = 20_000): string[] {
  const clipped = text.length > maxChars ? text.slice(0, maxChars) : text;
  const folded = clipped.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * One phrase: a sequence of words. It matches the same words in a row, or (for hashtags and
 * domain-like spellings) the words run together as one token: "stable diffusion" also matches
 * "#stablediffusion" and "StableDiffusion". With `prefix`, the run-together form may continue
 * ("#aiart" matches "#aiartcommunity").
 */
export interface Phrase {
  /** Canonical name used in signal details. */
  name: string;
  words: string[];
  joined: string;
  prefix: boolean;
}

export function phrase(text: string, name = text, prefix = false): Phrase {
  const words = tokenize(text);
  return { name, words, joined: words.join(''), prefix };
}

/** Phrases indexed by first word and by run-together form, so a lookup costs one probe per token. */
export interface PhraseIndex {
  phrases: readonly Phrase[];
  byFirstWord: Map<string, number[]>;
  byJoined: Map<string, number[]>;
  /** Prefix phrases by the first two letters of their run-together form. */
  prefixedByHead: Map<string, number[]>;
}

const NONE: readonly number[] = [];

export function indexPhrases(phrases: readonly Phrase[]): PhraseIndex {
  const index: PhraseIndex = { phrases, byFirstWord: new Map(), byJoined: new Map(), prefixedByHead: new Map() };
  const push = (m: Map<string, number[]>, k: string, i: number) => m.set(k, [...(m.get(k) ?? []), i]);
  phrases.forEach((p, i) => {
    if (p.words.length === 0) return;
    push(index.byFirstWord, p.words[0]!, i);
    push(index.byJoined, p.joined, i);
    if (p.prefix) push(index.prefixedByHead, p.joined.slice(0, 2), i);
  });
  return index;
}

/** Every phrase found in `tokens`, each once, in the index's list order. */
export function findPhrases(tokens: readonly string[], index: PhraseIndex): Phrase[] {
  const hits = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    for (const k of index.byJoined.get(t) ?? NONE) hits.add(k);
    for (const k of index.byFirstWord.get(t) ?? NONE) if (!hits.has(k) && wordsAt(tokens, i, index.phrases[k]!)) hits.add(k);
    if (t.length < 3) continue;
    for (const k of index.prefixedByHead.get(t.slice(0, 2)) ?? NONE) if (!hits.has(k) && t.startsWith(index.phrases[k]!.joined)) hits.add(k);
  }
  return [...hits].sort((a, b) => a - b).map((k) => index.phrases[k]!);
}

function wordsAt(tokens: readonly string[], i: number, p: Phrase): boolean {
  if (i + p.words.length > tokens.length) return false;
  for (let k = 0; k < p.words.length; k++) if (tokens[i + k] !== p.words[k]) return false;
  return true;
}

// Generator and tool names. Each entry must be safe to match anywhere as whole words: a bare
// ambiguous word (Firefly the insect, Leonardo the painter, Kandinsky, "ideogram" the character,
// Gemini the sign, Flux the capacitor, "dalle" French for slab) is only listed with a qualifier
// that makes it unambiguous.
export const GENERATOR_PHRASES: readonly Phrase[] = [
  phrase('midjourney', 'Midjourney', true),
  phrase('niji journey', 'Niji Journey', true),
  phrase('dall e', 'DALL-E'),
  phrase('dalle 2', 'DALL-E'),
  phrase('dalle 3', 'DALL-E'),
  phrase('stable diffusion', 'Stable Diffusion', true),
  phrase('sdxl', 'SDXL', true),
  phrase('stable cascade', 'Stable Cascade'),
  phrase('dreamstudio', 'DreamStudio'),
  phrase('comfyui', 'ComfyUI', true),
  phrase('automatic1111', 'AUTOMATIC1111'),
  phrase('stable diffusion webui', 'AUTOMATIC1111'),
  phrase('sd next', 'SD.Next'),
  phrase('fooocus', 'Fooocus'),
  phrase('invokeai', 'InvokeAI'),
  phrase('swarmui', 'SwarmUI'),
  phrase('novelai', 'NovelAI', true),
  phrase('diffusionbee', 'DiffusionBee'),
  phrase('draw things', 'Draw Things'),
  phrase('adobe firefly', 'Adobe Firefly'),
  phrase('firefly image', 'Adobe Firefly'),
  phrase('leonardo ai', 'Leonardo.Ai', true),
  phrase('ideogram ai', 'Ideogram', true),
  phrase('bing image creator', 'Bing Image Creator'),
  phrase('microsoft designer', 'Microsoft Designer'),
  phrase('image creator from microsoft designer', 'Microsoft Designer'),
  phrase('gpt image', 'GPT Image'),
  phrase('gpt 4o image', 'GPT-4o'),
  phrase('chatgpt image', 'ChatGPT'),
  phrase('google imagen', 'Imagen'),
  phrase('imagen 3', 'Imagen'),
  phrase('imagen 4', 'Imagen'),
  phrase('nano banana', 'Nano Banana', true),
  phrase('flux 1', 'FLUX'),
  phrase('flux 2', 'FLUX'),
  phrase('flux dev', 'FLUX'),
  phrase('flux schnell', 'FLUX'),
  phrase('flux pro', 'FLUX'),
  phrase('flux kontext', 'FLUX'),
  phrase('flux ai', 'FLUX'),
  phrase('black forest labs', 'FLUX'),
  phrase('craiyon', 'Craiyon'),
  phrase('nightcafe', 'NightCafe', true),
  phrase('playground ai', 'Playground'),
  phrase('krea ai', 'Krea'),
  phrase('dreamina', 'Dreamina'),
  phrase('seedream', 'Seedream'),
  phrase('hunyuan image', 'Hunyuan'),
  phrase('hunyuandit', 'Hunyuan'),
  phrase('qwen image', 'Qwen-Image'),
  phrase('pixart sigma', 'PixArt'),
  phrase('pixart alpha', 'PixArt'),
  phrase('kandinsky 2', 'Kandinsky (Sber AI)'),
  phrase('kandinsky 3', 'Kandinsky (Sber AI)'),
  phrase('tensor art', 'Tensor.Art'),
  phrase('seaart', 'SeaArt', true),
  phrase('starryai', 'StarryAI'),
  phrase('wombo dream', 'Wombo Dream'),
  phrase('artbreeder', 'Artbreeder'),
  phrase('deepdream', 'DeepDream'),
];

// Names that are proof in a tool field (EXIF Software, XMP CreatorTool) but far too common in pin
// text, where "ChatGPT tips for teachers" is no evidence about the picture.
const TOOL_FIELD_INDEX = indexPhrases([
  ...GENERATOR_PHRASES,
  phrase('chatgpt', 'ChatGPT'),
  phrase('openai', 'OpenAI'),
  phrase('dalle', 'DALL-E'),
]);

/** The generator names alone, for free-text fields. */
export const GENERATOR_INDEX = indexPhrases(GENERATOR_PHRASES);

/** The first generator named in a tool field (Software, CreatorTool, softwareAgent), or null. */
export function findGenerator(toolField: string): string | null {
  const found = findPhrases(tokenize(toolField, 4096), TOOL_FIELD_INDEX);
  return found[0]?.name ?? null;
}
