import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { buildEntries } from "./scripts/lib/derived-from-pins.mjs";

// The entries of every pinned version, derived from the pins (scripts/lib/derived-from-pins.mjs),
// so adding a version or an entry needs no edit here.
const pins = JSON.parse(readFileSync("openapi/versions.json", "utf8"));

export default defineConfig([
  {
    entry: buildEntries(pins),
    format: ["esm", "cjs"],
    // Shared chunks keep one copy of the core, so `instanceof IntercomError` holds across entries.
    splitting: true,
    dts: true,
    sourcemap: true,
    // The command line's files are the other build's.
    clean: ["!cli.js", "!cli.js.map"],
    target: "es2022",
    platform: "neutral",
    treeshake: true,
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
