#!/usr/bin/env node
// `npm run mutation`: StrykerJS over the core's reliability modules and the helpers' pagination and
// search rules (stryker.config.mjs), then one score per file, each held to a threshold. Stryker 10
// needs Node 22 or later; this runs on any Node the package supports and starts Stryker on the
// Node 22 build the runtime matrix keeps (scripts/lib/runtimes.mjs), installing it when missing.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { binaryOf, ensureRuntimes, isInstalled, RUNTIMES } from "./lib/runtimes.mjs";
import { parseCommandLine, run, ScriptError } from "./lib/versions.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPORT = path.join(ROOT, "reports/mutation/mutation.json");
const STRYKER = path.join(ROOT, "node_modules/@stryker-mutator/core/bin/stryker.js");
const THRESHOLD = 85;
/** The newest Node 22 of the matrix: Stryker 10's engines say >= 22. */
const NODE_22 = RUNTIMES.filter((r) => r.kind === "node" && r.version.startsWith("22.")).at(-1);

const HELP = `Usage: node scripts/mutation.mjs [--only FILE,...] [--incremental] [--threshold N] [--concurrency N] [--report-only]

Mutation testing (StrykerJS with its vitest runner) of the files stryker.config.mjs lists, with the
tests vitest.mutation.config.ts lists; then a score per file: killed and timed-out mutants over all
but the ignored ones. Takes about 10 minutes on two cores. Reports: reports/mutation/mutation.{json,html}.
Stryker needs Node >= 22: this uses the running Node if it is 22 or later, else ${NODE_22.name} from the
runtime matrix's cache (installed there first when missing; see scripts/install-runtimes.mjs).

  --only FILES       mutate only these files (comma-separated, as stryker.config.mjs names them)
  --incremental      reuse the last incremental run's results (reports/stryker-incremental.json) for
                     mutants whose code and tests did not change; a first run writes that file
  --threshold N      the lowest score a file may have, in percent (default ${THRESHOLD})
  --concurrency N    Stryker's workers (default: the config's, 2)
  --report-only      print the table of the last run's report; run nothing
  -h, --help         this text

Exit codes: 0 every file at or above the threshold, 1 a file below it or Stryker failed, 2 bad usage.`;

async function main(argv) {
  const parsed = parseCommandLine(argv, HELP, {
    only: { type: "string" },
    threshold: { type: "string" },
    concurrency: { type: "string" },
    "report-only": { type: "boolean" },
    incremental: { type: "boolean" },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const threshold = values.threshold === undefined ? THRESHOLD : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 100)) throw new ScriptError(`--threshold must be a percentage from 0 to 100, got ${JSON.stringify(values.threshold)}`, 2);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new ScriptError(`--concurrency must be a positive integer, got ${JSON.stringify(values.concurrency)}`, 2);
  }
  const { MUTATED } = await import(path.join(ROOT, "stryker.config.mjs"));
  let files = MUTATED;
  if (values.only !== undefined) {
    files = values.only.split(",").map((f) => f.trim());
    const unknown = files.filter((f) => !MUTATED.includes(f));
    if (unknown.length) throw new ScriptError(`--only: ${unknown.map((f) => JSON.stringify(f)).join(", ")} not mutated; stryker.config.mjs mutates ${MUTATED.join(", ")}`, 2);
  }

  if (!values["report-only"]) {
    if (!existsSync(STRYKER)) throw new ScriptError("@stryker-mutator/core is not installed: run `npm ci` first");
    const node = await node22();
    const args = [STRYKER, "run", "stryker.config.mjs"];
    if (values.only !== undefined) args.push("--mutate", files.join(","));
    if (concurrency !== undefined) args.push("--concurrency", String(concurrency));
    if (values.incremental) args.push("--incremental");
    console.log(`mutation: ${path.relative(ROOT, node) || node} ${args.map((a) => path.relative(ROOT, a) || a).join(" ")}`);
    const started = Date.now();
    const code = await spawnInherit(node, args);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    if (code !== 0) throw new ScriptError(`Stryker exited with ${code} after ${minutes} min`);
    console.log(`mutation: Stryker took ${minutes} min`);
  }
  return printScores(files, threshold);
}

/** The running Node if Stryker accepts it, else the matrix's Node 22, installed when missing. */
async function node22() {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  if (!isInstalled(NODE_22)) {
    console.log(`mutation: ${NODE_22.name} is not installed; installing it (once) into the runtime cache`);
    try {
      await ensureRuntimes([NODE_22], { log: (line) => console.log(`mutation: ${line}`) });
    } catch (error) {
      throw new ScriptError(`cannot install ${NODE_22.name}, which Stryker needs (${error.message}); run on Node >= 22 instead`);
    }
  }
  return binaryOf(NODE_22);
}

function spawnInherit(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit" });
    child.on("error", (error) => reject(new ScriptError(`cannot start ${command}: ${error.message}`)));
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Stryker's score: detected (killed, timed out) over detected and undetected (survived, not covered). */
function printScores(files, threshold) {
  let report;
  try {
    report = JSON.parse(readFileSync(REPORT, "utf8"));
  } catch (error) {
    throw new ScriptError(`cannot read ${path.relative(ROOT, REPORT)} (${error.code ?? error.message}): run without --report-only first`);
  }
  const rows = [];
  for (const file of files) {
    const mutants = report.files?.[file]?.mutants;
    if (!mutants) throw new ScriptError(`${path.relative(ROOT, REPORT)} has no mutants for ${file}: run it again`);
    const count = (status) => mutants.filter((m) => m.status === status).length;
    const killed = count("Killed");
    const timeout = count("Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const detected = killed + timeout;
    const score = detected + survived + noCoverage === 0 ? 100 : (100 * detected) / (detected + survived + noCoverage);
    rows.push({ file, total: mutants.length, killed, timeout, survived, noCoverage, ignored: count("Ignored"), score });
  }
  const header = ["file", "mutants", "killed", "timeout", "survived", "no cov.", "ignored", "score"];
  const lines = rows.map((r) => [r.file, r.total, r.killed, r.timeout, r.survived, r.noCoverage, r.ignored, `${r.score.toFixed(1)}%${r.score < threshold ? " (below)" : ""}`].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${lines.map(format).join("\n")}`);
  const below = rows.filter((r) => r.score < threshold);
  if (below.length) {
    console.error(`\nmutation: ${below.length} file(s) below ${threshold}%: ${below.map((r) => r.file).join(", ")}`);
    return 1;
  }
  console.log(`\nmutation: every file at or above ${threshold}%`);
  return 0;
}

run(main);
