// The test projects (vitest.config.ts): `npm test` runs them all, and a developer can run the fast set
// alone (`npm run test:fast`; see README). A test file belongs to the first group whose globs match it:
// - slow: a real browser, and the converter's numeric parity with TF.js (pure-JS inference);
// - integration: whole instances over loopback (fake Pinterest, fault upstream, child processes),
//   the real recordings in ../shared, the CLIs;
// - unit: every other test file under test/, wherever it is added.
// All three share one module graph per worker (isolate: false, see vitest.config.ts).
export const SLOW = ['test/browser/**/*.test.{ts,tsx}', 'test/ai/converter.test.ts'];
export const INTEGRATION = [
  'test/routes/**/*.test.{ts,tsx}',
  'test/hardening/**/*.test.{ts,tsx}',
  'test/conformance/**/*.test.{ts,tsx}',
  'test/demo/**/*.test.{ts,tsx}',
  'test/cli/*.test.{ts,tsx}',
];
export const ALL = ['test/**/*.test.{ts,tsx}'];
// A test file that uses vi.mock goes here: module mocks are not undone between the files a worker
// shares its module graph with (every project but this one), so it runs isolated.
export const NEEDS_ISOLATION: string[] = [];
