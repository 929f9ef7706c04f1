// Bundle size of the small program (bench/programs/) written with each client: bundled and
// minified by esbuild, then gzipped (level 9), exactly as size-limit measures the budget in
// package.json ("size-limit"), which test/size.test.ts enforces.
import { build } from "esbuild";
import esbuildPlugin from "@size-limit/esbuild";
import filePlugin from "@size-limit/file";
import sizeLimit from "size-limit";
import path from "node:path";
import { ROOT } from "./lib/processes.mjs";
import { ratio } from "./lib/stats.mjs";

export const PROGRAMS = {
  "intercom-fetch 2.11": "bench/programs/intercom-fetch.2.11.ts",
  "intercom-fetch Unstable": "bench/programs/intercom-fetch.unstable.ts",
  "intercom-client 2.11": "bench/programs/intercom-client.2.11.ts",
  "intercom-client Unstable": "bench/programs/intercom-client.unstable.ts",
  "openapi-fetch (hand-written types)": "bench/programs/openapi-fetch.ts",
};

/** Webhook receivers (verify + parse), alone and beside the small program: the second minus the small program is what webhooks add to an app with the client. */
export const WEBHOOK_PROGRAMS = {
  "webhooks: verify + parse, alone": "bench/programs/webhooks.ts",
  "small program 2.11 + webhooks": "bench/programs/intercom-fetch.2.11-webhooks.ts",
};

/** The core entry (`intercom-fetch/2.11/core`) alone, and with only the helpers the small program uses (issue 13's budgets). */
export const CORE_PROGRAMS = {
  "2.11/core: createIntercom + GET /me": "bench/programs/intercom-fetch.2.11-core.ts",
  "2.11/core + search, replies, exports (rows)": "bench/programs/intercom-fetch.2.11-helpers.ts",
};

/** Gzipped bytes of each file's bundle, as size-limit (esbuild + file plugins, `gzip: true`) counts them. */
export async function gzippedSizes(files) {
  const checks = files.map((file) => ({ files: [path.resolve(ROOT, file)], gzip: true, modifyEsbuildConfig: (config) => ({ ...config, logLevel: "error" }) }));
  return (await sizeLimit([esbuildPlugin, filePlugin], { cwd: ROOT, checks })).map((r) => r.size);
}

/** Minified bytes of the bundle and the inputs that contribute most, from esbuild's metafile. */
async function minified(file) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [file],
    bundle: true,
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    outdir: "out",
    logLevel: "error",
  });
  const [output] = Object.values(result.metafile.outputs);
  const byPackage = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const where = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.replace(/^(dist|src|generated)\/.*/, "$1 (this package)");
    byPackage[where] = (byPackage[where] ?? 0) + bytesInOutput;
  }
  return { bytes: output.bytes, byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])) };
}

/** Each program's file, minified and gzipped bytes, and minified bytes by package. */
async function measurePrograms(files) {
  const gzipped = await gzippedSizes(Object.values(files));
  const out = {};
  for (const [i, [name, file]] of Object.entries(files).entries()) {
    const { bytes, byPackage } = await minified(file);
    out[name] = { file, minifiedBytes: bytes, gzipBytes: gzipped[i], minifiedBytesBy: byPackage };
  }
  return out;
}

const line = (name, p) => `  ${name.padEnd(36)} ${(p.minifiedBytes / 1000).toFixed(1).padStart(6)} kB min  ${(p.gzipBytes / 1000).toFixed(1).padStart(5)} kB gzip`;

export async function measure({ log = console.log } = {}) {
  const programs = await measurePrograms(PROGRAMS);
  const webhooks = await measurePrograms(WEBHOOK_PROGRAMS);
  const core = await measurePrograms(CORE_PROGRAMS);
  const withClient = webhooks["small program 2.11 + webhooks"];
  const client = programs["intercom-fetch 2.11"];
  withClient.beyondSmallProgram = { minifiedBytes: withClient.minifiedBytes - client.minifiedBytes, gzipBytes: withClient.gzipBytes - client.gzipBytes };
  for (const [name, p] of Object.entries(programs)) {
    const client = name.replace(/^intercom-fetch/, "intercom-client");
    p.vsIntercomClient = name.startsWith("intercom-fetch") ? ratio(p.gzipBytes, programs[client].gzipBytes) : null;
    log(line(name, p));
  }
  for (const [name, p] of Object.entries(webhooks)) log(line(name, p));
  for (const [name, p] of Object.entries(core)) log(line(name, p));
  log(`  webhooks beyond the small program: ${withClient.beyondSmallProgram.gzipBytes} B gzip`);
  return { method: "esbuild bundle + minify (browser), gzip level 9, via size-limit's esbuild and file plugins", programs, webhooks, core };
}
