// Search helpers: build Intercom's query JSON, check it against what the version's spec says each
// field accepts, and walk the cursor pages one at a time.
import { unwrap } from "../core/errors.js";

export type Operator = "=" | "!=" | "IN" | "NIN" | ">" | "<" | ">=" | "<=" | "~" | "!~" | "^" | "$";
const OPERATORS: readonly Operator[] = ["=", "!=", "IN", "NIN", ">", "<", ">=", "<=", "~", "!~", "^", "$"];

/** One condition, in the API's own shape. */
export interface Filter {
  field: string;
  operator: Operator;
  value: unknown;
}

/** Conditions combined, in the API's own shape. */
export interface Group {
  operator: "AND" | "OR";
  value: readonly (Filter | Group)[];
}

/** A search query as Intercom takes it: one filter, or a group of them. */
export type Query = Filter | Group;

type Plain<V> = V extends Date ? number : V;

/**
 * One condition: `where("email", "~", "@example.com")`. Returns the API's own JSON, so a query can
 * be logged, stored and sent as it is. A `Date` value becomes UNIX seconds. Intercom matches dates
 * by calendar day in the workspace's timezone: `=` is the whole day, `>` starts at the next
 * midnight, `<` ends at that day's midnight.
 */
export function where<const F extends string, const O extends Operator, const V>(
  field: F,
  operator: O,
  value: V,
): { field: F; operator: O; value: Plain<V> } {
  return { field, operator, value: (value instanceof Date ? toUnixSeconds(value, "value") : value) as Plain<V> };
}

/** All of the conditions: `and(where(...), where(...))`. */
export function and<const T extends readonly Query[]>(...filters: T): { operator: "AND"; value: T } {
  return { operator: "AND", value: filters };
}

/** Any of the conditions: `or(where(...), where(...))`. */
export function or<const T extends readonly Query[]>(...filters: T): { operator: "OR"; value: T } {
  return { operator: "OR", value: filters };
}

// ---- what a version's generated metadata says about one resource ----

export interface FieldInfo {
  readonly types: readonly string[];
  readonly operators: readonly Operator[];
}

export interface ResourceSearchInfo {
  /** "description": from the operation's tables; "schema": from the resource's schema properties. */
  readonly source: "description" | "schema";
  /** JSON types the request schema lets a filter's value be, alone and inside an IN/NIN array. */
  readonly values?: { readonly scalar: readonly string[]; readonly array: readonly string[] };
  /** Field name (or `prefix.*` for a family such as `custom_attributes.*`) to what it accepts. */
  readonly fields: { readonly [field: string]: FieldInfo };
}

export type SearchInfo = { readonly [resource: string]: ResourceSearchInfo };

// ---- compile-time rules ----

type Scalar<T> = T extends "String"
  ? string
  : T extends "Integer" | "Float"
    ? number
    : T extends "Boolean"
      ? boolean
      : T extends "Date" | "Datetime"
        ? number | Date | string
        : never;
type ArrayKinds<R> = R extends { values: { array: readonly (infer K)[] } } ? K : "string" | "integer" | "boolean";
type ArrayItem<Types, Kinds> = Exclude<Scalar<Types>, "boolean" extends Kinds ? never : boolean>;
type ValueFor<Types, O, Kinds> = O extends "IN" | "NIN" ? readonly [ArrayItem<Types, Kinds>, ...ArrayItem<Types, Kinds>[]] : Scalar<Types>;

type FilterOn<Name extends string, I, Kinds> = I extends FieldInfo
  ? { [O in I["operators"][number]]: { field: Name; operator: O; value: ValueFor<I["types"][number], O, Kinds> } }[I["operators"][number]]
  : never;

/** Every filter the resource accepts: a field it lists, with an operator and a value its type allows. */
export type FilterFor<R extends ResourceSearchInfo> = {
  [K in keyof R["fields"] & string]: FilterOn<K extends `${infer P}*` ? `${P}${string}` : K, R["fields"][K], ArrayKinds<R>>;
}[keyof R["fields"] & string];

type GroupOf<T> = { operator: "AND" | "OR"; value: readonly T[] };

/** A query on the resource: a filter, or at most two levels of AND/OR groups. */
export type SearchQuery<R extends ResourceSearchInfo> = FilterFor<R> | GroupOf<FilterFor<R> | GroupOf<FilterFor<R>>>;

// ---- runtime rules ----

/** A query that breaks a rule; `path` is where, e.g. `query.value[1].value[0]`. Nothing was sent. */
export class SearchQueryError extends TypeError {
  override readonly name = "SearchQueryError";
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(`${path}: ${rule}`);
  }
}

const MAX_DEPTH = 2;
const MAX_GROUP = 15;
export const MAX_PER_PAGE = 150;

/**
 * Checks a query against the resource's rules and returns the query to send, with dates as UNIX
 * seconds. Throws SearchQueryError naming the first offending path.
 */
