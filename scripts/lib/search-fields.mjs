// Reads what each version's search operations accept from the spec itself: the "Accepted Fields"
// and "Accepted Operators" Markdown tables in the operation's description, plus the few rules
// upstream states in prose beside them ("Searching by `tag_id` supports only the `=` and `!=`
// operators"). Where a version has no field table for a resource, the resource's schema properties
// stand in, and the result says so.
import { deref } from "./spec.mjs";

export const SEARCH_OPERATIONS = {
  contacts: { operationId: "SearchContacts", path: "/contacts/search", schema: "contact" },
  conversations: { operationId: "searchConversations", path: "/conversations/search", schema: "conversation" },
  tickets: { operationId: "searchTickets", path: "/tickets/search", schema: "ticket" },
};

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
    const cells = trimmed.replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
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
  for (const m of description.matchAll(/The ([^.]+?) operators are not supported on (\w+) fields/g)) {
    for (const type of typeWords(m[2])) notOnType[type] = codeSpans(m[1]);
  }
  return { only, extra, notOnType };
}

/** JSON-schema properties as search fields, one level of nesting deep, for a resource with no table. */
function fieldsFromSchema(spec, schemaName) {
  const fields = {};
  const visit = (schema, prefix, depth) => {
    for (const [name, raw] of Object.entries(deref(spec, schema)?.properties ?? {})) {
      const prop = deref(spec, raw) ?? {};
      const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== "null") : prop.type;
      const key = `${prefix}${name}`;
      if (type === "object" && depth === 0) visit(prop, `${key}.`, 1);
      else if (type === "string") fields[key] = [prop.format === "date-time" ? "Date" : "String"];
      else if (type === "integer") fields[key] = [/_at$|_until$|_since$/.test(name) ? "Date" : "Integer"];
      else if (type === "number") fields[key] = ["Float"];
      else if (type === "boolean") fields[key] = ["Boolean"];
    }
  };
  visit(spec.components?.schemas?.[schemaName], "", 0);
  return fields;
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

/**
 * Per resource: where the field list came from, for each field its types and the operators it
 * accepts, and the value kinds the request schema allows. Resources whose search operation the
 * version lacks are absent.
 */
export function extractSearchFields(spec) {
  const result = {};
  const values = filterValueKinds(spec);
  for (const [resource, { path, schema }] of Object.entries(SEARCH_OPERATIONS)) {
    const description = spec.paths?.[path]?.post?.description;
    if (description === undefined) continue;

    let source = "description";
    let fields = {};
    for (const [name, type] of markdownTable(description, /^Field$/i)) {
      const types = typeWords(type);
      if (name && types.length) fields[fieldKey(name.replace(/\\/g, ""))] = types;
    }
    if (Object.keys(fields).length === 0) {
      source = "schema";
      fields = fieldsFromSchema(spec, schema);
    }

    const { byOperator, excludedFields } = parseOperators(description);
    if (Object.keys(byOperator).length === 0) {
      throw new Error(`${path}: no "Accepted Operators" table in the description; the search helpers cannot know which operators are valid`);
    }
    const { only, extra, notOnType } = parseProse(description);
    const out = {};
    for (const [field, types] of Object.entries(fields)) {
      let operators = Object.keys(byOperator).filter(
        (op) => types.some((t) => byOperator[op].includes(t) && !notOnType[t]?.includes(op)) && !excludedFields[op]?.includes(field),
      );
      if (only[field]) operators = operators.filter((op) => only[field].includes(op));
      for (const op of extra[field] ?? []) if (!operators.includes(op)) operators.push(op);
      out[field] = { types, operators };
    }
    result[resource] = values ? { source, values, fields: out } : { source, fields: out };
  }
  return result;
}
