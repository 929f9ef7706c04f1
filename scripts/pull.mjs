#!/usr/bin/env node
// Fetches each pinned upstream description into openapi/<key>.yaml, refusing any file whose sha256
// is not the pinned one. The pulled files are build inputs and stay out of git.
import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { findMirror, parseCommandLine, pulledFile, readPins, readUpstream, root, run, ScriptError, selectVersions, sha256, sourceOf } from "./lib/versions.mjs";

const HELP = `Usage: node scripts/pull.mjs [--mirror DIR] [--only KEYS] [--force]

Fetches every version pinned in openapi/versions.json into openapi/<key>.yaml and
verifies its sha256 against the pin.

  --mirror DIR   read from a local mirror laid out like the upstream raw URLs
                 (default: $INTERCOM_OPENAPI_MIRROR, else ../shared/intercom-openapi
                 beside the checkout when present, else raw.githubusercontent.com)
  --only KEYS    comma-separated version keys (default: all pinned versions)
  --force        fetch again even when the local file already matches its pin
  -h, --help     show this help

Exit codes: 0 pulled, 1 a file is missing or does not match its pin, 2 bad usage.`;

run(async (argv) => {
  const parsed = parseCommandLine(argv, HELP, { mirror: { type: "string" }, only: { type: "string" }, force: { type: "boolean" } });
  if (!parsed) return;
  const args = parsed.values;

  const pins = readPins();
  const mirror = findMirror(args.mirror);
  for (const version of selectVersions(pins, args.only)) {
    const target = pulledFile(version.key);
    const label = path.relative(root, target);
    if (!args.force && existsSync(target) && sha256(readFileSync(target)) === version.sha256) {
      console.log(`${label}: up to date (${version.commit.slice(0, 7)})`);
      continue;
    }
    const source = sourceOf(pins, version, mirror);
    const bytes = await readUpstream(source);
    const actual = sha256(bytes);
    if (actual !== version.sha256) {
      throw new ScriptError(
        `${source.location}: sha256 ${actual} does not match the pin ${version.sha256} for version "${version.key}" ` +
          `(upstream folder ${version.dir} at ${version.commit}); the file changed or is not the one pinned. ` +
          `Nothing was written. Run "npm run specs:update" to move the pin deliberately.`,
      );
    }
    // Write then rename so that an interrupted pull never leaves a half file that looks pulled.
    await writeFile(`${target}.tmp`, bytes);
    await rename(`${target}.tmp`, target);
    console.log(`${label}: pulled from ${source.kind} (${version.commit.slice(0, 7)}, ${bytes.length} bytes, sha256 ok)`);
  }
});
