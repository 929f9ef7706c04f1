// Search with Intercom's semantics. Which fields and operators a resource takes comes from the
// version's manifest (the helper's own rule checker reads it), so the fake refuses exactly the
// queries the description documents as refused; this module decides what a valid query matches.
import { MAX_PER_PAGE, SearchQueryError, validateQuery, type ResourceSearchInfo } from "../helpers/search/rules.js";
import type { Filter, Group, Query } from "../helpers/search/query.js";
import { isObject } from "./fields.js";
import { cursorPage } from "./pages.js";
import { FakeHttpError, invalid } from "./protocol.js";
import type { Json } from "./store.js";

/** Reads a field of a record for search: one value, several (a contact's tags), or undefined. */
export type FieldReader = (record: Json, field: string) => unknown;

/**
 * The search types of a field on one record, where the record knows them better than the manifest:
 * a ticket attribute has the one data type its ticket type gives it, among `ticket_attribute.*`'s.
 */
export type FieldTypes = (record: Json, field: string) => readonly string[] | undefined;

/** `a.b.c` inside nested objects. */
export function readPath(record: Json, field: string): unknown {
  let value: unknown = record;
  for (const key of field.split(".")) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

const DAY = 86_400;
const NEGATIVE = new Set(["!=", "NIN", "!~"]);
const POSITIVE_OF: Record<string, string> = { "!=": "=", NIN: "IN", "!~": "~" };

/**
 * Whether one stored value matches. Dates compare by calendar day (UTC, the fake workspace's
 * timezone), as Intercom documents: `=` is the whole day, `>` starts at the next midnight.
 */
function matchOne(actual: unknown, operator: string, expected: unknown, isDate: boolean): boolean {
  if (actual === null || actual === undefined) return false;
  const norm = (v: unknown) => (isDate && typeof v === "number" ? Math.floor(v / DAY) : v);
  const a = norm(actual);
  const equal = (e: unknown) => (typeof a === typeof e ? a === e : String(a) === String(norm(e)));
  switch (operator) {
    case "=":
      return equal(norm(expected));
    case "IN":
      return (expected as unknown[]).some((e) => equal(norm(e)));
    case ">":
    case "<":
    case ">=":
    case "<=": {
      const x = Number(a);
      const y = Number(norm(expected));
      if (Number.isNaN(x) || Number.isNaN(y)) return false;
      return operator === ">" ? x > y : operator === "<" ? x < y : operator === ">=" ? x >= y : x <= y;
    }
    case "~":
      return String(a).includes(String(expected));
    case "^":
      return String(a).startsWith(String(expected));
    case "$":
      return String(a).endsWith(String(expected));
    default:
      return false;
  }
}

/**
 * A filter on a field: a positive operator matches when any of the field's values does (a missing
 * value matches none); `!=`, `NIN` and `!~` match exactly the records their positive matches not.
 */
function matchFilter(record: Json, filter: Filter, info: ResourceSearchInfo, read: FieldReader, typesOf?: FieldTypes): boolean {
  if (NEGATIVE.has(filter.operator)) return !matchFilter(record, { ...filter, operator: POSITIVE_OF[filter.operator] as Filter["operator"] }, info, read, typesOf);
  const raw = read(record, filter.field);
  const values = Array.isArray(raw) ? raw : [raw];
  // By day only where the field is a date and nothing else: `ticket_attribute.*` takes numbers too,
  // which must compare as they are, unless the record says which of its types this attribute has.
  const types = typesOf?.(record, filter.field) ?? fieldTypes(info, filter.field);
  const isDate = types.length > 0 && types.every((t) => t === "Date" || t === "Datetime");
  return values.some((value) => matchOne(value, filter.operator, filter.value, isDate));
}

function fieldTypes(info: ResourceSearchInfo, field: string): readonly string[] {
  if (Object.hasOwn(info.fields, field)) return info.fields[field]!.types;
  for (const [name, f] of Object.entries(info.fields)) if (name.endsWith("*") && field.startsWith(name.slice(0, -1))) return f.types;
  return [];
}

export function matches(record: Json, query: Query, info: ResourceSearchInfo, read: FieldReader, typesOf?: FieldTypes): boolean {
  if (query.operator === "AND") return (query as Group).value.every((q) => matches(record, q, info, read, typesOf));
  if (query.operator === "OR") return (query as Group).value.some((q) => matches(record, q, info, read, typesOf));
  return matchFilter(record, query as Filter, info, read, typesOf);
}

/** The query Intercom would run, or its 400: `invalid_field` for a field it does not know. */
export function parseSearch(body: Json, info: ResourceSearchInfo) {
  if (body.query === undefined) throw new FakeHttpError(400, "parameter_not_found", "query is required", "query");
  let query: Query;
  try {
    query = validateQuery(body.query, info);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    const code = /unknown field|not searchable/.test(error.rule) ? "invalid_field" : "parameter_invalid";
    throw new FakeHttpError(400, code, error.message, error.path);
  }
  const pagination = body.pagination === undefined || body.pagination === null ? {} : body.pagination;
  if (!isObject(pagination)) throw invalid("pagination", "must be an object");
  const perPage = pagination.per_page ?? 50;
  if (typeof perPage !== "number" || !Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw invalid("pagination.per_page", `must be an integer from 1 to ${MAX_PER_PAGE}`);
  const startingAfter = pagination.starting_after;
  if (startingAfter !== undefined && startingAfter !== null && typeof startingAfter !== "string") throw invalid("pagination.starting_after", "must be a string");
  return { query, perPage, startingAfter };
}

/** Runs a search request body over `records` and answers Intercom's list: items, `total_count`, `pages`. */
export function search(body: Json, records: readonly Json[], info: ResourceSearchInfo, read: FieldReader, render: (record: Json) => Json, typesOf?: FieldTypes): Json {
  const { query, perPage, startingAfter } = parseSearch(body, info);
  const found = records.filter((record) => matches(record, query, info, read, typesOf));
  const { page, pages, totalCount } = cursorPage(found, perPage, startingAfter, "pagination.starting_after");
  // `conversations` -> `conversation.list`, `tickets` -> `ticket.list`; `data` is a plain `list`.
  return { type: info.items === "data" ? "list" : `${info.items.replace(/s$/, "")}.list`, total_count: totalCount, pages, [info.items]: page.map(render) };
}
