#!/usr/bin/env node
// Follows upstream: moves every pin in openapi/versions.json to the newest Intercom-OpenAPI commit,
// re-applies the overlays, regenerates, and writes what changed for a TypeScript caller as a
// report and a changeset. Nothing is written unless every pinned file was read, verified and
// repaired; a failed regeneration puts the pins back.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import openapiFormat from "openapi-format";
import YAML from "yaml";
import { extractManifest } from "./lib/manifest.mjs";
import { diffManifests, diffSpecs } from "./lib/spec-diff.mjs";
import { renderReport } from "./lib/spec-report.mjs";
import { applyCorpus, auditCorpus, corpusFile, readCorpus } from "./lib/inaccuracies.mjs";
import { applyOverlay, auditOverlay, extractMeta, listOperations, unresolvedRefs } from "./lib/spec.mjs";
import { subpathsOf } from "./lib/derived-from-pins.mjs";
import {
  compareDirs,
  findMirror,
  formatPins,
  newestCommit,
  overlayFile,
  parseCommandLine,
  pulledFile,
  readPins,
  readUpstream,
  root,
  run,
  ScriptError,
  sha256,
  sourceOf,
  upstreamDirs,
  versionsFile,
} from "./lib/versions.mjs";

const HELP = `Usage: node scripts/specs-update.mjs [--check] [--mirror DIR] [--commit SHA] [--add KEYS] [--report FILE]

Moves every version pinned in openapi/versions.json to the newest upstream commit
(GitHub's API, or refs.json heads.main of a mirror), re-applies the overlays and the
repairs of openapi/overlays/inaccuracies.yaml (naming each entry upstream has made unnecessary), runs
scripts/generate.mjs and scripts/sync-versions.mjs, rewrites the pins, and writes:
  reports/specs-update.md   the change report per version (also printed), with maintainer notes
  reports/specs-update.json the same changes as data
  .changeset/intercom-openapi-<commit>.md
                            a changeset whose bump the report implies (major when a pinned
                            version has a breaking change, minor for additions, else patch)
Upstream versions that are not pinned are listed, never pinned silently: pass --add.

  --check        write nothing; exit 3 when upstream has moved (a pinned file changed, or
                 upstream holds a version that is not pinned)
  --mirror DIR   read from a local mirror (default: $INTERCOM_OPENAPI_MIRROR, else
                 ../shared/intercom-openapi beside the checkout when present, else GitHub)
  --commit SHA   move to this upstream commit instead of the newest
  --add KEYS     also pin these upstream versions, comma-separated folder names (2.16), or
                 key=folder to name one differently (unstable=0)
  --report FILE  where to write the Markdown report (default reports/specs-update.md)
  -h, --help     show this help

GITHUB_TOKEN, when set, is sent to GitHub's API (rate limits in CI).

Exit codes: 0 updated or already up to date, 1 failed (pins unchanged), 2 bad usage,
3 upstream has moved (--check only).`;

