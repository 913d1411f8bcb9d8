// Shared helpers for the parser tests: read the project's own fixtures, assert nothing upstream leaks.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { UpstreamError } from '../../src/domain/errors.js';

const DIR = new URL('../fixtures/pinterest/', import.meta.url);

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

/** Parser output must reference only local paths: no Pinterest host may survive. */
export function expectNoUpstreamUrls(value: unknown): void {
  const text = JSON.stringify(value);
  expect(text).not.toMatch(/pinimg\.com/i);
  expect(text).not.toMatch(/pinterest\.[a-z]/i);
  expect(text).not.toMatch(/pin\.it\//i);
}

/** Run `fn`, expect an UpstreamError of `kind`, and return it for more checks. */
export function catchUpstream(fn: () => unknown, kind: UpstreamError['kind']): UpstreamError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UpstreamError);
    expect((e as UpstreamError).kind).toBe(kind);
    return e as UpstreamError;
  }
  throw new Error(`expected an UpstreamError of kind ${kind}`);
}

/** A deep copy with `mutate` applied, to make variants of a fixture. */
export function variant<T>(value: T, mutate: (copy: any) => void): T {
  const copy = structuredClone(value);
  mutate(copy);
  return copy;
}
