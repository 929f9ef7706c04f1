// Every request checked against the version's description before a route sees it: path and query
// parameters and the JSON body, with @cfworker/json-schema (it interprets schemas, no `eval` or
// `new Function`, so the fake runs where a content security policy forbids them: a browser's
// service worker, Cloudflare Workers). A request the description refuses is Intercom's 400 naming
// the field: `parameter_not_found` for a missing one, `parameter_invalid` for a wrong one.
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import { type FakeDescription, type FakeRequestShape, type JsonSchema, shapeOf } from "./description.js";
import { FakeHttpError } from "./protocol.js";

export interface CheckedRequest {
  method: string;
  /** The fake's route template, e.g. `/tickets/{ticket_id}`. */
  template: string;
  /** Path parameters by the fake's names. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed body, or `undefined` when the request had none. */
  body: unknown;
}

const names = (template: string) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** Query and path values are text: read as the type the schema asks for, so `"2"` can be an integer and `"x"` cannot. */
function fromText(text: string, schema: JsonSchema): unknown {
  const type = typeof schema === "object" ? schema.type : undefined;
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes("integer") || types.includes("number")) && text.trim() !== "" && !Number.isNaN(Number(text))) return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  return text;
}

function valueFrom(schema: JsonSchema, texts: string[]): unknown {
  if (texts.length === 0) return undefined;
  if (typeof schema === "object" && schema.type === "array") return texts.map((t) => fromText(t, (schema.items as JsonSchema | undefined) ?? {}));
  return fromText(texts[0]!, schema);
}

/** The properties an object schema names, its own and its branches'. */
function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  if (typeof schema !== "object") return {};
  const branches = ["oneOf", "anyOf", "allOf"].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as JsonSchema[]) : []));
  return Object.assign({}, ...branches.map(propertiesOf), (schema.properties as Record<string, JsonSchema> | undefined) ?? {});
}

function objectFrom(schema: JsonSchema, values: Map<string, string[]>): Record<string, unknown> | undefined {
  const object: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(propertiesOf(schema))) {
    const value = valueFrom(property, values.get(name) ?? []);
    if (value !== undefined) object[name] = value;
  }
  return Object.keys(object).length ? object : undefined;
}

