#!/usr/bin/env node
// `npm run bench`: intercom-fetch beside plain fetch, intercom-client and openapi-fetch, measured in
// one run on this machine. Writes bench/results.json and the table between the bench markers in
// README.md. Needs the build (`npm run build`). Not part of the tests.
//
//   npm run bench                                  every section (a few minutes)
//   npm run bench -- --only requests,bundle        some sections; the others keep their last figures
//   npm run bench -- --rounds 3                    fewer rounds (default 5; cold imports take twice as many)
//   npm run bench -- --no-readme                   leave README.md alone
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./lib/processes.mjs";
import { renderTable, targets } from "./lib/report.mjs";

const SECTIONS = {
  requests: { title: "Request overhead", load: () => import("./requests.mjs"), options: (r) => ({ rounds: r }) },
  bundle: { title: "Bundle size", load: () => import("./bundle.mjs"), options: () => ({}) },
  typecheck: { title: "Type-check cost", load: () => import("./typecheck.mjs"), options: (r) => ({ rounds: r }) },
  typecheckPaths: { title: "Type-check of the path methods", load: () => import("./typecheck.mjs").then((m) => ({ measure: m.measureIntegration })), options: (r) => ({ rounds: r }) },
  coldImport: { title: "Cold import", load: () => import("./cold-import.mjs"), options: (r) => ({ rounds: 2 * r }) },
  search: { title: "Search pagination", load: () => import("./search.mjs"), options: (r) => ({ rounds: Math.max(1, Math.ceil(r / 2)) }) },
  exports: { title: "Exports", load: () => import("./exports.mjs"), options: (r) => ({ rounds: Math.max(1, Math.ceil(r / 2)) }) },
};

const RESULTS = path.join(ROOT, "bench/results.json");
const README = path.join(ROOT, "README.md");
const START = "<!-- bench:start";
const END = "<!-- bench:end -->";

const { values } = parseArgs({ options: { only: { type: "string" }, rounds: { type: "string", default: "5" }, "no-readme": { type: "boolean" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(`Usage: node bench/run.mjs [--only ${Object.keys(SECTIONS).join(",")}] [--rounds N] [--no-readme]

Measures each section, writes bench/results.json and the table in README.md (not with --no-readme).
BENCH_BASELINE=/path/to/2.11.js adds a previous build to the request-overhead section (bench/requests.mjs).
BENCH_TYPES_BASELINE=DIR (another build's package.json and dist/) adds it to typecheckPaths (bench/typecheck.mjs).`);
  process.exit(0);
}
const rounds = Number(values.rounds);
const only = values.only ? values.only.split(",") : Object.keys(SECTIONS);
for (const name of only) if (!SECTIONS[name]) throw new Error(`unknown section ${name}; known: ${Object.keys(SECTIONS).join(", ")}`);
if (!existsSync(path.join(ROOT, "dist/2.11/index.js"))) throw new Error("dist/ is missing: run `npm run build` first");

const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : { sections: {} };
const results = {
  machine: {
    cpu: `${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  },
  date: new Date().toISOString(),
  command: ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" "),
  sections: { ...previous.sections },
};

for (const name of only) {
  const section = SECTIONS[name];
  console.log(`${section.title}...`);
  const started = performance.now();
  const module = await section.load();
  results.sections[name] = { ...(await module.measure(section.options(rounds))), date: new Date().toISOString(), seconds: Math.round((performance.now() - started) / 1000) };
  console.log(`  (${results.sections[name].seconds} s)`);
}
results.machine.loadAverageAfter = os.loadavg().map((l) => Number(l.toFixed(2)));
results.targets = targets(results.sections);

writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), RESULTS)}`);
for (const t of results.targets) console.log(`  ${t.target.startsWith("(") ? "      " : t.met === null ? "?     " : t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured}`);

if (!values["no-readme"]) {
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`README.md has no ${START} ... ${END} markers`);
  const head = readme.slice(0, readme.indexOf("\n", start) + 1);
  writeFileSync(README, `${head}${renderTable(results)}\n${readme.slice(end)}`);
  console.log("wrote the table into README.md");
}