run(async (argv) => {
  const parsed = parseCommandLine(argv, HELP, {
    check: { type: "boolean" },
    mirror: { type: "string" },
    commit: { type: "string" },
    add: { type: "string" },
    report: { type: "string" },
  });
  if (!parsed) return;
  const args = parsed.values;
  if (args.commit !== undefined && !/^[0-9a-f]{40}$/.test(args.commit)) throw new ScriptError(`--commit must be a 40-hex commit, not ${JSON.stringify(args.commit)}`, 2);

  const pins = readPins();
  const mirror = findMirror(args.mirror);
  const head = args.commit ?? (await newestCommit(pins, mirror));
  const dirs = await upstreamDirs(pins, head, mirror);
  const additions = parseAdditions(args.add, pins, dirs);
  console.log(`upstream ${pins.upstream.repository} at ${head}${mirror ? ` (mirror ${mirror})` : ""}`);

  // Read and verify everything before deciding anything: a bad pin or a missing file stops here.
  /** @type {{ pin: any; before?: Buffer; after: Buffer; status: string; changes?: any[]; apiVersion?: string; operations?: number }[]} */
  const versions = [];
  for (const pin of pins.versions) {
    const before = await readPinned(pins, pin, mirror);
    const after = pin.commit === head ? before : await readAt(pins, pin, head, mirror);
    versions.push({ pin, before, after, status: before.equals(after) ? "unchanged" : "changed" });
  }
  for (const pin of additions) versions.push({ pin, after: await readAt(pins, pin, head, mirror), status: "added" });
  const offered = dirs.filter((dir) => !versions.some((v) => v.pin.dir === dir));

  const problems = [];
  const notes = [];
  let corpus;
  try {
    corpus = readCorpus(pins.versions.map((p) => p.key));
  } catch (error) {
    throw new ScriptError(error.message);
  }
  for (const version of versions.filter((v) => v.status !== "unchanged")) {
    Object.assign(version, await compare(version, corpus, problems, notes));
  }
  const report = renderReport({
    repository: pins.upstream.repository,
    from: pins.versions.map((p) => p.commit).filter((c) => c !== head),
    to: head,
    versions: versions.map((v) => ({ key: v.pin.key, subpaths: subpathsOf(v.pin), status: v.status, changes: v.changes ?? [], apiVersion: v.apiVersion, operations: v.operations })),
  });
  for (const dir of offered) {
    notes.push(`upstream also has version ${dir} (descriptions/${dir}), not pinned: \`npm run specs:update -- --add ${dir === "0" ? "unstable=0" : dir}\` to offer it`);
  }
  const moved = versions.some((v) => v.status !== "unchanged");
  const notesText = notes.length ? `\n\nMaintainer notes (not part of the changeset):\n\n${notes.map((n) => `- ${n}`).join("\n")}` : "";

  if (!moved) {
    console.log(`every pinned version is up to date at ${head.slice(0, 7)}${notesText}`);
    return args.check && offered.length ? 3 : 0;
  }
  console.log(`\n${report.text}${notesText}\n`);
  if (args.check) {
    if (problems.length) console.log(`The update would fail as things stand:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    console.log(`upstream has moved: run "npm run specs:update" (release: ${report.bump})`);
    return 3;
  }
  if (problems.length) {
    throw new ScriptError(`nothing was written; repair these and run again:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }

  await commit(pins, versions, head);

  const changeset = freeName(path.join(root, ".changeset", `intercom-openapi-${head.slice(0, 7)}`), ".md");
  await mkdir(path.dirname(changeset), { recursive: true });
  await writeFile(changeset, `---\n"intercom-fetch": ${report.bump}\n---\n\n${report.text}\n`);
  const reportFile = path.resolve(args.report ?? path.join(root, "reports", "specs-update.md"));
  await mkdir(path.dirname(reportFile), { recursive: true });
  await writeFile(reportFile, `${report.text}${notesText}\n`);
  await writeFile(`${reportFile.replace(/\.md$/, "")}.json`, `${JSON.stringify({ to: head, bump: report.bump, offered, notes, problems, versions: versions.map(summary) }, null, 2)}\n`);
  console.log(
    `pins moved to ${head.slice(0, 7)}; wrote ${path.relative(root, changeset)} (${report.bump}) and ${path.relative(root, reportFile)}.\n` +
      `Next: review them, then "npm run build && npm run versions:sync" (sizes in the README) and "npm test".`,
  );
});

/** `2.16,unstable=0` -> pins to add at the new commit; each folder must exist upstream and be unpinned. */
function parseAdditions(option, pins, dirs) {
  if (!option) return [];
  const taken = new Set(pins.versions.flatMap((p) => [p.key, ...(p.aliases ?? [])]));
  return option
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [key, dir = key] = item.split("=");
      if (!/^[a-z0-9.]+$/.test(key)) throw new ScriptError(`--add: "${key}" is not a version key (lowercase letters, digits, dots)`, 2);
      if (taken.has(key)) throw new ScriptError(`--add: "${key}" is already pinned`, 2);
      if (pins.versions.some((p) => p.dir === dir)) throw new ScriptError(`--add: upstream folder ${dir} is already pinned`, 2);
      if (!dirs.includes(dir)) throw new ScriptError(`--add: upstream has no descriptions/${dir} (it has ${dirs.join(", ")})`, 2);
      taken.add(key);
      return { key, dir };
    });
}

/** The file a pin names, verified against its checksum (the local pull when it matches, else upstream). */
async function readPinned(pins, pin, mirror) {
  const local = pulledFile(pin.key);
  if (existsSync(local)) {
    const bytes = readFileSync(local);
    if (sha256(bytes) === pin.sha256) return bytes;
  }
  const source = sourceOf(pins, pin, mirror);
  const bytes = await readUpstream(source);
  const actual = sha256(bytes);
  if (actual !== pin.sha256) {
    throw new ScriptError(`version "${pin.key}": ${source.location} has sha256 ${actual}, not the pinned ${pin.sha256}; the baseline of the comparison cannot be trusted. Nothing was written.`);
  }
  return bytes;
}

async function readAt(pins, pin, commit, mirror) {
  try {
    return await readUpstream(sourceOf(pins, { ...pin, commit }, mirror));
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    throw new ScriptError(`version "${pin.key}" (descriptions/${pin.dir}) at ${commit}: ${error.message}. Nothing was written.`);
  }
}

const parse = (bytes) => YAML.parse(bytes.toString("utf8"), { maxAliasCount: -1 });

/**
 * Repairs the new file with the version's overlay and the corpus entries that list the version
 * (noting actions that no longer apply or that upstream made unnecessary, by overlay file or
 * entry id) and diffs it against the old file under the same repairs: the report describes what
 * the package ships, not upstream's raw files.
 */