export function validateQuery(query: unknown, info: ResourceSearchInfo, path = "query", depth = 0): Query {
  if (typeof query !== "object" || query === null || Array.isArray(query)) {
    throw new SearchQueryError(path, "expected a filter { field, operator, value } or a group { operator: \"AND\" | \"OR\", value: [...] }");
  }
  const node = query as Record<string, unknown>;
  if (node.operator === "AND" || node.operator === "OR") {
    if (depth >= MAX_DEPTH) throw new SearchQueryError(path, `groups nest at most ${MAX_DEPTH} levels deep`);
    if (!Array.isArray(node.value) || node.value.length === 0) throw new SearchQueryError(path, `an ${node.operator} group needs a non-empty array of filters`);
    if (node.value.length > MAX_GROUP) throw new SearchQueryError(path, `an ${node.operator} group holds at most ${MAX_GROUP} filters, got ${node.value.length}`);
    return { operator: node.operator, value: node.value.map((child, i) => validateQuery(child, info, `${path}.value[${i}]`, depth + 1)) };
  }
  return validateFilter(node, info, path);
}

function validateFilter(node: Record<string, unknown>, info: ResourceSearchInfo, path: string): Filter {
  const { field, operator, value } = node;
  if (typeof field !== "string" || field === "") throw new SearchQueryError(path, "a filter needs a `field`");
  if (!OPERATORS.includes(operator as Operator)) {
    throw new SearchQueryError(path, `unknown operator ${JSON.stringify(operator)}; Intercom knows ${OPERATORS.join(" ")} (and AND, OR for groups)`);
  }
  const op = operator as Operator;
  const fieldInfo = lookupField(info, field);
  if (!fieldInfo) throw new SearchQueryError(path, `unknown field ${JSON.stringify(field)}; this version's search accepts ${Object.keys(info.fields).join(", ")}`);
  const typeName = fieldInfo.types.join(" or ");
  if (!fieldInfo.operators.includes(op)) {
    throw new SearchQueryError(path, `operator "${op}" is not allowed on ${typeName} field "${field}" (allowed: ${fieldInfo.operators.join(" ")})`);
  }
  if (op === "IN" || op === "NIN") {
    if (!Array.isArray(value) || value.length === 0) throw new SearchQueryError(path, `operator "${op}" takes a non-empty array`);
    const items = value.map((v, i) => checkKind(checkScalar(v, fieldInfo, field, `${path}.value[${i}]`), info.values?.array, `${path}.value[${i}]`, op));
    return { field, operator: op, value: items };
  }
  if (Array.isArray(value)) throw new SearchQueryError(path, `operator "${op}" takes a single value, not an array (use IN or NIN)`);
  return { field, operator: op, value: checkKind(checkScalar(value, fieldInfo, field, `${path}.value`), info.values?.scalar, `${path}.value`, op) };
}

/** The request schema has the last word on what JSON can be sent, whatever the tables say. */
function checkKind<T extends string | number | boolean>(value: T, kinds: readonly string[] | undefined, path: string, op: Operator): T {
  if (!kinds) return value;
  const kind = typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;
  if (kinds.includes(kind) || (kind === "integer" && kinds.includes("number"))) return value;
  const where = op === "IN" || op === "NIN" ? `inside an ${op} array` : "as a value";
  throw new SearchQueryError(path, `the request schema takes no ${kind === "number" ? "non-integer number" : kind} ${where} (it takes ${kinds.join(", ")})`);
}

function lookupField(info: ResourceSearchInfo, field: string): FieldInfo | undefined {
  if (Object.hasOwn(info.fields, field)) return info.fields[field];
  for (const [name, fieldInfo] of Object.entries(info.fields)) {
    if (name.endsWith("*") && field.startsWith(name.slice(0, -1)) && field.length > name.length - 1) return fieldInfo;
  }
  return undefined;
}

const isDateType = (t: string) => t === "Date" || t === "Datetime";

function checkScalar(value: unknown, info: FieldInfo, field: string, path: string): string | number | boolean {
  const { types } = info;
  if (value instanceof Date || (typeof value === "string" && types.length === 1 && isDateType(types[0]!))) {
    if (!types.some(isDateType)) throw new SearchQueryError(path, `field "${field}" is ${types.join(" or ")}, not a date`);
    return toUnixSeconds(value, path);
  }
  if (typeof value === "string" && types.includes("String")) return value;
  if (typeof value === "boolean" && types.includes("Boolean")) return value;
  if (typeof value === "number" && Number.isFinite(value)) {
    if (types.some(isDateType)) {
      if (!Number.isInteger(value)) throw new SearchQueryError(path, `a date is whole UNIX seconds, got ${value}`);
      // Seconds this large are past the year 5000: almost surely milliseconds from Date.now().
      if (Math.abs(value) > 1e11) throw new SearchQueryError(path, `${value} looks like milliseconds; Intercom takes UNIX seconds`);
      return value;
    }
    if (types.includes("Integer") && Number.isInteger(value)) return value;
    if (types.includes("Float")) return value;
  }
  throw new SearchQueryError(path, `field "${field}" takes ${types.join(" or ")}, got ${describe(value)}`);
}

