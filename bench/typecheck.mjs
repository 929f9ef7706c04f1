// Type-check cost of the small program written with each client: `tsc --noEmit --extendedDiagnostics`
// on that one file, in a fresh process, with the settings of a strict browser project
// (skipLibCheck, as most projects have it). intercom-fetch's types are its built ones (dist/*.d.ts),
// reached through the package's self-reference, as a user's project reaches them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT } from "./lib/processes.mjs";
import { integration } from "./programs/integration.mjs";
import { interleave, ratio, summarize } from "./lib/stats.mjs";

const require = createRequire(import.meta.url);
const TSC = require.resolve("typescript/lib/tsc.js");
const MAX_RSS = path.join(ROOT, "bench/lib/max-rss.cjs");
const TMP = path.join(ROOT, "bench/results/tmp");

export const PROGRAMS = {
  "intercom-fetch 2.11": "bench/programs/intercom-fetch.2.11.ts",
  "intercom-client 2.11": "bench/programs/intercom-client.2.11.ts",
  "intercom-fetch Unstable": "bench/programs/intercom-fetch.unstable.ts",
  "intercom-client Unstable": "bench/programs/intercom-client.unstable.ts",
  /** The same program through `POST(path)` / `GET(path)` instead of the helpers: path types' cost. */
  "intercom-fetch Unstable, path methods": "bench/programs/intercom-fetch.unstable-paths.ts",
  "openapi-fetch (hand-written types)": "bench/programs/openapi-fetch.ts",
};

/**
 * Issue 21's integration: 15 typical calls through the path methods (`GET`, `POST`, `PUT`), and the
 * same 15 ten times, beside the same calls through intercom-client 7, on 2.14 and Preview. Written
 * from one template (bench/programs/integration.mjs) into bench/results/tmp, inside the package, so
 * that `intercom-fetch/2.14` is the package's self-reference to dist/, as in a user's project.
 */
export const INTEGRATION = [];
for (const version of ["2.14", "unstable"]) {
  for (const copies of [1, 10]) {
    for (const client of ["intercom-fetch", "intercom-client"]) {
      INTEGRATION.push({ name: `${client} ${version === "unstable" ? "Preview" : version}, ${15 * copies} calls`, client, version, copies });
    }
  }
}

/**
 * BENCH_TYPES_BASELINE: a directory holding another build's package.json and dist/ (say, the
 * previous release's): its integration programs are written there, so that their
 * `intercom-fetch/...` resolves to that build, and measured in the same rounds.
 */
const BASELINE = process.env.BENCH_TYPES_BASELINE ? path.resolve(process.env.BENCH_TYPES_BASELINE) : null;

function writeIntegration({ client, version, copies }, dir) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `integration.${client}.${version}.${copies * 15}.ts`);
  writeFileSync(file, integration({ client, version, copies }));
  return path.relative(ROOT, file);
}

const COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

