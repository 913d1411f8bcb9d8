// What every page view gets besides its own data: the instance name and the visitor's settings.
// Also turns a rendered JSX tree into the final HTML document string.
import type { Prefs } from '../src/policy/types.js';

export interface ViewContext {
  /** Shown in the header and <title>, e.g. "Corkboard". */
  instanceName: string;
  /** The visitor's effective settings (cookies, query overrides and admin minimums applied). */
  prefs: Prefs;
  /** Optional one-line admin banner shown above every page (plain text). */
  banner?: string | null;
}

/** A JSX tree (hono/jsx) as an HTML string with the doctype; views never use async components. */
export function toHtml(tree: unknown, doctype = true): string {
  if (tree instanceof Promise) throw new TypeError('views must render synchronously');
  return (doctype ? '<!DOCTYPE html>' : '') + String(tree);
}