async function compare(version, corpus, problems, notes) {
  const { pin } = version;
  const overlayPath = overlayFile(pin.key);
  const overlay = existsSync(overlayPath) ? YAML.parse(readFileSync(overlayPath, "utf8")) : undefined;
  const overlayName = path.relative(root, overlayPath);
  let after = parse(version.after);
  if (overlay) {
    const audit = await auditOverlay(openapiFormat, after, overlay);
    for (const action of audit.unused) problems.push(`${overlayName}: the action on ${action.target} no longer applies (its target is gone upstream); remove or retarget it`);
    for (const { action, reason } of audit.unneeded) notes.push(`${overlayName}: the action on ${action.target} may no longer be needed: ${reason}`);
    after = audit.data;
  }
  const corpusName = path.relative(root, corpusFile);
  const corpusAudit = await auditCorpus(openapiFormat, after, corpus, pin.key);
  const fixed = new Set(corpusAudit.fixed);
  for (const entry of corpusAudit.fixed) {
    notes.push(`${corpusName}: inaccuracy "${entry.id}" looks fixed upstream in ${pin.key} (none of its actions changes anything there any more): remove ${pin.key} from its versions`);
  }
  for (const { entry, action } of corpusAudit.unused) {
    problems.push(
      `${corpusName}: inaccuracy "${entry.id}", version ${pin.key}: the action on ${action.target} no longer applies (its target is gone upstream); ${fixed.has(entry) ? `remove ${pin.key} from the entry's versions` : "retarget it"}`,
    );
  }
  for (const { entry, action, reason } of corpusAudit.unneeded) {
    if (!fixed.has(entry)) notes.push(`${corpusName}: inaccuracy "${entry.id}", version ${pin.key}: the action on ${action.target} may no longer be needed: ${reason}`);
  }
  after = corpusAudit.data;
  const dangling = unresolvedRefs(after);
  if (dangling.length) {
    problems.push(`version "${pin.key}": ${dangling.length} unresolved $ref(s) (${[...new Set(dangling.map((d) => d.ref))].slice(0, 5).join(", ")}); repair them in ${overlayName}`);
  }
  let meta;
  try {
    meta = extractMeta(after);
  } catch (error) {
    problems.push(`version "${pin.key}": ${error.message}`);
    return { changes: [] };
  }
  if (version.status === "added") return { changes: [], apiVersion: meta.apiVersion, operations: listOperations(after).length };
  let before = parse(version.before);
  if (overlay) before = (await applyOverlay(openapiFormat, before, overlay)).data;
  // The old file's shape as it was shipped: an entry whose target the old file lacks is skipped.
  for (const entry of corpus.filter((e) => e.versions.includes(pin.key))) {
    before = await applyCorpus(openapiFormat, before, [entry], pin.key).catch(() => before);
  }
  // The helpers' surface too: the manifests the generator would write from each file.
  let helpers = [];
  try {
    helpers = diffManifests(extractManifest(before), extractManifest(after));
  } catch (error) {
    problems.push(`version "${pin.key}": the manifest cannot be read from the new file: ${error.message}`);
  }
  return { changes: [...diffSpecs(before, after), ...helpers] };
}

/**
 * Writes the new files and pins, regenerates and re-derives the exports map and README table;
 * on any failure puts every file it touched back as it was.
 */
async function commit(pins, versions, head) {
  const touched = [versionsFile, path.join(root, "package.json"), path.join(root, "README.md"), ...versions.map((v) => pulledFile(v.pin.key))];
  const saved = new Map(touched.map((file) => [file, existsSync(file) ? readFileSync(file) : undefined]));
  try {
    for (const version of versions) await writeAtomic(pulledFile(version.pin.key), version.after);
    const next = {
      ...pins,
      versions: versions.map(({ pin, after }) => ({ ...pin, commit: head, sha256: sha256(after) })).sort((a, b) => compareDirs(a.dir, b.dir)),
    };
    await writeAtomic(versionsFile, formatPins(next));
    readPins();
    step("generate.mjs");
    step("sync-versions.mjs");
  } catch (error) {
    for (const [file, bytes] of saved) {
      if (bytes === undefined) await rm(file, { force: true });
      else await writeAtomic(file, bytes);
    }
    if (error instanceof ScriptError) {
      throw new ScriptError(`${error.message}; the pins, pulled files, package.json and README.md were put back (run "npm run generate" to rebuild generated/ from them)`);
    }
    throw error;
  }
}

/** `base.md`, else `base-2.md`, ...: a second update to the same commit (--add) keeps the first changeset. */
function freeName(base, ext) {
  for (let i = 1; ; i++) {
    const file = `${base}${i === 1 ? "" : `-${i}`}${ext}`;
    if (!existsSync(file)) return file;
  }
}

function step(script) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", script)], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new ScriptError(`scripts/${script} failed (exit ${result.status ?? result.signal})`);
}

const summary = (v) => ({
  key: v.pin.key,
  dir: v.pin.dir,
  status: v.status,
  apiVersion: v.apiVersion,
  operations: v.operations,
  changes: (v.changes ?? []).map(({ before, after, ...c }) => ({ ...c, before: brief(before), after: brief(after) })),
});
const brief = (x) => (x && typeof x === "object" && "types" in x ? { types: x.types, enum: x.enum, required: x.required } : x);

async function writeAtomic(file, bytes) {
  await writeFile(`${file}.tmp`, bytes);
  await rename(`${file}.tmp`, file);
}
