// Type-check cost of the small program written with each client: `tsc --noEmit --extendedDiagnostics`
// on that one file, in a fresh process, with the settings of a strict browser project
// (skipLibCheck, as most projects have it). intercom-fetch's types are its built ones (dist/*.d.ts),
// reached through the package's self-reference, as a user's project reaches them.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT } from "./lib/processes.mjs";
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

export async function measure({ rounds = 5, log = console.log } = {}) {
  const names = Object.keys(PROGRAMS);
  const runs = await interleave(names, rounds, (name) => typecheck(PROGRAMS[name]));
  const programs = {};
  for (const [name, results] of runs) {
    programs[name] = { file: PROGRAMS[name] };
    for (const field of Object.keys(FIELDS)) programs[name][field] = summarize(results.map((r) => r[field]));
  }
  for (const [name, p] of Object.entries(programs)) {
    if (name.startsWith("intercom-fetch")) {
      const client = programs[name.replace(/^intercom-fetch/, "intercom-client").replace(/, path methods$/, "")];
      p.vsIntercomClient = Object.fromEntries(["totalSeconds", "checkSeconds", "memoryUsedKb", "maxRssKb"].map((f) => [f, ratio(p[f].median, client[f].median)]));
    }
    log(
      `  ${name.padEnd(36)} total ${p.totalSeconds.median.toFixed(2)} s (check ${p.checkSeconds.median.toFixed(2)} s)  ` +
        `memory ${(p.memoryUsedKb.median / 1024).toFixed(0)} MB (peak RSS ${(p.maxRssKb.median / 1024).toFixed(0)} MB)  ${p.files.median} files  ${p.instantiations.median} instantiations`,
    );
  }
  return {
    method: `tsc ${require("typescript/package.json").version} --noEmit --extendedDiagnostics, one file, ${JSON.stringify(COMPILER_OPTIONS)}; medians of ${rounds} interleaved rounds`,
    rounds,
    programs,
  };
}
