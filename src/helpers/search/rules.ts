// What a search resource accepts, from the version's manifest: the types that make a bad query a
// compile error, and the checks that refuse it at run time before any request.
import { isoToUnixSeconds, looksLikeMilliseconds } from "../kit/dates.js";
import { OPERATORS, type Filter, type Operator, type Query } from "./query.js";

// ---- what a version's generated metadata says about one resource ----

export interface FieldInfo {
  readonly types: readonly string[];
  readonly operators: readonly Operator[];
}

/** One search resource of the manifest: its operation, where its items are, and its field rules. */
export interface ResourceSearchInfo {
  /** The search operation's id, path and method, from the spec. */
  readonly operationId: string;
  readonly path: string;
  readonly method: string;
  /** The response property that holds the items. */
  readonly items: string;
  /** JSON types the request schema lets a filter's value be, alone and inside an IN/NIN array. */
  readonly values?: { readonly scalar: readonly string[]; readonly array: readonly string[] };
  /** Field name (or `prefix.*` for a family such as `custom_attributes.*`) to what it accepts. */
  readonly fields: { readonly [field: string]: FieldInfo };
  /** Fields the description says are not searchable (refused with that reason). */
  readonly unsearchable?: readonly string[];
}

export type SearchInfo = { readonly [resource: string]: ResourceSearchInfo };

// ---- compile-time rules ----

type Scalar<T> = T extends "String" ? string : T extends "Integer" | "Float" ? number : T extends "Boolean" ? boolean : T extends "Date" | "Datetime" ? number | Date | string : never;
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
    throw new SearchQueryError(path, 'expected a filter { field, operator, value } or a group { operator: "AND" | "OR", value: [...] }');
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
  if (info.unsearchable?.includes(field)) throw new SearchQueryError(path, `field ${JSON.stringify(field)} is not searchable (Intercom answers 400 invalid_field)`);
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
  // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is false for anything but a number
  if (typeof value === "number" && Number.isFinite(value)) {
    if (types.some(isDateType)) {
      if (!Number.isInteger(value)) throw new SearchQueryError(path, `a date is whole UNIX seconds, got ${value}`);
      // Seconds this large are past the year 5000: almost surely milliseconds from Date.now().
      if (looksLikeMilliseconds(value)) throw new SearchQueryError(path, `${value} looks like milliseconds; Intercom takes UNIX seconds`);
      return value;
    }
    if (types.includes("Integer") && Number.isInteger(value)) return value;
    if (types.includes("Float")) return value;
  }
  throw new SearchQueryError(path, `field "${field}" takes ${types.join(" or ")}, got ${describe(value)}`);
}

const describe = (value: unknown) => (value instanceof Date ? "an invalid Date" : typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : `${typeof value} ${String(value)}`);

function toUnixSeconds(value: Date | string, path: string): number {
  const seconds = isoToUnixSeconds(value);
  if (seconds === undefined) throw new SearchQueryError(path, `${describe(value)} is not a valid date (give a Date, an ISO 8601 string or UNIX seconds)`);
  return seconds;
}
