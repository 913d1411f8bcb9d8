// The feed tests lean on helpers/xml-check.ts, so first prove it rejects what it must.
import { describe, expect, it } from 'vitest';
import { parseXml, textOf } from './helpers/xml-check.js';

describe('strict XML checker', () => {
  it('accepts a small well-formed document and decodes entities', () => {
    const root = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1 &amp; 2"><b>&lt;p&gt; &#65;&#x42;</b><c/></a>\n');
    expect(root.name).toBe('a');
    expect(root.attrs.x).toBe('1 & 2');
    expect(textOf(root)).toBe('<p> AB');
  });

  it.each([
    ['bare ampersand', '<a>&</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['unclosed', '<a><b></b>'],
    ['lt in attribute', '<a x="<"/>'],
    ['unescaped tag in text', '<a>x <script> y</a>'],
    ['CDATA end in text', '<a>]]></a>'],
    ['control character', '<a>\u0001</a>'],
    ['lone surrogate', '<a>\uD800</a>'],
    ['U+FFFF', '<a>\uFFFF</a>'],
    ['reference to a control', '<a>&#1;</a>'],
    ['two roots', '<a/><b/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['unquoted attribute', '<a x=1/>'],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
