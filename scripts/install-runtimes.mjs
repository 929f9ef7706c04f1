#!/usr/bin/env node
// Installs the runtimes of the test matrix (scripts/lib/runtimes.mjs) into the cache outside the
// repository. test/runtimes.test.ts calls the same function, so this is only needed to install
// ahead of time (.ci/run does, so the first install does not count against a test's timeout).
import { parseArgs } from "node:util";
import { binaryOf, cacheDir, ensureRuntimes, isInstalled, RUNTIMES } from "./lib/runtimes.mjs";

const HELP = `Usage: node scripts/install-runtimes.mjs [--list] [--only NAME,...]

Installs the test matrix's runtimes (Node builds, Bun, Deno and workerd from the npm registry,
Chromium from Debian) into ${cacheDir()}
(set INTERCOM_FETCH_RUNTIMES to use another directory). What is there already is kept.

  --list         print each runtime, where its binary is and whether it is installed; install nothing
  --only NAMES   only these runtimes (comma-separated, as --list names them)
  -h, --help     this text

Exit codes: 0 done, 1 an install failed, 2 bad usage.`;

let args;
try {
  args = parseArgs({ options: { list: { type: "boolean" }, only: { type: "string" }, help: { type: "boolean", short: "h" } } });
} catch (error) {
  console.error(`install-runtimes: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(HELP);
  process.exit(0);
}
let runtimes = RUNTIMES;
if (args.values.only) {
  const names = args.values.only.split(",").map((n) => n.trim());
  const unknown = names.filter((n) => !RUNTIMES.some((r) => r.name === n));
  if (unknown.length) {
    console.error(`install-runtimes: unknown runtime ${unknown.map((n) => JSON.stringify(n)).join(", ")}; --list shows them`);
    process.exit(2);
  }
  runtimes = RUNTIMES.filter((r) => names.includes(r.name));
}
if (args.values.list) {
  for (const r of runtimes) console.log(`${r.name.padEnd(24)} ${isInstalled(r) ? "installed" : "missing  "} ${binaryOf(r)}`);
  process.exit(0);
}
try {
  const { installed, cached, ms } = await ensureRuntimes(runtimes, { log: (line) => console.log(`install-runtimes: ${line}`) });
  console.log(`install-runtimes: ${installed.length} installed, ${cached.length} already there, in ${(ms / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`install-runtimes: ${error.message}`);
  process.exit(1);
}
