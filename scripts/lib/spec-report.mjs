// The change report of a spec update as Markdown: what a user pinned to each version gets from
// this release. It is printed, written to reports/, and is the changeset's text (so the CHANGELOG's):
// changesets nests a changeset's text under one list item, so this uses bold lines and lists, no headings.
import { bumpOf } from "./spec-diff.mjs";

const code = (s) => `\`${s}\``;
const typeText = (types) => types.join(" | ");

/** One change in words, without its operation. */
export function describeChange(change) {
  const where = `${change.side} ${code(change.field)}`;
  switch (change.kind) {
    case "added":
      return `${where} added${change.side === "request" ? (change.after.required ? " (required)" : " (optional)") : ""}`;
    case "removed":
      return `${where} removed`;
    case "required":
      return `${where} made required`;
    case "optional":
      return `${where} made optional`;
    case "type":
      return `${where} type ${change.relation}: ${code(typeText(change.before.types))} → ${code(typeText(change.after.types))}`;
    case "enum": {
      const before = change.before.enum;
      const after = change.after.enum;
      if (before === null) return `${where} now limited to ${after.map(code).join(", ")}`;
      if (after === null) return `${where} no longer limited to a list of values`;
      const added = after.filter((v) => !before.includes(v));
      const removed = before.filter((v) => !after.includes(v));
      const parts = [];
      if (added.length) parts.push(`adds ${added.map(code).join(", ")}`);
      if (removed.length) parts.push(`drops ${removed.map(code).join(", ")}`);
      return `${where} values ${parts.join("; ")}`;
    }
    default:
      throw new Error(`cannot describe ${change.kind}`);
  }
}

const ops = (list) => list.map(code).join(" ");

/** A change to the helpers' surface (from `diffManifests`) in words; undefined for a spec change. */
export function describeHelperChange(change) {
  const on = (c) => `${code(`search.${c.resource}`)} field ${code(c.name)}`;
  switch (change.kind) {
    case "search-added":
      return `${code(`intercom.search.${change.resource}`)} added (${code(`POST ${change.path}`)})`;
    case "search-removed":
      return `${code(`intercom.search.${change.resource}`)} removed (${code(`POST ${change.path}`)} lost its field tables or is gone)`;
    case "search-field-added":
      return `${code(`search.${change.resource}`)} field ${code(change.name)} added (${ops(change.operators)})`;
    case "search-field-removed":
      return `${code(`search.${change.resource}`)} field ${code(change.name)} removed`;
    case "search-operators-removed":
      return `${on(change)} no longer takes ${ops(change.operators)}`;
    case "search-operators-added":
      return `${on(change)} now takes ${ops(change.operators)}`;
    case "search-types-removed":
      return `${on(change)} is no longer ${change.types.join(" or ")}`;
    case "search-types-added":
      return `${on(change)} is now also ${change.types.join(" or ")}`;
    case "list-added":
      return `${code(`paginate("${change.path}")`)} added (${change.style})`;
    case "list-removed":
      return `${code(`paginate("${change.path}")`)} removed`;
    case "list-style":
      return `${code(`paginate("${change.path}")`)} now pages by ${change.after.style}, items in ${code(change.after.items)}`;
    case "reply-added":
      return `${code(`intercom.${change.resource}`)} reply helpers added`;
    case "reply-removed":
      return `${code(`intercom.${change.resource}`)} reply helpers removed`;
    case "exports-added":
      return `${code("intercom.exports")} added`;
    case "exports-removed":
      return `${code("intercom.exports")} removed`;
    case "export-column-added":
      return `export column ${code(change.column)} added (${change.type})`;
    case "export-column-removed":
      return `export column ${code(change.column)} removed`;
    case "export-column-type":
      return `export column ${code(change.column)} changes from ${change.before} to ${change.after}`;
    case "server-added":
      return `region ${code(change.region)} added`;
    case "server-removed":
      return `region ${code(change.region)} removed`;
    case "read-only-added":
      return `${code(`POST ${change.path}`)} is now retried as a read`;
    case "read-only-removed":
      return `${code(`POST ${change.path}`)} is no longer retried as a read`;
    default:
      return undefined;
  }
}

/**
 * Writes many field paths compactly, bash-brace style: fields that share a prefix are written once
 * (`200.{a, b}`), and siblings with the same fields below them are grouped
 * (`translated_content.{ar, bg}.{title, body}`), so that a field added to 40 locales is one entry.
 */
export function compactPaths(paths) {
  const root = new Map();
  for (const p of paths) {
    let node = root;
    for (const segment of p.split(".")) {
      if (!node.has(segment)) node.set(segment, new Map());
      node = node.get(segment);
    }
    node.set("", new Map()); // marks a path that ends here
  }
  const render = (node) => {
    const bySubtree = new Map();
    for (const [segment, child] of node) {
      if (segment === "") continue;
      const below = renderChild(child);
      if (!bySubtree.has(below)) bySubtree.set(below, []);
      bySubtree.get(below).push(segment);
    }
    const parts = [...bySubtree].flatMap(([below, segments]) => {
      if (!below) return segments;
      return [`${segments.length === 1 ? segments[0] : `{${segments.join(", ")}}`}.${below}`];
    });
    return node.has("") ? ["", ...parts] : parts;
  };
  const renderChild = (child) => {
    const parts = render(child);
    if (parts.length === 1 && parts[0] === "") return "";
    // A path ending at the child and others going on below it: `a.{, b}` reads as "a and a.b".
    return parts.length === 1 ? parts[0] : `{${parts.join(", ")}}`;
  };
  return render(root);
}

