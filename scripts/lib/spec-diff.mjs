// What changed between two descriptions of one Intercom version, as a TypeScript caller of the
// generated client sees it: operations added and removed, and per operation the request and
// response fields added, removed, made required or optional, or changed in type or enum. Pure
// functions over parsed documents, so that every classification rule has a small test.
import { deref, HTTP_METHODS } from "./spec.mjs";

/** How deep a schema is unfolded; Intercom's deepest useful fields (conversation parts' authors) sit well above it. */
const MAX_DEPTH = 8;

/**
 * Whether a change breaks a TypeScript caller. Requests are written by the caller, so anything that
 * rejects code that compiled before breaks it: a removed field (an excess property), a newly
 * required one, a type or enum that accepts fewer values. Responses are read by the caller, so
 * anything that gives it values its code did not expect breaks it: a removed field, a field that may
 * now be missing, a type or enum with more values (an exhaustive `switch` stops compiling).
 *
 * `effect` is what the change means for the release: "breaking" (major), "addition" (minor:
 * something new a caller can use) or "other" (patch: a tightening that breaks no caller).
 */
export function classify(change) {
  const request = change.side === "request";
  switch (change.kind) {
    case "operation-added":
    case "version-added":
      return "addition";
    case "operation-removed":
    case "header":
      return "breaking";
    case "added":
      return request && change.after.required ? "breaking" : "addition";
    case "removed":
      return "breaking";
    case "required":
      return request ? "breaking" : "other";
    case "optional":
      return request ? "other" : "breaking";
    case "search-added":
    case "search-field-added":
    case "search-operators-added":
    case "search-types-added":
    case "list-added":
    case "reply-added":
    case "export-column-added":
    case "server-added":
      return "addition";
    case "search-removed":
    case "search-field-removed":
    case "search-operators-removed":
    case "search-types-removed":
    case "list-removed":
    case "reply-removed":
    case "exports-removed":
    case "export-column-removed":
    case "export-column-type":
    case "server-removed":
      return "breaking";
    case "exports-added":
      return "addition";
    case "list-style":
    case "read-only-added":
    case "read-only-removed":
      return "other";
    case "type":
    case "enum":
      if (change.relation === "changed") return "breaking";
      if (change.relation === "narrowed") return request ? "breaking" : "other";
      return request ? "addition" : "breaking";
    default:
      throw new Error(`unknown change kind ${change.kind}`);
  }
}

/** The release a set of classified changes implies: semver for a TypeScript caller. */
export function bumpOf(changes) {
  if (changes.some((c) => c.effect === "breaking")) return "major";
  if (changes.some((c) => c.effect === "addition")) return "minor";
  return "patch";
}

/** `METHOD path` of every operation, the identity a caller types (`client.GET("/path")`). */
export function operationMap(spec) {
  const map = new Map();
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op) map.set(`${method.toUpperCase()} ${p}`, { method, path: p, id: op.operationId, item, op });
    }
  }
  return map;
}

/**
 * Compares two descriptions of one version. Returns the `Intercom-Version` change (or undefined)
 * and a flat list of classified changes, each `{ kind, operation?, side?, field?, before?, after?,
 * relation?, effect }`, in document order.
 */
export function diffSpecs(before, after) {
  /** @type {Record<string, any>[]} */
  const changes = [];
  const oldVersion = before.info?.version;
  const newVersion = after.info?.version;
  if (oldVersion !== newVersion) changes.push({ kind: "header", before: oldVersion, after: newVersion });

  const oldOps = operationMap(before);
  const newOps = operationMap(after);
  for (const [key, op] of oldOps) {
    if (!newOps.has(key)) changes.push({ kind: "operation-removed", operation: key, id: op.id });
  }
  for (const [key, op] of newOps) {
    const old = oldOps.get(key);
    if (!old) {
      changes.push({ kind: "operation-added", operation: key, id: op.id });
      continue;
    }
    for (const side of ["request", "response"]) {
      const read = side === "request" ? requestFields : responseFields;
      for (const change of diffFields(read(before, old), read(after, op))) {
        changes.push({ ...change, side, operation: key, id: op.id });
      }
    }
  }
  for (const change of changes) change.effect = classify(change);
  return changes;
}