/** A tsconfig for one program, in the gitignored bench/results/tmp. */
export function tsconfigFor(file) {
  mkdirSync(TMP, { recursive: true });
  const config = path.join(TMP, `tsconfig.${path.basename(file, ".ts")}.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [path.join(ROOT, file)] }, null, 2));
  return config;
}

const FIELDS = {
  files: /^Files:\s+(\d+)/m,
  types: /^Types:\s+(\d+)/m,
  instantiations: /^Instantiations:\s+(\d+)/m,
  memoryUsedKb: /^Memory used:\s+(\d+)K/m,
  parseSeconds: /^Parse time:\s+([\d.]+)s/m,
  bindSeconds: /^Bind time:\s+([\d.]+)s/m,
  checkSeconds: /^Check time:\s+([\d.]+)s/m,
  totalSeconds: /^Total time:\s+([\d.]+)s/m,
  maxRssKb: /^bench:maxRssKb (\d+)/m,
};

/** One `tsc --extendedDiagnostics` run; throws if the program does not compile. */
export function typecheck(file, extra = []) {
  const run = spawnSync(process.execPath, ["-r", MAX_RSS, TSC, "-p", tsconfigFor(file), "--extendedDiagnostics", ...extra], { cwd: ROOT, encoding: "utf8", timeout: 180_000 });
  const text = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`tsc failed on ${file}:\n${text}`);
  return Object.fromEntries(Object.entries(FIELDS).map(([name, re]) => [name, Number(text.match(re)?.[1])]));
}

async function run(files, rounds) {
  const runs = await interleave(Object.keys(files), rounds, (name) => typecheck(files[name]));
  const programs = {};
  for (const [name, results] of runs) {
    programs[name] = { file: files[name] };
    for (const field of Object.keys(FIELDS)) programs[name][field] = summarize(results.map((r) => r[field]));
  }
  return programs;
}

const method = (rounds) => `tsc ${require("typescript/package.json").version} --noEmit --extendedDiagnostics, one file, ${JSON.stringify(COMPILER_OPTIONS)}; medians of ${rounds} interleaved rounds`;

function line(name, p, log) {
  const vs = p.vsIntercomClient ? `  vs intercom-client: total ${p.vsIntercomClient.totalSeconds.toFixed(2)}x, check ${p.vsIntercomClient.checkSeconds.toFixed(2)}x` : "";
  log(
    `  ${name.padEnd(44)} total ${p.totalSeconds.median.toFixed(2)} s (check ${p.checkSeconds.median.toFixed(2)} s)  ` +
      `memory ${(p.memoryUsedKb.median / 1024).toFixed(0)} MB (peak RSS ${(p.maxRssKb.median / 1024).toFixed(0)} MB)  ${p.files.median} files  ${p.instantiations.median} instantiations${vs}`,
  );
}

/** The small programs (`typecheck` section). */
export async function measure({ rounds = 5, log = console.log } = {}) {
  const programs = await run(PROGRAMS, rounds);
  for (const [name, p] of Object.entries(programs)) {
    if (name.startsWith("intercom-fetch")) {
      const client = programs[name.replace(/^intercom-fetch/, "intercom-client").replace(/, path methods$/, "")];
      p.vsIntercomClient = Object.fromEntries(["totalSeconds", "checkSeconds", "memoryUsedKb", "maxRssKb"].map((f) => [f, ratio(p[f].median, client[f].median)]));
    }
    line(name, p, log);
  }
  return { method: method(rounds), rounds, programs };
}

/** Issue 21's integration through the path methods beside intercom-client (`typecheckPaths` section). */
export async function measureIntegration({ rounds = 5, log = console.log } = {}) {
  const files = {};
  for (const program of INTEGRATION) files[program.name] = writeIntegration(program, TMP);
  if (BASELINE) {
    if (!existsSync(path.join(BASELINE, "package.json")) || !existsSync(path.join(BASELINE, "dist"))) throw new Error(`BENCH_TYPES_BASELINE=${BASELINE} has no package.json and dist/`);
    for (const program of INTEGRATION.filter((p) => p.client === "intercom-fetch")) files[`${program.name}, baseline`] = writeIntegration(program, path.join(BASELINE, "bench"));
  }
  const programs = await run(files, rounds);
  for (const [name, p] of Object.entries(programs)) {
    if (name.startsWith("intercom-fetch")) {
      const client = programs[name.replace(/^intercom-fetch/, "intercom-client").replace(/, baseline$/, "")];
      p.vsIntercomClient = Object.fromEntries(["totalSeconds", "checkSeconds", "memoryUsedKb", "maxRssKb", "instantiations"].map((f) => [f, ratio(p[f].median, client[f].median)]));
    }
    line(name, p, log);
  }
  return { method: method(rounds), baseline: BASELINE ? path.relative(ROOT, BASELINE) : undefined, rounds, programs };
}
