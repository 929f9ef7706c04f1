// The entry for runtimes that run a file (Node, Bun, Deno): loads every *.check.mjs beside it, runs
// them with the context given as the first argument, and prints the results on one marked line.
// (Browsers and workerd run the same checks from a bundle that test/runtimes.test.ts builds.)
import { readdirSync } from "node:fs";
import { runChecks } from "./harness.mjs";

const here = new URL(".", import.meta.url);
const context = JSON.parse(process.argv[2]);
const checks = [];
for (const file of readdirSync(here)
  .filter((f) => f.endsWith(".check.mjs"))
  .sort()) {
  checks.push(...(await import(new URL(file, here).href)).default);
}
console.log(`@@results ${JSON.stringify(await runChecks(checks, context))}`);
