#!/usr/bin/env node
// Writes what is derived from openapi/versions.json: package.json's exports map and the README's
// version table (header value and operation count from generated/, sizes from dist/). With
// --check it writes nothing and fails when either is out of date, which a test runs.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gzipSync } from "node:zlib";
import { exportsMap, findTable, formatBytes, parseTableRows, subpathsOf, TABLE_END, TABLE_START, versionTable } from "./lib/derived-from-pins.mjs";
import { listOperations } from "./lib/spec.mjs";
import { generatedDir, parseCommandLine, readPins, root, run, ScriptError } from "./lib/versions.mjs";

const HELP = `Usage: node scripts/sync-versions.mjs [--check]

Derives from openapi/versions.json (run scripts/generate.mjs first):
  package.json  "exports": one subpath per pinned version and alias
  README.md     the version table between its ${"<!-- versions:start/end -->"} markers:
                subpaths, Intercom-Version, operation count, and the size of each
                version's files in dist/ (when built; otherwise the sizes already there stay)

  --check      write nothing; exit 1 when either file is out of date (sizes are not compared)
  -h, --help   show this help

Exit codes: 0 in sync (or written), 1 out of date or a file is missing, 2 bad usage.`;

const packageFile = path.join(root, "package.json");
const readmeFile = path.join(root, "README.md");
const distDir = path.join(root, "dist");

run(async (argv) => {
  const parsed = parseCommandLine(argv, HELP, { check: { type: "boolean" } });
  if (!parsed) return;
  const args = parsed.values;

  const pins = readPins();
  const pkg = JSON.parse(readFileSync(packageFile, "utf8"));
  const readme = readFileSync(readmeFile, "utf8");
  const current = findTable(readme);
  if (current === undefined) throw new ScriptError(`README.md: no version table; put ${TABLE_START} and ${TABLE_END} where it belongs`);
  const currentRows = parseTableRows(current);

  const exportsWanted = exportsMap(pins);
  const rows = pins.versions.map((pin) => {
    const spec = path.join(generatedDir, pin.key, "openapi.json");
    if (!existsSync(spec)) throw new ScriptError(`${path.relative(root, spec)} is missing: run "npm run generate" first`);
    const doc = JSON.parse(readFileSync(spec, "utf8"));
    const size = args.check ? "" : (measure(pin.key) ?? currentRows.get(pin.key)?.size ?? "not built yet");
    return { subpaths: subpathsOf(pin), apiVersion: doc.info.version, operations: listOperations(doc).length, size };
  });

  if (args.check) {
    const stale = [];
    if (!isDeepStrictEqual(pkg.exports, exportsWanted)) stale.push("package.json exports");
    const strip = (r) => ({ subpaths: r.subpaths, apiVersion: r.apiVersion, operations: r.operations });
    if (!isDeepStrictEqual([...currentRows.values()].map(strip), rows.map(strip))) stale.push("the README version table");
    if (stale.length) throw new ScriptError(`${stale.join(" and ")} do not match openapi/versions.json: run "npm run versions:sync"`);
    console.log("package.json exports and the README version table match openapi/versions.json");
    return;
  }

  // Re-read right before writing: other edits to package.json may have landed meanwhile.
  const latest = JSON.parse(readFileSync(packageFile, "utf8"));
  if (!isDeepStrictEqual(latest.exports, exportsWanted)) {
    latest.exports = exportsWanted;
    await writeAtomic(packageFile, `${JSON.stringify(latest, null, 2)}\n`);
    console.log(`package.json: exports for ${pins.versions.flatMap(subpathsOf).join(", ")}`);
  }
  const table = versionTable(rows, footer() ?? tableFooter(current));
  const text = readFileSync(readmeFile, "utf8");
  const next = text.replace(findTable(text), table);
  if (next !== text) {
    await writeAtomic(readmeFile, next);
    console.log(`README.md: version table for ${rows.length} versions`);
  }
});

/** The bytes a version adds to the package: its own files in dist/<key>/, unpacked and gzipped. */
function measure(key) {
  const dir = path.join(distDir, key);
  if (!existsSync(path.join(dir, "index.js"))) return undefined;
  let raw = 0;
  let gzipped = 0;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    raw += statSync(file).size;
    gzipped += gzipSync(readFileSync(file)).length;
  }
  return `${formatBytes(raw)} / ${formatBytes(gzipped)}`;
}

/** The whole tarball, as npm would publish it; undefined when dist/ is not built. */
function footer() {
  if (!existsSync(path.join(distDir, "index.js"))) return undefined;
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [pack] = JSON.parse(out);
  const shared = readdirSync(distDir).filter((name) => statSync(path.join(distDir, name)).isFile());
  const sharedBytes = shared.reduce((sum, name) => sum + statSync(path.join(distDir, name)).size, 0);
  return (
    `Every version shares the core (\`dist/*\`: ${formatBytes(sharedBytes)}). The whole package: ` +
    `${formatBytes(pack.size)} packed, ${formatBytes(pack.unpackedSize)} unpacked, ${pack.entryCount} files (\`npm pack --dry-run --json\`).`
  );
}

const tableFooter = (table) => table.split("\n").find((line) => line.startsWith("Every version shares")) ?? "";

async function writeAtomic(file, text) {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}
