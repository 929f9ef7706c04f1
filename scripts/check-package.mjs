#!/usr/bin/env node
// Refuses a package that would ship without the files its package.json points at: every target of
// the `exports` map, the `bin`, `main`, `module` and `types`. Runs before `npm pack` (and so before
// `npm publish`) through `prepack`, and on a packed tarball in the tests.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";

const HELP = `Usage: node scripts/check-package.mjs [--tarball FILE] [DIR]

Checks that every file package.json points at (each target of "exports", "bin", "main",
"module", "types") exists, and prints what is missing.

  DIR             the package directory (default: the current one); its files are checked
  --tarball FILE  check a packed tarball (npm pack's .tgz) instead: its own package.json and files
  -h, --help      this text

Exit codes: 0 all present, 1 something is missing, 2 bad usage or unreadable input.`;

/** Every path package.json names as a file of the package, with where it is named. */
export function declaredFiles(pkg) {
  /** @type {{ file: string, from: string }[]} */
  const out = [];
  const walk = (value, from) => {
    if (typeof value === "string") out.push({ file: value, from });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${from}[${i}]`));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${from}[${JSON.stringify(k)}]`);
  };
  walk(pkg.exports, "exports");
  walk(typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : pkg.bin, "bin");
  for (const field of ["main", "module", "types", "typings"]) walk(pkg[field], field);
  // A pattern target (`./dist/*.js`) names no single file; none exist today, so refuse rather than skip.
  return out.map(({ file, from }) => ({ file: path.posix.normalize(file.replace(/^\.\//, "")), from }));
}

/** The files of an npm tarball (paths without npm's leading `package/`) and the contents of its package.json. */
export function readTarball(buffer) {
  const tar = gunzipSync(buffer);
  const files = new Map();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join("/");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    if (type === "0" || type === "") files.set(name.replace(/^[^/]+\//, ""), tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** What is missing: `[{ file, from }]`, empty when the package is complete. */
export function missingFiles(pkg, exists) {
  return declaredFiles(pkg).filter(({ file }) => file.includes("*") || !exists(file));
}

function main() {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { tarball: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`check-package: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    console.log(HELP);
    return 0;
  }
  if (args.positionals.length > 1 || (args.values.tarball && args.positionals.length)) {
    console.error(`check-package: give one DIR or --tarball FILE\n\n${HELP}`);
    return 2;
  }
  let pkg, exists, what;
  try {
    if (args.values.tarball) {
      const files = readTarball(readFileSync(args.values.tarball));
      if (!files.has("package.json")) throw new Error("it holds no package.json");
      pkg = JSON.parse(files.get("package.json").toString("utf8"));
      exists = (file) => files.has(file);
      what = args.values.tarball;
    } else {
      const dir = path.resolve(args.positionals[0] ?? ".");
      pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      exists = (file) => statSync(path.join(dir, file), { throwIfNoEntry: false })?.isFile() ?? false;
      what = dir;
    }
  } catch (error) {
    console.error(`check-package: cannot read ${args.values.tarball ?? args.positionals[0] ?? "package.json"}: ${error.message}`);
    return 2;
  }
  const declared = declaredFiles(pkg);
  const missing = missingFiles(pkg, exists);
  if (missing.length) {
    console.error(`check-package: ${pkg.name}: ${missing.length} of ${declared.length} files named in package.json are missing from ${what}:`);
    for (const { file, from } of missing) console.error(`  ${file}  (${from})`);
    console.error(`Build first: npm run build.`);
    return 1;
  }
  console.log(`check-package: ${pkg.name}: all ${declared.length} files named in package.json are present.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
