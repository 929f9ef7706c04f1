import { defineConfig } from "vitest/config";

// The tests `npm run mutation` (stryker.config.mjs) runs against each mutant: the ones that pin the
// behaviour of the five mutated modules, in-process or on loopback servers, none needing Prism. A
// mutant runs only the tests that reached it (coverage per test), so a run takes minutes; the whole
// suite would take hours.
export const MUTATION_TESTS = [
  "test/scheduler.test.ts",
  "test/transport.test.ts",
  "test/redirects.test.ts",
  "test/network-errors.test.ts",
  "test/paginate.test.ts",
  "test/unit/helpers.test.ts",
  "test/unit/search-rules.test.ts",
];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    // A mutant that makes a call hang fails its test here, sooner than Stryker's own timeout would.
    testTimeout: 10_000,
    hookTimeout: 60_000,
    typecheck: { enabled: false },
  },
});
