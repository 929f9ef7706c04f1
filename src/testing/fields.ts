// Reading a request body's fields the way Intercom refuses them: 400 naming the field.
import { invalid, missing } from "./protocol.js";
import type { Json } from "./store.js";

export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

export function optionalString(body: Json, field: string, path = field): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== "string") throw invalid(path, "must be a string");
  return value;
}

export function requiredString(body: Json, field: string, path = field): string {
  const value = optionalString(body, field, path);
  if (value === undefined || value === null || value === "") throw missing(path);
  return value;
}

export function optionalInteger(body: Json, field: string, path = field): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalid(path, "must be an integer");
  return value;
}

export function optionalBoolean(body: Json, field: string, path = field): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw invalid(path, "must be a boolean");
  return value;
}

export function optionalObject(body: Json, field: string, path = field): Json | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(path, "must be an object");
  return value;
}

/** Custom attributes: Intercom takes strings, numbers, booleans and null (to clear one). */
export function customAttributes(body: Json, field = "custom_attributes"): Json | undefined {
  const attributes = optionalObject(body, field);
  if (!attributes) return undefined;
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) throw invalid(`${field}.${name}`, "must be a string, a number, a boolean or null");
  }
  return attributes;
}

/** `per_page` and the cursor or page number of a list request. */
export function perPage(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("per_page");
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid("per_page", `must be an integer from 1 to ${max}`);
  return n;
}

export function pageNumber(query: URLSearchParams): number {
  const raw = query.get("page");
  if (raw === null) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalid("page", "must be a positive integer");
  return n;
}
