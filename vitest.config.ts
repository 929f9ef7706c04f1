import { defineConfig } from "vitest/config";

// Four projects (the fourth, `examples`, the sample apps' suites), so the inner loop is fast: `npx vitest run --project unit` needs nothing but
// `npm ci` (a committed, hand-written fixture; no pull, generate or Prism); `local` needs the
// generated versions but no Prism; `prism` starts one Prism mock per pinned version.
const PRISM_TESTS = ["test/contract.test.ts", "test/search.test.ts", "test/replies.test.ts", "test/exports.test.ts", "test/exports-cli.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 10_000 } },
      {
        test: {
          name: "local",
          include: ["test/*.test.ts"],
          exclude: PRISM_TESTS,
          testTimeout: 30_000,
          hookTimeout: 120_000,
          typecheck: { enabled: true, include: ["test/*.test-d.ts"], tsconfig: "tsconfig.json" },
        },
      },
      { test: { name: "prism", include: PRISM_TESTS, globalSetup: ["test/setup/prism.global.ts"], testTimeout: 30_000, hookTimeout: 120_000 } },
      // The sample apps' own suites, over the built package (dist/) as their users import it.
      { test: { name: "examples", include: ["examples/**/*.test.mjs"], testTimeout: 30_000 } },
    ],
  },
});
