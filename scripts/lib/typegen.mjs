// How a repaired description becomes TypeScript: openapi-typescript's settings, and the
// normalisations of a private copy of the spec that make it type request bodies as the description
// means them. Nothing here changes the description Prism serves (generated/<key>/openapi.json);
// defects of the description itself are repaired by the overlays instead.
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

/**
 * openapi-typescript's options. `emptyObjectsUnknown`: an object declared without properties
 * (custom_attributes, ticket_attributes, metadata...) takes and exposes any key, its values
 * `unknown`, where the default generates `Record<string, never>`, which accepts no key at all.
 * `defaultNonNullable` stays on: a response property with a `default` is always sent, so readers
 * keep a non-optional type; requests are handled by `transformProperty` below.
 */
export const TYPEGEN_OPTIONS = { silent: true, emptyObjectsUnknown: true, defaultNonNullable: true };

/** Set on the copy's request properties that have a `default` but are not `required`. */
const REQUEST_OPTIONAL = "x-intercom-fetch-request-optional";

/**
 * The version's types (schema.ts's text), and the component schemas whose defaulted properties
 * became optional although a response uses them too (so that loosening is visible, not silent).
 * @param {object} spec the repaired description; not modified
 */
export async function generateTypes(spec) {
  const copy = structuredClone(spec);
  normaliseConstraintBranches(copy);
  const { shared } = markRequestDefaults(copy);
  const ast = await openapiTS(copy, {
    ...TYPEGEN_OPTIONS,
    transformProperty(property, schemaObject) {
      if (property.questionToken || !schemaObject || typeof schemaObject !== "object" || !schemaObject[REQUEST_OPTIONAL]) return undefined;
      return ts.factory.updatePropertySignature(property, property.modifiers, property.name, ts.factory.createToken(ts.SyntaxKind.QuestionToken), property.type);
    },
  });
  return { types: astToString(ast), shared };
}

const COMPOSITIONS = ["anyOf", "oneOf"];
// A branch made of ANNOTATIONS only constrains the object it belongs to (which of its properties
// must be present) rather than describing another shape; one made of SHAPELESS only would be typed
// `unknown` by openapi-typescript.
const ANNOTATIONS = new Set(["title", "description", "example", "examples", "required", "properties", "type"]);
const SHAPELESS = new Set(["title", "description", "example", "examples", "required", "type"]);
const constraintOnly = (branch, allowed) =>
  branch && typeof branch === "object" && !Array.isArray(branch) && (branch.type === undefined || branch.type === "object") && Object.keys(branch).every((k) => allowed.has(k));

/**
 * Upstream writes "one of these properties is required" as an `anyOf` (or `oneOf`) of branches
 * that hold only `required` (POST /contacts: email, external_id or role; POST /messages,
 * POST /events, PUT /visitors...), or only a title (PUT /data_attributes: "other type").
 * openapi-typescript types a branch without a type as `unknown` and, for `anyOf`, unions it with
 * the object (`Payload | unknown`, which is `unknown`): the whole body goes unchecked. Rewritten as
 * `allOf: [{ anyOf: branches }]` with each branch an object that requires those keys, it becomes
 * `Payload & ({ email: unknown } | { external_id: unknown } | ...)`: the properties keep their
 * types from the payload and one of the branches must be met. Properties declared only in a
 * branch move to the payload (optional there), so that they stay typed.
 */
export function normaliseConstraintBranches(spec) {
  const seen = new Set();
  const visit = (node) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    for (const key of COMPOSITIONS) {
      const branches = node[key];
      const objectLike = node.type === "object" || (node.properties && typeof node.properties === "object");
      if (!objectLike || !Array.isArray(branches) || !branches.length) continue;
      // Only where a branch has no shape of its own: branches that each describe one (with their own
      // properties) are a union openapi-typescript already types well.
      if (!branches.some((b) => constraintOnly(b, SHAPELESS)) || !branches.every((b) => constraintOnly(b, ANNOTATIONS))) continue;
      node.properties ??= {};
      const rewritten = branches.map((branch) => {
        for (const [name, schema] of Object.entries(branch.properties ?? {})) node.properties[name] ??= schema;
        const required = branch.required ?? [];
        // An empty branch constrains nothing: `unknown`, which the union then absorbs.
        if (!required.length) return {};
        return { type: "object", properties: Object.fromEntries(required.map((name) => [name, {}])), required };
      });
      delete node[key];
      node.allOf = [...(node.allOf ?? []), { [key]: rewritten }];
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(spec);
}

/**
 * A property with a `default` may be left out of a request: the server fills it in. The copy's
 * component schemas that a request body reaches are marked so that `transformProperty` makes such
 * properties optional (openapi-typescript's `defaultNonNullable` spares only inline request
 * bodies). A schema that a response reaches too is treated as a request's: a wrongly required
 * request property is a compile error with no way round it, a wrongly optional response property
 * costs a reader a check. There are none at the pinned commit; `shared` names them if they come.
 */
export function markRequestDefaults(spec) {
  const resolve = (ref) =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((at, part) => at?.[part.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  const reach = (roots) => {
    const found = new Set();
    const stack = [...roots];
    while (stack.length) {
      const node = stack.pop();
      if (!node || typeof node !== "object") continue;
      if (Array.isArray(node)) {
        stack.push(...node);
        continue;
      }
      if (typeof node.$ref === "string") {
        if (found.has(node.$ref)) continue;
        found.add(node.$ref);
        stack.push(resolve(node.$ref));
        continue;
      }
      stack.push(...Object.values(node));
    }
    return found;
  };
  const operations = Object.values(spec.paths ?? {}).flatMap((item) => Object.values(item ?? {}).filter((op) => op && typeof op === "object" && op.responses));
  const requests = reach(operations.map((op) => op.requestBody));
  const responses = reach([...operations.map((op) => op.responses), spec.webhooks]);

  const shared = [];
  for (const ref of requests) {
    if (!ref.startsWith("#/components/schemas/")) continue;
    if (markSchema(resolve(ref)) && responses.has(ref)) shared.push(ref.slice("#/components/schemas/".length));
  }
  return { shared };
}

/** Marks the defaulted, not required properties of one schema and its inline subschemas (a `$ref` is its own component). */
function markSchema(schema, inheritedRequired = []) {
  if (!schema || typeof schema !== "object" || schema.$ref) return false;
  let marked = false;
  const required = [...(Array.isArray(schema.required) ? schema.required : []), ...inheritedRequired];
  for (const [name, value] of Object.entries(schema.properties ?? {})) {
    if (value && typeof value === "object" && value.default !== undefined && !required.includes(name)) {
      value[REQUEST_OPTIONAL] = true;
      marked = true;
    }
    marked = markSchema(value) || marked;
  }
  for (const key of ["items", "additionalProperties"]) marked = markSchema(schema[key]) || marked;
  // openapi-typescript applies an object's `required` to its allOf members too.
  for (const branch of schema.allOf ?? []) marked = markSchema(branch, required) || marked;
  for (const key of COMPOSITIONS) for (const branch of schema[key] ?? []) marked = markSchema(branch) || marked;
  return marked;
}
