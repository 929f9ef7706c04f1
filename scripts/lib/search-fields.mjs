// Reads which operations are searches with field rules, and what each accepts, from the spec
// itself: every operation whose description carries the "Accepted Fields" and "Accepted Operators"
// Markdown tables is a search resource, named from its path (`/companies/search` is `companies`),
// plus the few rules upstream states in prose beside the tables ("Searching by `tag_id` supports
// only the `=` and `!=` operators", "The `plan.id` and `plan.name` fields are not searchable").
import { deref, HTTP_METHODS } from "./spec.mjs";

const TYPES = ["String", "Integer", "Float", "Boolean", "Date", "Datetime"];
const typeWords = (text) => TYPES.filter((t) => new RegExp(`\\b${t}\\b`).test(text));
const codeSpans = (text) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The rows of every Markdown table in `text` whose header's first cell matches `first`. */
export function markdownTable(text, first) {
  const rows = [];
  let inTable = false;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("|")) {
      inTable = false;
      continue;
    }
    const cells = trimmed
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
    if (first.test(cells[0])) inTable = true;
    else if (inTable && !/^:?-+:?$/.test(cells[0])) rows.push(cells);
  }
  return rows;
}

/** `custom_attributes.{attribute_name}` is a pattern: any name after the prefix. */
function fieldKey(name) {
  const pattern = /^([\w.]+\.)\{[^}]+\}$/.exec(name);
  return pattern ? `${pattern[1]}*` : name;
}

function parseOperators(description) {
  const byOperator = {};
  const excludedFields = {};
  for (const [operator, valid] of markdownTable(description, /^Operator$/i)) {
    if (!operator || !valid) continue;
    const op = operator.replace(/\\/g, "");
    if (/^All\b/.test(valid)) {
      const except = valid.replace(/^All\b/, "").replace(/^\s*except\s*/i, "");
      const exceptTypes = typeWords(except);
      byOperator[op] = TYPES.filter((t) => !exceptTypes.includes(t));
      const fields = except
        .split(/,|\band\b/)
        .map((s) => s.trim().replace(/`/g, ""))
        .filter((s) => s && !TYPES.includes(s));
      if (fields.length) excludedFields[op] = fields;
    } else {
      byOperator[op] = typeWords(valid);
    }
  }
  return { byOperator, excludedFields };
}

/** Rules stated in prose beside the tables, in the few phrasings upstream uses. */
function parseProse(description) {
  const only = {};
  const extra = {};
  const notOnType = {};
  for (const m of description.matchAll(/Searching by `([^`]+)` supports only the ([^.]+?) operators?/g)) {
    only[m[1]] = codeSpans(m[2]);
  }
  for (const m of description.matchAll(/You may use the ([^.]+?) operators? to search by `([^`]+)`/g)) {
    extra[m[2]] = codeSpans(m[1]);
  }
  for (const m of description.matchAll(/The ([^.]+?) operators are not supported (?:on|for) (\w+) fields/g)) {
    for (const type of typeWords(m[2])) notOnType[type] = codeSpans(m[1]);
  }
  const unsearchable = [];
  for (const m of description.matchAll(/The ((?:`[^`]+`(?:,\s*|\s+and\s+)?)+) fields? (?:is|are) not searchable/g)) unsearchable.push(...codeSpans(m[1]));
  return { only, extra, notOnType, unsearchable };
}

/**
 * The JSON types a filter's `value` may take per the request schema (single_filter_search_request),
 * as `{ scalar, array }`: the tables say which operators a field takes, the schema which values
 * can be sent at all (no schema so far allows an array of booleans, for one).
 */
export function filterValueKinds(spec) {
  const value = deref(spec, spec.components?.schemas?.single_filter_search_request)?.properties?.value;
  const kinds = { scalar: new Set(), array: new Set() };
  const add = (schema, into) => {
    const s = deref(spec, schema) ?? {};
    for (const branch of s.oneOf ?? s.anyOf ?? []) add(branch, into);
    if (s.type === "array") for (const t of jsonTypes(deref(spec, s.items))) kinds.array.add(t);
    else for (const t of jsonTypes(s)) into.add(t);
  };
  const jsonTypes = (s) => {
    if (!s) return [];
    if (s.oneOf ?? s.anyOf) return (s.oneOf ?? s.anyOf).flatMap((b) => jsonTypes(deref(spec, b)));
    return [s.type].flat().filter((t) => t && t !== "null" && t !== "array");
  };
  if (!value) return undefined;
  add(value, kinds.scalar);
  return { scalar: [...kinds.scalar], array: [...kinds.array] };
}

/** `/companies/search` -> `companies`, `/admins/activity_logs/search` -> `activityLogs`. */
export function searchName(path) {
  const segments = path.split("/").filter((seg) => seg && !seg.startsWith("{"));
  const last = segments.at(-1) === "search" ? segments.at(-2) : segments.at(-1);
  if (!last) throw new Error(`${path}: cannot name a search resource after this path`);
  return last.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

/** The property of a 200 JSON response that holds its items: its only array, else `data`. */
function itemsKey(spec, op) {
  const body = deref(spec, deref(spec, deref(spec, op.responses?.["200"])?.content?.["application/json"]?.schema));
  const props = body?.properties ?? {};
  const arrays = Object.keys(props).filter((k) => deref(spec, props[k])?.type === "array");
  return arrays.length === 1 ? arrays[0] : arrays.includes("data") ? "data" : undefined;
}

/**
 * Every search resource of the version: the operations whose description has both tables. Each
 * is `{ operationId, method, path, items, values?, fields, unsearchable? }`; `fields` maps a field
 * (or `prefix.*` for a family such as `custom_attributes.*`) to its types and the operators it
 * accepts, `values` the JSON types the request schema lets a filter's value be.
 */
export function extractSearchFields(spec) {
  const result = {};
  const values = filterValueKinds(spec);
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      const description = op?.description ?? "";
      const fieldRows = markdownTable(description, /^Field$/i);
      const { byOperator, excludedFields } = parseOperators(description);
      if (!fieldRows.length || !Object.keys(byOperator).length) continue;
      const name = searchName(path);
      if (result[name]) throw new Error(`${path}: a second search resource named "${name}" (after ${result[name].path})`);
      const items = itemsKey(spec, op);
      if (!items) throw new Error(`${method.toUpperCase()} ${path}: its 200 response has no array of items the search helper could iterate`);

      const fields = {};
      for (const [field, type] of fieldRows) {
        const types = typeWords(type);
        if (field && types.length) fields[fieldKey(field.replace(/\\/g, ""))] = types;
      }
      const { only, extra, notOnType, unsearchable } = parseProse(description);
      const out = {};
      for (const [field, types] of Object.entries(fields)) {
        let operators = Object.keys(byOperator).filter((o) => types.some((t) => byOperator[o].includes(t) && !notOnType[t]?.includes(o)) && !excludedFields[o]?.includes(field));
        if (only[field]) operators = operators.filter((o) => only[field].includes(o));
        for (const o of extra[field] ?? []) if (!operators.includes(o)) operators.push(o);
        out[field] = { types, operators };
      }
      result[name] = {
        operationId: op.operationId ?? `${method} ${path}`,
        method,
        path,
        items,
        ...(values ? { values } : {}),
        fields: out,
        ...(unsearchable.length ? { unsearchable } : {}),
      };
    }
  }
  return result;
}
