// Search queries in Intercom's own JSON: the builders `where`, `and`, `or` and their types.
import { SearchQueryError } from "./rules.js";
import { isoToUnixSeconds } from "../kit/dates.js";

export type Operator = "=" | "!=" | "IN" | "NIN" | ">" | "<" | ">=" | "<=" | "~" | "!~" | "^" | "$";
export const OPERATORS: readonly Operator[] = ["=", "!=", "IN", "NIN", ">", "<", ">=", "<=", "~", "!~", "^", "$"];

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
export function where<const F extends string, const O extends Operator, const V>(field: F, operator: O, value: V): { field: F; operator: O; value: Plain<V> } {
  if (!(value instanceof Date)) return { field, operator, value: value as Plain<V> };
  const seconds = isoToUnixSeconds(value);
  if (seconds === undefined) throw new SearchQueryError("value", "an invalid Date is not a valid date (give a Date, an ISO 8601 string or UNIX seconds)");
  return { field, operator, value: seconds as Plain<V> };
}

/** All of the conditions: `and(where(...), where(...))`. */
export function and<const T extends readonly Query[]>(...filters: T): { operator: "AND"; value: T } {
  return { operator: "AND", value: filters };
}

/** Any of the conditions: `or(where(...), where(...))`. */
export function or<const T extends readonly Query[]>(...filters: T): { operator: "OR"; value: T } {
  return { operator: "OR", value: filters };
}
