#!/usr/bin/env node
// Writes the README's table of the inaccuracies we repair from openapi/overlays/inaccuracies.yaml. With
// --check it writes nothing and fails when the table is out of date, which a test runs.
import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { corpusTable, readCorpus } from "./lib/inaccuracies.mjs";
import { parseCommandLine, readPins, root, run, ScriptError } from "./lib/versions.mjs";

const TABLE_START = "<!-- inaccuracies:start (written by scripts/inaccuracies-table.mjs from openapi/overlays/inaccuracies.yaml) -->";
const TABLE_END = "<!-- inaccuracies:end -->";

const HELP = `Usage: node scripts/inaccuracies-table.mjs [--check]

Writes the table of README.md's "How these types differ from Intercom's published
descriptions" between its ${"<!-- inaccuracies:start/end -->"} markers: one row per entry of
openapi/overlays/inaccuracies.yaml (entry, versions, what we changed, sources).

  --check      write nothing; exit 1 when the table is out of date
  -h, --help   show this help

Exit codes: 0 in sync (or written), 1 out of date, a malformed corpus or no markers, 2 bad usage.`;

const readmeFile = path.join(root, "README.md");

run(async (argv) => {
  const parsed = parseCommandLine(argv, HELP, { check: { type: "boolean" } });
  if (!parsed) return;
  const args = parsed.values;

  const keys = readPins().versions.map((v) => v.key);
  let entries;
  try {
    entries = readCorpus(keys);
  } catch (error) {
    throw new ScriptError(error.message);
  }
  const readme = readFileSync(readmeFile, "utf8");
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new ScriptError(`README.md: no inaccuracies table; put ${TABLE_START} and ${TABLE_END} where it belongs`);
  const next = `${readme.slice(0, start)}${TABLE_START}\n${corpusTable(entries, keys)}\n${readme.slice(end)}`;
  if (next === readme) return void console.log(`README.md: the inaccuracies table matches openapi/overlays/inaccuracies.yaml (${entries.length} entries)`);
  if (args.check) throw new ScriptError('README.md: the inaccuracies table does not match openapi/overlays/inaccuracies.yaml: run "node scripts/inaccuracies-table.mjs"');
  await writeFile(`${readmeFile}.tmp`, next);
  await rename(`${readmeFile}.tmp`, readmeFile);
  console.log(`README.md: inaccuracies table for ${entries.length} entries`);
});
