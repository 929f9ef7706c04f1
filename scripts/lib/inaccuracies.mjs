// The corpus of known inaccuracies of Intercom's descriptions (openapi/overlays/inaccuracies.yaml): what a
// description says, what Intercom does on the wire, the evidence, and the overlay actions that
// repair it in each version where it is present. Checked here so that a malformed entry is named
// before any spec is touched; generate, specs:update and the README table read it through this.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import YAML from "yaml";
import { applyOverlay, auditOverlay } from "./spec.mjs";
import { root } from "./versions.mjs";

export const corpusFile = path.join(root, "openapi", "overlays", "inaccuracies.yaml");

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TEXT_FIELDS = ["title", "says", "does", "evidence", "change"];

/**
 * Checks a parsed corpus against the version keys it may name; returns its entries. Every problem
 * is collected, each naming its entry, so one run shows them all.
 */
export function validateCorpus(corpus, versionKeys) {
  const problems = [];
  if (corpus === null || typeof corpus !== "object" || Array.isArray(corpus) || !Array.isArray(corpus.inaccuracies)) {
    throw new TypeError('the corpus must be a mapping with an "inaccuracies" list');
  }
  const known = new Set(versionKeys);
  const ids = new Set();
  corpus.inaccuracies.forEach((entry, index) => {
    const name = typeof entry?.id === "string" && ID.test(entry.id) ? `entry "${entry.id}"` : `entry #${index + 1}${typeof entry?.id === "string" ? ` (${JSON.stringify(entry.id)})` : ""}`;
    const fail = (message) => problems.push(`${name}: ${message}`);
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return fail("must be a mapping");
    if (typeof entry.id !== "string" || !ID.test(entry.id)) fail('"id" must be kebab-case (lowercase words joined by "-")');
    else if (ids.has(entry.id)) fail("the id is used twice");
    else ids.add(entry.id);
    for (const field of TEXT_FIELDS) {
      if (typeof entry[field] !== "string" || entry[field].trim() === "") fail(`"${field}" must be a non-empty string`);
    }
    if (typeof entry.change === "string" && entry.change.includes("\n")) fail('"change" must be one line (it is a README table cell)');
    if (!Array.isArray(entry.versions) || entry.versions.length === 0) fail('"versions" must be a non-empty list of version keys');
    else {
      for (const v of entry.versions) if (!known.has(v)) fail(`"versions" names "${v}", which is not pinned in openapi/versions.json (${[...known].join(", ")})`);
      if (new Set(entry.versions).size !== entry.versions.length) fail('"versions" lists a version twice');
    }
    if (!Array.isArray(entry.sources) || entry.sources.length === 0 || entry.sources.some((s) => typeof s !== "string" || s.trim() === "")) {
      fail('"sources" must be a non-empty list of strings (issue or PR URLs, override file and path, upstream commit)');
    }
    if (!Array.isArray(entry.actions) || entry.actions.length === 0) fail('"actions" must be a non-empty list of overlay actions');
    else {
      entry.actions.forEach((action, i) => {
        const where = `actions[${i}]`;
        if (action === null || typeof action !== "object") return fail(`${where} must be a mapping`);
        if (typeof action.target !== "string" || !action.target.startsWith("$")) fail(`${where}: "target" must be a JSONPath starting with "$"`);
        const hasUpdate = "update" in action;
        const hasRemove = action.remove === true;
        if (hasUpdate === hasRemove) fail(`${where}: needs exactly one of "update" or "remove: true"`);
        const extra = Object.keys(action).filter((k) => !["target", "description", "update", "remove"].includes(k));
        if (extra.length) fail(`${where}: unknown key(s) ${extra.join(", ")}`);
      });
    }
    const extra = Object.keys(entry).filter((k) => !["id", "versions", "sources", "actions", ...TEXT_FIELDS].includes(k));
    if (extra.length) fail(`unknown key(s) ${extra.join(", ")}`);
  });
  if (problems.length) throw new TypeError(`the corpus has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return corpus.inaccuracies;
}

/** Reads and validates openapi/overlays/inaccuracies.yaml (or another file). */
export function readCorpus(versionKeys, file = corpusFile) {
  let parsed;
  try {
    parsed = YAML.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${path.relative(root, file)}: cannot read the corpus (${error.message})`);
  }
  try {
    return validateCorpus(parsed, versionKeys);
  } catch (error) {
    throw new Error(`${path.relative(root, file)}: ${error.message}`);
  }
}

/** The entries that repair a version, in corpus order. */
export const entriesFor = (entries, versionKey) => entries.filter((entry) => entry.versions.includes(versionKey));

