import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import { buildEntries } from "./scripts/lib/derived-from-pins.mjs";

// The entries of every pinned version, derived from the pins (scripts/lib/derived-from-pins.mjs),
// so adding a version or an entry needs no edit here.
const pins = JSON.parse(readFileSync("openapi/versions.json", "utf8"));

const library: Options = {
  entry: buildEntries(pins),
  // Shared chunks keep one copy of the core, so `instanceof IntercomError` holds across entries.
  splitting: true,
  dts: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  treeshake: true,
};

export default defineConfig([
  {
    ...library,
    format: ["esm"],
    // The other builds' files: the CommonJS one below and the command line's.
    clean: ["!cli.js", "!cli.js.map", "!**/*.cjs", "!**/*.cjs.map", "!**/*.d.cts"],
  },
  {
    ...library,
    format: ["cjs"],
    // ky 1.x is ESM only, and Node before 20.19 and 22.12 cannot `require()` an ES module: the
    // CommonJS build carries its own copy (test/runtimes.test.ts requires every subpath on Node 20.0
    // and 22.0). The ESM build imports ky, so an app that uses ky too bundles it once.
    noExternal: ["ky"],
    clean: false,
  },
  {
    // The bin: Node-only, one ESM file; it loads the version entries above by package name at run time.
    entry: { cli: "src/cli/index.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
  },
]);
