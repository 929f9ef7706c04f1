// What `intercom-fetch/testing` needs of one version beyond its manifest, read from the repaired
// description at generation and written to generated/<key>/testing.ts (the `intercom-fetch/<v>/testing`
// subpath), so the core and the version entries never carry it: every operation's request (path
// and query parameters, the JSON body) as JSON Schema, the schemas those refer to, and the shapes of
// the responses that differ between versions and that the fake must build (a ticket's state).
import { deref, HTTP_METHODS } from "./spec.mjs";

const SCHEMA_REF = "#/components/schemas/";
/** Keys that only document: left out, so the module stays small and the validator never reads them. */
const DOC_KEYS = new Set(["description", "example", "examples", "title", "externalDocs", "x-tags", "xml", "deprecated", "discriminator", "readOnly", "writeOnly"]);

/**
 * OpenAPI 3.0 schema -> JSON Schema (draft 2019-09, as @cfworker/json-schema reads it): `nullable`
 * becomes "or null", refs point at `$defs`, and `format` is dropped: the descriptions put formats on
 * integers and on ids Intercom takes in any shape, so checking them would refuse what Intercom accepts.
 * Collects the component schemas it meets into `used`.
 */
function toJsonSchema(node, used) {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, used));
  if (typeof node !== "object" || node === null) return node;
  if (typeof node.$ref === "string") {
    if (!node.$ref.startsWith(SCHEMA_REF)) throw new Error(`unsupported $ref ${node.$ref} in a request`);
    const name = node.$ref.slice(SCHEMA_REF.length);
    used.add(name);
    const ref = { $ref: `#/$defs/${name}` };
    return node.nullable === true ? { anyOf: [ref, { type: "null" }] } : ref;
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYS.has(key) || key === "format" || key === "nullable" || key === "default") continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema, used)]));
      continue;
    }
    out[key] = toJsonSchema(value, used);
  }
  if (node.nullable !== true) return out;
  return out.type !== undefined && !Array.isArray(out.type) && Object.keys(out).length === 1 ? { type: [out.type, "null"] } : { anyOf: [out, { type: "null" }] };
}

/** A parameter's schema, with whether it is required. */
function parameter(spec, raw, used) {
  const p = deref(spec, raw);
  return { name: p.name, in: p.in, required: p.required === true, schema: toJsonSchema(p.schema ?? {}, used) };
}

/** The request of every operation: `{ "post /tickets": { path, query, body } }`, by the version's own path templates. */
function extractRequests(spec, used) {
  const requests = {};
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((raw) => parameter(spec, raw, used));
      const byIn = (where) => Object.fromEntries(params.filter((x) => x.in === where).map((x) => [x.name, { required: x.required, schema: x.schema }]));
      const request = { path: byIn("path"), query: byIn("query") };
      const body = op.requestBody && deref(spec, op.requestBody);
      const schema = body?.content?.["application/json"]?.schema;
      if (schema) request.body = { required: body.required === true, schema: toJsonSchema(schema, used) };
      requests[`${method} ${p}`] = request;
    }
  }
  return requests;
}

/** The component schemas `used` refers to, and those they refer to, as JSON Schema. */
function closure(spec, used) {
  const defs = {};
  const pending = [...used];
  while (pending.length) {
    const name = pending.pop();
    if (Object.hasOwn(defs, name)) continue;
    const more = new Set();
    const schema = spec.components?.schemas?.[name];
    if (!schema) throw new Error(`${SCHEMA_REF}${name} is referred to by a request but missing`);
    defs[name] = toJsonSchema(schema, more);
    pending.push(...more);
  }
  return defs;
}

/**
 * The response shapes of a ticket that changed between versions: `ticket_state` a string (its
 * category) or a `ticket_state` object (2.12+), the assignee ids strings or integers (2.16+).
 */
function ticketShapes(spec) {
  const ticket = deref(spec, spec.components?.schemas?.ticket);
  if (!ticket?.properties) return undefined;
  const state = ticket.properties.ticket_state;
  const assignee = deref(spec, ticket.properties.admin_assignee_id);
  return {
    state: typeof state?.$ref === "string" || deref(spec, state)?.type === "object" ? "object" : "string",
    assigneeIds: assignee?.type === "integer" ? "integer" : "string",
  };
}

/** The fake's description of one (repaired) version. */
export function extractFakeDescription(spec) {
  const used = new Set();
  const requests = extractRequests(spec, used);
  const tickets = ticketShapes(spec);
  return { apiVersion: String(spec.info?.version), requests, schemas: closure(spec, used), ...(tickets ? { tickets } : {}) };
}
