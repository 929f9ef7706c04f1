#!/usr/bin/env node
// Reads vitest's JSON report and prints the one line CI looks for: "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const HELP = `Usage: node scripts/test-summary.mjs [REPORT]

Prints "N passed, N failed[, N skipped]" from a vitest JSON report
(default reports/vitest.json). A missing or unreadable report counts as one failure,
so that a run that crashed before reporting cannot look green.

Exit codes: 0 nothing failed, 1 something failed or the report is missing, 2 bad usage.`;

let args;
try {
  args = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: true });
} catch (error) {
  console.error(`error: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(HELP);
  process.exit(0);
}
const file = args.positionals[0] ?? "reports/vitest.json";
let report;
try {
  if (!existsSync(file)) throw new Error("no such file");
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`error: cannot read the vitest report ${file} (${error.message})`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that failed to load (syntax error, failed setup) has no test results but is a failure.
const brokenFiles = (report.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || report.success === false ? 1 : 0);