/**
 * Field-level changes between two flat field maps (see `schemaFields`). A field added or removed
 * is reported once, not with every field below it; so is a field whose type changed outright.
 */
export function diffFields(before, after) {
  const changes = [];
  const covered = [];
  const below = (field) => covered.some((c) => field.startsWith(`${c}.`) || field.startsWith(`${c}[`));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  for (const field of keys) {
    if (below(field)) continue;
    const a = before.get(field);
    const b = after.get(field);
    if (!b) {
      changes.push({ kind: "removed", field, before: a });
      covered.push(field);
      continue;
    }
    if (!a) {
      changes.push({ kind: "added", field, after: b });
      covered.push(field);
      continue;
    }
    if (a.required !== b.required) changes.push({ kind: b.required ? "required" : "optional", field, before: a, after: b });
    const typeRelation = compareSets(a.types, b.types, typeIncludes);
    if (typeRelation !== "same") {
      changes.push({ kind: "type", field, before: a, after: b, relation: typeRelation });
      if (typeRelation === "changed") covered.push(field);
    }
    const enumRelation = compareEnums(a.enum, b.enum);
    if (enumRelation !== "same") changes.push({ kind: "enum", field, before: a, after: b, relation: enumRelation });
  }
  return changes;
}

/** integer is a number; "any" (no declared type) holds everything. */
const typeIncludes = (set, type) => set.includes(type) || set.includes("any") || (type === "integer" && set.includes("number"));

/** "same", "narrowed" (after holds fewer values), "widened" or "changed" (neither holds the other). */
function compareSets(before, after, includes = (set, x) => set.includes(x)) {
  const beforeInAfter = before.every((x) => includes(after, x));
  const afterInBefore = after.every((x) => includes(before, x));
  if (beforeInAfter && afterInBefore) return "same";
  if (afterInBefore) return "narrowed";
  if (beforeInAfter) return "widened";
  return "changed";
}

/** An enum of `null` allows every value of the type. */
function compareEnums(before, after) {
  if (before === null && after === null) return "same";
  if (before === null) return "narrowed";
  if (after === null) return "widened";
  return compareSets(before, after);
}

/**
 * The fields a caller writes: `path.<name>`, `query.<name>`, `header.<name>` (all but
 * `Intercom-Version`, which the client sets) and `body` with everything below it.
 */
export function requestFields(spec, { item, op }) {
  const fields = new Map();
  const params = new Map();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const param = deref(spec, raw);
    if (param?.in && param.name) params.set(`${param.in}.${param.name}`, param);
  }
  for (const [field, param] of params) {
    if (param.in === "header" && param.name.toLowerCase() === "intercom-version") continue;
    if (param.in === "cookie") continue;
    schemaFields(spec, param.schema ?? {}, field, param.required === true || param.in === "path", fields);
  }
  const body = deref(spec, op.requestBody);
  const media = body && pickMedia(body.content);
  if (media) schemaFields(spec, media.schema ?? {}, "body", body.required === true, fields);
  return fields;
}

