// Cold import time of each package in Node: a fresh process per import, timing `await import()`
// alone (not Node's own start-up). The files are in the OS page cache after the first round, as
// they are on a server that has run the program once.
import { fileURLToPath } from "node:url";
import { runNode } from "./lib/processes.mjs";
import { interleave, ratio, summarize } from "./lib/stats.mjs";

const self = fileURLToPath(import.meta.url);

/**
 * `fetch` stands for loading Node's fetch implementation (undici), which Node defers until
 * `fetch`, `Request` or `Response` is first touched: any fetch-based client pays it once, at import
 * (ky's feature checks construct a Request) or at its first request.
 */
export const MODULES = ["intercom-fetch/2.11", "intercom-fetch/unstable", "intercom-fetch", "intercom-client", "openapi-fetch", "ky", "fetch"];

export async function measure({ rounds = 10, log = console.log } = {}) {
  const runs = await interleave(MODULES, rounds, (specifier) => runNode(self, ["--worker", specifier]));
  const modules = {};
  for (const [specifier, results] of runs) {
    modules[specifier] = { importMs: summarize(results.map((r) => r.ms)), maxRssKb: summarize(results.map((r) => r.maxRssKb)) };
  }
  for (const [specifier, m] of Object.entries(modules)) {
    m.vsIntercomClient = ratio(m.importMs.median, modules["intercom-client"].importMs.median);
    log(
      `  ${(specifier === "fetch" ? "(Node's fetch itself)" : specifier).padEnd(24)} ${m.importMs.median.toFixed(1).padStart(7)} ms (${m.vsIntercomClient.toFixed(2)}x intercom-client)  RSS ${(m.maxRssKb.median / 1024).toFixed(0)} MB`,
    );
  }
  return { method: `performance.now() around await import(specifier) in a fresh node process; medians of ${rounds} interleaved rounds`, rounds, modules };
}

if (process.argv[2] === "--worker") {
  const started = performance.now();
  if (process.argv[3] === "fetch") new Response("");
  else await import(process.argv[3]);
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}
