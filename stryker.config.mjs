// @ts-check
// `npm run mutation` (scripts/mutation.mjs) runs StrykerJS with this file, on Node 22 or later.
// Mutated: the core's reliability modules and the helpers' pagination and search rules (issue 22).
// The tests are vitest.mutation.config.ts's list, narrowed per mutant by coverage.

/** The files mutated, each held to `MUTATION_THRESHOLD` (scripts/mutation.mjs). */
export const MUTATED = [
  "src/core/scheduler.ts",
  "src/core/transport.ts",
  "src/core/redirects.ts",
  "src/helpers/kit/pages.ts",
  "src/helpers/paginate/index.ts",
  "src/helpers/search/rules.ts",
];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  mutate: MUTATED,
  coverageAnalysis: "perTest",
  // Two cores, shared: more workers only queue behind each other and turn slow tests into timeouts.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  // What the tests do not read; generated/ stays (the tests import the generated clients).
  ignorePatterns: ["dist", "openapi/*.yaml", "bench", "examples", ".turbo", "reports", "coverage", ".changeset"],
  thresholds: { high: 90, low: 85, break: null },
};