const GROUP_TITLES = {
  "request added": "request fields added",
  "response added": "response fields added",
  "request optional": "request fields made optional",
  "response required": "response fields made required",
};

/** The lines of one changed operation: breaking changes one by one, the rest grouped by kind. */
function operationLines(changes) {
  const lines = [];
  const groups = new Map();
  for (const change of changes) {
    const group = GROUP_TITLES[`${change.side} ${change.kind}`];
    if (change.effect !== "breaking" && group) {
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(change.field);
    } else {
      lines.push(`${change.effect === "breaking" ? "**breaking**: " : ""}${describeChange(change)}`);
    }
  }
  for (const [title, fields] of groups) lines.push(`${title}: ${compactPaths(fields).map(code).join(", ")}`);
  return lines;
}

const opList = (changes) => changes.map((c) => `${code(c.operation)}${c.id ? ` (${c.id})` : ""}`).join(", ");

/**
 * The report of one version. `version` is `{ key, subpaths, status: "changed" | "added" | "unchanged",
 * changes, apiVersion?, operations? }` (`apiVersion` and `operations` for an added version).
 */
export function versionSection(version) {
  const imports = version.subpaths.map((s) => code(`intercom-fetch/${s}`)).join(", ");
  if (version.status === "added") {
    return [`**${version.key}** (${imports}): new version, sends ${code(`Intercom-Version: ${version.apiVersion}`)}, ${version.operations} operations.`];
  }
  const { changes } = version;
  if (!changes.length) return [`**${version.key}** (${imports}): ${version.status === "unchanged" ? "unchanged" : "no change to operations, fields or types (descriptions and examples only)"}.`];
  const breaking = changes.filter((c) => c.effect === "breaking").length;
  const lines = [`**${version.key}** (${imports}): ${breaking} breaking, ${changes.length - breaking} other changes.`, ""];
  const header = changes.find((c) => c.kind === "header");
  if (header) lines.push(`- **breaking**: the ${code("Intercom-Version")} header (and ${code("apiVersion")}) changes from ${code(header.before)} to ${code(header.after)}`);
  const added = changes.filter((c) => c.kind === "operation-added");
  const removed = changes.filter((c) => c.kind === "operation-removed");
  if (added.length) lines.push(`- operations added (${added.length}): ${opList(added)}`);
  if (removed.length) lines.push(`- **breaking**: operations removed (${removed.length}): ${opList(removed)}`);
  const helpers = changes.map((c) => [c, describeHelperChange(c)]).filter(([, text]) => text !== undefined);
  if (helpers.length) {
    lines.push("- helpers (from the version's manifest)");
    for (const [change, text] of helpers) lines.push(`  - ${change.effect === "breaking" ? "**breaking**: " : ""}${text}`);
  }
  const byOperation = new Map();
  for (const change of changes) {
    if (!change.field) continue;
    if (!byOperation.has(change.operation)) byOperation.set(change.operation, []);
    byOperation.get(change.operation).push(change);
  }
  for (const [operation, opChanges] of byOperation) {
    lines.push(`- ${code(operation)}${opChanges[0].id ? ` (${opChanges[0].id})` : ""}`);
    for (const line of operationLines(opChanges)) lines.push(`  - ${line}`);
  }
  return lines;
}

/**
 * The whole report: a first line that stands alone (the CHANGELOG item), then one section per version.
 * `update` is `{ repository, from: string[], to, versions }`.
 */
export function renderReport(update) {
  const all = update.versions.flatMap((v) => (v.status === "added" ? [{ kind: "version-added", effect: "addition" }] : v.changes));
  const bump = bumpOf(all);
  const breaking = all.filter((c) => c.effect === "breaking").length;
  const from = [...new Set(update.from)].map((c) => c.slice(0, 7)).join(", ");
  const keys = (status) => update.versions.filter((v) => v.status === status).map((v) => v.key);
  const what = [];
  if (keys("added").length) what.push(`adds ${keys("added").join(", ")}`);
  if (keys("changed").length) what.push(`changes ${keys("changed").join(", ")}`);
  const first =
    `Intercom's OpenAPI descriptions updated to ${update.repository}@${update.to.slice(0, 7)}` +
    `${from ? ` (from ${from})` : ""}: ${what.join(" and ") || "no version changed"}` +
    `, ${breaking} breaking change${breaking === 1 ? "" : "s"} for TypeScript callers (${bump}).`;
  const sections = update.versions.filter((v) => v.status !== "unchanged").map((v) => versionSection(v).join("\n"));
  const unchanged = update.versions.filter((v) => v.status === "unchanged").map((v) => v.key);
  if (unchanged.length) sections.push(`Unchanged: ${unchanged.join(", ")}.`);
  return { bump, text: [first, ...sections].join("\n\n") };
}