/** The fields a caller reads: per success status, `<status>` and everything below it. */
export function responseFields(spec, { op }) {
  const fields = new Map();
  for (const [status, raw] of Object.entries(op.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const response = deref(spec, raw);
    const media = pickMedia(response?.content);
    if (media) schemaFields(spec, media.schema ?? {}, status, true, fields);
    else fields.set(status, { types: ["none"], enum: null, required: true });
  }
  return fields;
}

const pickMedia = (content) => (content ? (content["application/json"] ?? Object.values(content)[0]) : undefined);

/**
 * Unfolds a schema into `field -> { types, enum, required }`: `a.b` for properties, `a[]` for array
 * items, `a.*` for additional properties. `allOf` members add their fields; `oneOf`/`anyOf`
 * branches add theirs, and a field's types and enum values are the union over branches. A `$ref`
 * already being unfolded (a recursive schema) is not unfolded again.
 */
export function schemaFields(spec, schema, field, required, fields = new Map(), stack = []) {
  const ref = schema?.$ref;
  if (ref && stack.includes(ref)) {
    record(fields, field, { types: ["object"], enum: null, required });
    return fields;
  }
  const inner = ref ? [...stack, ref] : stack;
  const node = deref(spec, schema) ?? {};
  record(fields, field, { types: typesOf(spec, node, inner), enum: enumOf(spec, node, inner), required });
  if (depthOf(field) <= MAX_DEPTH) unfoldChildren(spec, node, field, fields, inner);
  return fields;
}

function unfoldChildren(spec, schema, field, fields, stack) {
  const ref = schema?.$ref;
  if (ref && stack.includes(ref)) return;
  const inner = ref ? [...stack, ref] : stack;
  const node = deref(spec, schema) ?? {};
  for (const member of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
    unfoldChildren(spec, member, field, fields, inner);
  }
  const required = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    schemaFields(spec, child, `${field}.${name}`, required.has(name), fields, inner);
  }
  if (node.items) schemaFields(spec, node.items, `${field}[]`, true, fields, inner);
  if (node.additionalProperties && typeof node.additionalProperties === "object") {
    schemaFields(spec, node.additionalProperties, `${field}.*`, false, fields, inner);
  }
}

const depthOf = (field) => field.split(/\.|\[\]/).length;

/** Merges a field seen again (another branch or member): types and enum values unite, required if any says so. */
function record(fields, field, value) {
  const seen = fields.get(field);
  if (!seen) return void fields.set(field, { ...value, types: [...value.types].sort() });
  seen.types = [...new Set([...seen.types, ...value.types])].sort();
  seen.enum = seen.enum === null || value.enum === null ? null : [...new Set([...seen.enum, ...value.enum])].sort();
  seen.required ||= value.required;
}

/** The JSON types a schema allows ("null" for nullable, "any" when it declares none). */
export function typesOf(spec, node, stack = []) {
  const types = new Set();
  if (Array.isArray(node.type)) node.type.forEach((t) => types.add(t));
  else if (typeof node.type === "string") types.add(node.type);
  else if (node.properties || node.additionalProperties) types.add("object");
  else if (node.items) types.add("array");
  else {
    const members = [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])];
    for (const member of members) {
      if (member.$ref && stack.includes(member.$ref)) types.add("object");
      else typesOf(spec, deref(spec, member) ?? {}, member.$ref ? [...stack, member.$ref] : stack).forEach((t) => types.add(t));
    }
    if (!members.length) types.add("any");
  }
  if (node.nullable === true || node.enum?.includes(null)) types.add("null");
  return [...types].sort();
}

/** The values a schema is limited to (as JSON text), or null when it is not limited. */
export function enumOf(spec, node, stack = []) {
  if (Array.isArray(node.enum)) return [...new Set(node.enum.filter((v) => v !== null).map((v) => JSON.stringify(v)))].sort();
  if (node.const !== undefined) return [JSON.stringify(node.const)];
  const branches = [...(node.oneOf ?? []), ...(node.anyOf ?? [])];
  if (!branches.length) return null;
  const values = new Set();
  for (const branch of branches) {
    if (branch.$ref && stack.includes(branch.$ref)) return null;
    const values_ = enumOf(spec, deref(spec, branch) ?? {}, branch.$ref ? [...stack, branch.$ref] : stack);
    if (values_ === null) return null;
    values_.forEach((v) => values.add(v));
  }
  return [...values].sort();
}

const keysOf = (o) => Object.keys(o ?? {});
const valueKind = (type) => ({ Date: "date", Datetime: "date", Integer: "number", Float: "number" })[type] ?? type;
const minus = (a, b) => a.filter((x) => !b.includes(x));

/**
 * What changed in the helpers' surface between two manifests (scripts/lib/manifest.mjs) of one
 * version, as a TypeScript caller sees it: a search resource, a search field or an operator on a
 * field removed stops a query from compiling (breaking); the same added is minor. Likewise for the
 * lists `paginate` takes, the reply helpers, the export's columns and the servers per region.
 * Which POSTs are retried changes no type: "other" (patch).
 */
