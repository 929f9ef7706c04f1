import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

// One entry per pinned version, read from the pins, so adding a version needs no edit here.
const { versions } = JSON.parse(readFileSync("openapi/versions.json", "utf8")) as { versions: { key: string }[] };

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      ...Object.fromEntries(versions.map((v) => [`${v.key}/index`, `generated/${v.key}/index.ts`])),
      // The shared limiter: the only entry that imports `redis` (a peer dependency, so left external).
      redis: "src/limiters/redis.ts",
    },
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
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
  },
]);