function toUnixSeconds(value: Date | string, path: string): number {
  const ms = value instanceof Date ? value.getTime() : /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new SearchQueryError(path, `${describe(value)} is not a valid date (give a Date, an ISO 8601 string or UNIX seconds)`);
  return Math.floor(ms / 1000);
}

const describe = (value: unknown) =>
  value instanceof Date ? "an invalid Date" : typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : `${typeof value} ${String(value)}`;

// ---- pages ----

/** One page of results, for callers who paginate themselves. */
export interface SearchPage<T> {
  items: T[];
  /** Matches in all, as Intercom counts them. */
  totalCount: number;
  /** Cursor of the next page (`startingAfter`), or undefined on the last page. */
  next: string | undefined;
}

export interface SearchOptions {
  /** Results per request, 1 to 150 (Intercom's default is 50). */
  perPage?: number;
  /** Stop after this many items in all. */
  limit?: number;
  /** Start after this cursor (a page's `next`). */
  startingAfter?: string;
  /** Stops the iteration and the request in flight. */
  signal?: AbortSignal;
}

/** The results of a search: iterate the items, or `pages()` for one page at a time. */
export interface SearchResults<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<SearchPage<T>>;
}

type Json<Ops, Id extends string> = Ops extends { [K in Id]: { responses: { 200: { content: { "application/json": infer B } } } } } ? B : never;
type ItemsOf<B, Key extends string> = B extends { [K in Key]?: (infer T)[] } ? T : never;

const RESOURCES = {
  contacts: { operationId: "SearchContacts", path: "/contacts/search", items: "data" },
  conversations: { operationId: "searchConversations", path: "/conversations/search", items: "conversations" },
  tickets: { operationId: "searchTickets", path: "/tickets/search", items: "tickets" },
} as const;
type Resources = typeof RESOURCES;

/** `intercom.search`: one method per resource the version can search. */
export type Search<Ops, Info extends SearchInfo> = {
  [R in keyof Resources & keyof Info]: (
    query: SearchQuery<Info[R]>,
    options?: SearchOptions,
  ) => SearchResults<ItemsOf<Json<Ops, Resources[R]["operationId"]>, Resources[R]["items"]>>;
};

interface Poster {
  request(method: "post", path: string, init: { body: unknown; signal?: AbortSignal }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export function createSearch<Ops, Info extends SearchInfo>(client: Poster, info: Info): Search<Ops, Info> {
  const search: Record<string, unknown> = {};
  for (const [resource, { path, items }] of Object.entries(RESOURCES)) {
    const resourceInfo = info[resource];
    if (!resourceInfo) continue;
    search[resource] = (query: unknown, options: SearchOptions = {}) => {
      // Everything is checked here, when the search is created, so a bad query never starts a request.
      const body = validateQuery(query, resourceInfo);
      const { perPage, limit, startingAfter, signal } = checkOptions(options, resource);
      const pages = async function* (): AsyncGenerator<SearchPage<unknown>> {
        let cursor = startingAfter;
        let remaining = limit ?? Number.POSITIVE_INFINITY;
        while (remaining > 0) {
          signal?.throwIfAborted();
          const pagination = { per_page: Math.min(perPage, remaining), ...(cursor ? { starting_after: cursor } : {}) };
          const data = (await unwrap(client.request("post", path, { body: { query: body, pagination }, signal }))) as Record<string, unknown>;
          const list = Array.isArray(data?.[items]) ? (data[items] as unknown[]) : [];
          const next = (data?.pages as { next?: { starting_after?: string | null } | null } | undefined)?.next?.starting_after ?? undefined;
          const page = { items: list.slice(0, remaining), totalCount: Number(data?.total_count ?? 0), next };
          remaining -= page.items.length;
          yield page;
          if (!next || list.length === 0) return;
          cursor = next;
        }
      };
      return {
        pages,
        async *[Symbol.asyncIterator]() {
          for await (const page of pages()) {
            for (const item of page.items) {
              // An abort stops between items too, not only between pages.
              signal?.throwIfAborted();
              yield item;
            }
          }
        },
      };
    };
  }
  return search as Search<Ops, Info>;
}

function checkOptions(options: SearchOptions, resource: string) {
  const { perPage = 50, limit, startingAfter, signal } = options;
  const where = `search.${resource}`;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new SearchQueryError(`${where} perPage`, `must be an integer from 1 to ${MAX_PER_PAGE}, got ${perPage}`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new SearchQueryError(`${where} limit`, `must be a positive integer, got ${limit}`);
  if (startingAfter !== undefined && (typeof startingAfter !== "string" || startingAfter === "")) {
    throw new SearchQueryError(`${where} startingAfter`, "must be a cursor string from a page's `next`");
  }
  return { perPage, limit, startingAfter, signal };
}