/** An Overlay 1.0 document holding one entry's actions, each described with the entry's id. */
export function entryOverlay(entry) {
  return {
    overlay: "1.0.0",
    info: { title: `Intercom-OpenAPI inaccuracy ${entry.id}`, version: "1.0.0" },
    actions: entry.actions.map((action) => ({ ...action, description: action.description ?? `${entry.id}: ${entry.title}` })),
  };
}

/**
 * Applies every entry that lists the version, after the version's own overlay. An action that
 * matches nothing is an error naming its entry: the entry lists a version it does not fit.
 */
export async function applyCorpus(openapiFormat, spec, entries, versionKey) {
  let data = spec;
  for (const entry of entriesFor(entries, versionKey)) {
    const result = await applyOverlay(openapiFormat, data, entryOverlay(entry));
    if (result.unused.length) {
      throw new Error(`inaccuracy "${entry.id}" lists version ${versionKey}, but ${result.unused.length} of its action(s) matched nothing there (${result.unused.map((a) => a.target).join(", ")})`);
    }
    data = result.data;
  }
  return data;
}

/**
 * Applies the entries that list a version one action at a time, as `auditOverlay` does, and says
 * which repairs upstream has made pointless, per entry: `unused` ({ entry, action }) an action
 * whose target is gone, `unneeded` ({ entry, action, reason }) one that changes nothing or
 * replaces what upstream now defines. `fixed` lists the entries no longer needed: none of their
 * actions is, or together they change nothing (a remove-then-update that puts back what was there).
 */
export async function auditCorpus(openapiFormat, spec, entries, versionKey) {
  let data = spec;
  const unused = [];
  const unneeded = [];
  const fixed = [];
  for (const entry of entriesFor(entries, versionKey)) {
    const audit = await auditOverlay(openapiFormat, data, entryOverlay(entry));
    unused.push(...audit.unused.map((action) => ({ entry, action })));
    unneeded.push(...audit.unneeded.map(({ action, reason }) => ({ entry, action, reason })));
    // An update merging into an object that exists is what most entries do, so "upstream now
    // defines X" alone does not make an entry pointless; a no-op or a vanished target does.
    const pointless = audit.unneeded.filter((u) => u.reason.startsWith("it changes nothing")).length;
    if (audit.unused.length + pointless === entry.actions.length || isDeepStrictEqual(audit.data, data)) fixed.push(entry);
    data = audit.data;
  }
  return { data, unused, unneeded, fixed };
}

/** The README table: one row per entry (entry, versions, what we changed, sources). */
export function corpusTable(entries, versionKeys) {
  const cell = (text) => String(text).replaceAll("|", "\\|").replaceAll("\n", " ");
  const rows = entries.map(
    (entry) => `| \`${entry.id}\`: ${cell(entry.title)} | ${versionRanges(entry.versions, versionKeys)} | ${cell(entry.change)} | ${entry.sources.map(sourceLink).join("<br>")} |`,
  );
  return ["| Inaccuracy | Versions | What we changed | Sources |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/**
 * `2.7-2.10, 2.12, unstable`: runs of consecutive numbered versions written as ranges, the named
 * ones (unstable) after them; "every version" when all are listed.
 */
export function versionRanges(versions, versionKeys) {
  if (versionKeys.every((k) => versions.includes(k))) return "every version";
  const numbered = versionKeys.filter((k) => /^\d/.test(k));
  const runs = [];
  for (const key of numbered.filter((k) => versions.includes(k))) {
    const last = runs.at(-1);
    if (last && numbered.indexOf(key) === numbered.indexOf(last.at(-1)) + 1) last.push(key);
    else runs.push([key]);
  }
  const named = versionKeys.filter((k) => !/^\d/.test(k) && versions.includes(k));
  return [...runs.map((run) => (run.length > 2 ? `${run[0]}-${run.at(-1)}` : run.join(", "))), ...named].join(", ");
}

/** A URL becomes a short link (`intercom-node#462`, `Intercom-OpenAPI@be47f01`); other text stays. */
export function sourceLink(source) {
  const issue = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/(?:issues|pull)\/(\d+)$/.exec(source);
  if (issue) return `[${issue[1]}#${issue[2]}](${source})`;
  const commit = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/commit\/([0-9a-f]{7})[0-9a-f]*$/.exec(source);
  if (commit) return `[${commit[1]}@${commit[2]}](${source})`;
  const file = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/blob\/[^/]+\/(.+)$/.exec(source);
  if (file) return `[${file[1]}/${file[2].replace(/#.*$/, "")}](${source})`;
  return source.replaceAll("|", "\\|");
}