export function diffManifests(before, after) {
  const changes = [];
  const push = (change) => changes.push({ ...change, effect: classify(change) });
  const [oldSearch, newSearch] = [before.search ?? {}, after.search ?? {}];
  for (const resource of minus(keysOf(oldSearch), keysOf(newSearch))) push({ kind: "search-removed", resource, path: oldSearch[resource].path });
  for (const resource of minus(keysOf(newSearch), keysOf(oldSearch))) push({ kind: "search-added", resource, path: newSearch[resource].path });
  for (const resource of keysOf(newSearch).filter((r) => oldSearch[r])) {
    const [a, b] = [oldSearch[resource].fields, newSearch[resource].fields];
    for (const name of minus(keysOf(a), keysOf(b))) push({ kind: "search-field-removed", resource, name });
    for (const name of minus(keysOf(b), keysOf(a))) push({ kind: "search-field-added", resource, name, operators: b[name].operators });
    for (const name of keysOf(b).filter((f) => a[f])) {
      const removed = minus(a[name].operators, b[name].operators);
      const added = minus(b[name].operators, a[name].operators);
      if (removed.length) push({ kind: "search-operators-removed", resource, name, operators: removed });
      if (added.length) push({ kind: "search-operators-added", resource, name, operators: added });
      // Date and Datetime take the same values (and Integer and Float): only a change of what a
      // caller may pass counts.
      const typesRemoved = minus(a[name].types, b[name].types).filter((t) => !b[name].types.some((u) => valueKind(u) === valueKind(t)));
      const typesAdded = minus(b[name].types, a[name].types).filter((t) => !a[name].types.some((u) => valueKind(u) === valueKind(t)));
      if (typesRemoved.length) push({ kind: "search-types-removed", resource, name, types: typesRemoved });
      if (typesAdded.length) push({ kind: "search-types-added", resource, name, types: typesAdded });
    }
  }
  const [oldLists, newLists] = [before.lists ?? {}, after.lists ?? {}];
  for (const path of minus(keysOf(oldLists), keysOf(newLists))) push({ kind: "list-removed", path });
  for (const path of minus(keysOf(newLists), keysOf(oldLists))) push({ kind: "list-added", path, style: newLists[path].style });
  for (const path of keysOf(newLists).filter((p) => oldLists[p] && (oldLists[p].style !== newLists[p].style || oldLists[p].items !== newLists[p].items))) {
    push({ kind: "list-style", path, before: oldLists[path], after: newLists[path] });
  }
  for (const resource of minus(keysOf(before.replies), keysOf(after.replies))) push({ kind: "reply-removed", resource });
  for (const resource of minus(keysOf(after.replies), keysOf(before.replies))) push({ kind: "reply-added", resource });
  if (before.exports && !after.exports) push({ kind: "exports-removed" });
  if (!before.exports && after.exports) push({ kind: "exports-added" });
  if (before.exports && after.exports) {
    const [a, b] = [before.exports.rows.columns, after.exports.rows.columns];
    for (const column of minus(keysOf(a), keysOf(b))) push({ kind: "export-column-removed", column });
    for (const column of minus(keysOf(b), keysOf(a))) push({ kind: "export-column-added", column, type: b[column] });
    for (const column of keysOf(b).filter((c) => a[c] && a[c] !== b[c])) push({ kind: "export-column-type", column, before: a[column], after: b[column] });
  }
  for (const region of minus(keysOf(before.servers), keysOf(after.servers))) push({ kind: "server-removed", region });
  for (const region of minus(keysOf(after.servers), keysOf(before.servers))) push({ kind: "server-added", region });
  const [oldRead, newRead] = [before.readOnlyPosts ?? [], after.readOnlyPosts ?? []];
  for (const path of minus(oldRead, newRead)) push({ kind: "read-only-removed", path });
  for (const path of minus(newRead, oldRead)) push({ kind: "read-only-added", path });
  return changes;
}
