// Links from a pin back into Pinterest arrive from the parser as local paths; they stay links.
import { describe, expect, it } from 'vitest';
import { safeOutboundLink } from '../../views/safe.js';

describe('safeOutboundLink with local paths', () => {
  it('keeps a local pin path as a local link', () => {
    expect(safeOutboundLink('/pin/842243567823487634/')).toEqual({ kind: 'local', href: '/pin/842243567823487634/' });
  });
  it('refuses protocol-relative and backslash paths', () => {
    expect(safeOutboundLink('//evil.example/x')).toBeNull();
    expect(safeOutboundLink('/\\evil.example/x')).toBeNull();
  });
});
