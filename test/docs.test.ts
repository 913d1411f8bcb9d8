// The README documents every configuration variable the code reads (and the test command CI runs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeConfig } from '../src/config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it.each(describeConfig().map((v) => v.name))('documents %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it('names the two set-up commands and CI runs the same test command', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