/** Where an error is, as the fake's other errors name fields: `contacts[0].id`, `pagination.per_page`. */
function fieldOf(instance: unknown, location: string, prefix: string): string {
  let field = prefix;
  let value = instance;
  for (const raw of location.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    field = Array.isArray(value) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return field;
}

/** Aggregating keywords: their own errors only say that a part failed; the part's error says which field. */
const AGGREGATES = new Set([
  "$ref",
  "allOf",
  "anyOf",
  "oneOf",
  "properties",
  "items",
  "prefixItems",
  "additionalProperties",
  "if",
  "then",
  "else",
  "not",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
]);

/** The innermost `oneOf`/`anyOf` branch an error belongs to (`#/oneOf/1/$ref/oneOf/0`), or "" outside any. */
const branchOf = (e: OutputUnit) => /^(.*\/(?:oneOf|anyOf)\/\d+)/.exec(e.keywordLocation)?.[1] ?? "";

/** The value at a JSON pointer of the instance (`#/from/id`). */
function valueAt(instance: unknown, location: string): unknown {
  let value = instance;
  for (const raw of location.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** The schema at a keyword location (`#/oneOf/3`), following `$ref`s into the definitions. */
function schemaAt(root: Schema, defs: Record<string, JsonSchema>, location: string): Schema | undefined {
  const follow = (node: unknown): unknown => {
    let n = node as Schema | undefined;
    for (let i = 0; i < 20 && n && typeof n.$ref === "string"; i++) n = defs[n.$ref.replace("#/$defs/", "")] as Schema | undefined;
    return n;
  };
  let node: unknown = root;
  for (const key of location.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    node = key === "$ref" ? follow(node) : (node as Record<string, unknown> | undefined)?.[key];
  }
  return follow(node) as Schema | undefined;
}

/**
 * How far a request is from a `oneOf` branch: a value outside an enum (a `type` or `message_type`
 * that names another kind of request) or a value of another type than the branch's counts for much
 * more than a field missing or mistyped; each single-valued enum the request matches (its
 * `message_type: "assignment"`) brings it closer.
 */
function distance(errors: OutputUnit[], matched: number, top: number): number {
  // A field left out weighs more than one sent wrong: the request named that field, so it meant the branch that has it.
  const weight = (e: OutputUnit) => (e.keyword === "enum" || e.keyword === "const" ? 100 : e.keyword === "type" && e.instanceLocation.length === top ? 1000 : e.keyword === "required" ? 2 : 1);
  return errors.reduce((sum, e) => sum + weight(e), 0) - 10 * matched;
}

/** How many single-valued enums of the branch's properties the instance matches. */
function matchedEnums(branch: Schema | undefined, defs: Record<string, JsonSchema>, instance: unknown): number {
  if (!branch || typeof branch.properties !== "object" || typeof instance !== "object" || instance === null) return 0;
  let n = 0;
  for (const [name, raw] of Object.entries(branch.properties as Record<string, Schema>)) {
    const property = schemaAt(raw, defs, "#");
    if (Array.isArray(property?.enum) && property.enum.length === 1 && property.enum[0] === (instance as Record<string, unknown>)[name]) n++;
  }
  return n;
}

/**
 * The error to answer with: in the branch of a `oneOf` the request came closest to (the admin
 * reply whose `admin_id` is wrong, not the contact reply it never was), the deepest one (the
 * field itself, not its parent object).
 */
function toHttpError(errors: readonly OutputUnit[], instance: unknown, prefix: string, fallback: string, root: Schema, defs: Record<string, JsonSchema>): FakeHttpError {
  const leaves = errors.filter((e) => !AGGREGATES.has(e.keyword));
  const candidates = leaves.length ? leaves : errors;
  const branches = new Map<string, OutputUnit[]>();
  for (const e of candidates) branches.set(branchOf(e), [...(branches.get(branchOf(e)) ?? []), e]);
  const top = Math.min(...candidates.map((e) => e.instanceLocation.length));
  const scored = [...branches].map(([path, list]) => {
    // The branch's own instance: where its aggregate errors (`$ref`, `properties`) are.
    const own = errors.filter((e) => e.keywordLocation.startsWith(path));
    const shallowest = own.reduce((a, b) => (b.instanceLocation.length < a.instanceLocation.length ? b : a)).instanceLocation;
    return { list, score: distance(list, path ? matchedEnums(schemaAt(root, defs, path), defs, valueAt(instance, shallowest)) : 0, top) };
  });
  const closest = scored.reduce((a, b) => (b.score < a.score ? b : a)).list;
  const pick = closest.reduce((a, b) => (b.instanceLocation.length > a.instanceLocation.length ? b : a));
  const where = fieldOf(instance, pick.instanceLocation, prefix);
  const at = where || fallback;
  const required = pick.keyword === "required" && /"([^"]+)"/.exec(pick.error)?.[1];
  if (required) {
    const field = where ? `${where}.${required}` : required;
    return new FakeHttpError(400, "parameter_not_found", `${field} is required`, field);
  }
  const why = pick.error.replace(/^Instance /, "").replace(/\.$/, "");
  return new FakeHttpError(400, "parameter_invalid", `${at} is invalid: ${why}`, at);
}

type Checker = ReturnType<typeof makeChecker>;
/** One checker per description: validators keep no state between requests, so fakes of a version share them. */
const checkers = new WeakMap<FakeDescription, Checker>();

/** Checks requests against one version's description; validators are made per operation on first use. */
export function createRequestChecker(description: FakeDescription): Checker {
  let checker = checkers.get(description);
  if (!checker) {
    checker = makeChecker(description);
    checkers.set(description, checker);
  }
  return checker;
}

function makeChecker(description: FakeDescription) {
  const byShape = new Map(Object.entries(description.requests).map(([key, shape]) => [shapeOf(key), { template: key.slice(key.indexOf(" ") + 1), shape }]));
  // The validator keeps bookkeeping on the schemas it is given: a copy, not the module's constant.
  let defs: Record<string, JsonSchema> | undefined;
  const validators = new Map<JsonSchema, { root: Schema; validator: Validator }>();
  const compiled = (schema: JsonSchema) => {
    let found = validators.get(schema);
    if (!found) {
      defs ??= structuredClone(description.schemas) as Record<string, JsonSchema>;
      const root = (typeof schema === "boolean" ? { not: {} } : { ...structuredClone(schema), $defs: defs }) as Schema;
      found = { root, validator: new Validator(schema === true ? true : root, "2019-09", false) };
      validators.set(schema, found);
    }
    return found;
  };
  const validate = (schema: JsonSchema, instance: unknown) => compiled(schema).validator.validate(instance);
  const rootOf = (schema: JsonSchema) => compiled(schema).root;

  function checkParameters(kind: "path" | "query", shape: FakeRequestShape, values: Map<string, string[]>) {
    for (const [name, { required, schema }] of Object.entries(shape[kind])) {
      const isObject = typeof schema === "object" && schema.type === "object";
      // An object parameter is sent form-exploded (the descriptions' only style for one): its
      // properties are query parameters of their own, `?user_id=1` for `filter: { user_id }`.
      const value = isObject ? objectFrom(schema, values) : valueFrom(schema, values.get(name) ?? []);
      if (value === undefined) {
        if (required) throw new FakeHttpError(400, "parameter_not_found", `${name} is required`, name);
        continue;
      }
      const result = validate(schema, value);
      if (!result.valid) throw toHttpError(result.errors, value, name, name, rootOf(schema), defs!);
    }
  }

  return {
    check(request: CheckedRequest): void {
      const found = byShape.get(shapeOf(`${request.method} ${request.template}`));
      if (!found) return;
      const { template, shape } = found;
      // Versions name path parameters differently: pair the fake's with the version's by position.
      const ours = names(request.template);
      const path = new Map(names(template).map((name, i) => [name, [request.params[ours[i]!] ?? ""]]));
      checkParameters("path", shape, path);
      const query = new Map<string, string[]>();
      for (const key of new Set(request.query.keys())) query.set(key, request.query.getAll(key));
      checkParameters("query", shape, query);
      if (!shape.body) return;
      if (request.body === undefined) {
        if (shape.body.required) throw new FakeHttpError(400, "parameter_not_found", "The request body is required");
        return;
      }
      const result = validate(shape.body.schema, request.body);
      if (!result.valid) throw toHttpError(result.errors, request.body, "", "body", rootOf(shape.body.schema), defs!);
    },
  };
}
