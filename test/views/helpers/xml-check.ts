// A strict little XML 1.0 well-formedness parser for the feed tests (no XML parser is installed).
// It rejects: characters outside the Char production (controls, U+FFFE/FFFF, lone surrogates),
// unknown or malformed entity references, `<` or bare `&` in text or attributes, `]]>` in text,
// mismatched or unclosed tags, duplicate attributes, and anything but one root element.
// It returns a tiny tree so tests can compare decoded text with what went in.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

class XmlError extends Error {}

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new XmlError(`'<' in ${where}`);
  return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`bare '&' in ${where}`);
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new XmlError(`unknown entity &${ref}; in ${where}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
    if (!isXmlChar(cp)) throw new XmlError(`reference to invalid character ${cp} in ${where}`);
    return String.fromCodePoint(cp);
  });
}

export function parseXml(xml: string): XmlElement {
  for (const ch of xml) {
    const cp = ch.codePointAt(0)!;
    if (!isXmlChar(cp)) throw new XmlError(`invalid character U+${cp.toString(16).toUpperCase()}`);
  }
  let pos = 0;
  const decl = /^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z0-9._-]+")?(\s+standalone="(yes|no)")?\s*\?>/.exec(xml);
  if (decl) pos = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  while (pos < xml.length) {
    const parent = stack[stack.length - 1];
    if (xml.startsWith('<!--', pos)) {
      const end = xml.indexOf('-->', pos + 4);
      if (end < 0 || xml.slice(pos + 4, end).includes('--')) throw new XmlError('bad comment');
      pos = end + 3;
    } else if (xml.startsWith('<![CDATA[', pos)) {
      if (!parent) throw new XmlError('CDATA outside the root');
      const end = xml.indexOf(']]>', pos + 9);
      if (end < 0) throw new XmlError('unclosed CDATA');
      parent.children.push(xml.slice(pos + 9, end));
      pos = end + 3;
    } else if (xml.startsWith('<?', pos)) {
      const end = xml.indexOf('?>', pos + 2);
      if (end < 0 || /^<\?xml[\s?]/i.test(xml.slice(pos))) throw new XmlError('bad processing instruction');
      pos = end + 2;
    } else if (xml.startsWith('<!', pos)) {
      throw new XmlError('DOCTYPE or declaration not expected in a feed');
    } else if (xml.startsWith('</', pos)) {
      const m = /^<\/([A-Za-z_][A-Za-z0-9._:-]*)\s*>/.exec(xml.slice(pos));
      if (!m) throw new XmlError(`malformed end tag at ${pos}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new XmlError(`end tag </${m[1]}> does not match <${open?.name}>`);
      pos += m[0].length;
    } else if (xml[pos] === '<') {
      const rest = xml.slice(pos + 1);
      const nm = NAME.exec(rest);
      if (!nm) throw new XmlError(`malformed start tag at ${pos}`);
      const el: XmlElement = { name: nm[0], attrs: {}, children: [] };
      let i = pos + 1 + nm[0].length;
      for (;;) {
        const a = /^\s+([A-Za-z_][A-Za-z0-9._:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(i));
        if (!a) break;
        if (a[1]! in el.attrs) throw new XmlError(`duplicate attribute ${a[1]}`);
        el.attrs[a[1]!] = decode(a[3] ?? a[4] ?? '', `attribute ${a[1]}`);
        i += a[0].length;
      }
      const close = /^\s*(\/?)>/.exec(xml.slice(i));
      if (!close) throw new XmlError(`malformed start tag <${el.name}> at ${pos}`);
      i += close[0].length;
      if (parent) parent.children.push(el);
      else if (root) throw new XmlError('more than one root element');
      else root = el;
      if (!close[1]) stack.push(el);
      pos = i;
    } else {
      const next = xml.indexOf('<', pos);
      const raw = xml.slice(pos, next < 0 ? xml.length : next);
      if (raw.includes(']]>')) throw new XmlError("']]>' in text");
      if (!parent) {
        if (raw.trim()) throw new XmlError('text outside the root element');
      } else {
        parent.children.push(decode(raw, `<${parent.name}> text`));
      }
      pos = next < 0 ? xml.length : next;
    }
  }
  if (stack.length) throw new XmlError(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new XmlError('no root element');
  return root;
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) out.push(c);
    out.push(...findAll(c, name));
  }
  return out;
}
