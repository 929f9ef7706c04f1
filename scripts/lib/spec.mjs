// Pure functions over a parsed OpenAPI document, shared by generate and specs:update and tested
// on small hand-made documents.
import { isDeepStrictEqual } from "node:util";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Applies an Overlay 1.0 document with openapi-format. Returns the new document and the actions
 * that matched nothing: an overlay whose target vanished upstream must be noticed, not ignored.
 */
export async function applyOverlay(openapiFormat, spec, overlay) {
  if (!/^1\.[01]\.\d+$/.test(String(overlay?.overlay))) {
    throw new Error(`unsupported overlay version ${JSON.stringify(overlay?.overlay)} (expected 1.0.x or 1.1.x)`);
  }
  const { data, resultData } = await openapiFormat.openapiOverlay(structuredClone(spec), { overlaySet: overlay });
  return { data, unused: resultData.unusedActions ?? [] };
}

/**
 * Applies an overlay one action at a time (the result equals `applyOverlay`'s) and says which
 * actions upstream has made pointless, so that an update notices a defect upstream has fixed:
 * - `unused`: the target matches nothing (upstream removed or moved what it repaired);
 * - `unneeded`: the action changes nothing, or it replaces a definition upstream now has itself
 *   (an `update` whose keys already hold objects at the target, such as a schema that was missing).
 * Each `unneeded` entry is `{ action, reason }`.
 */
export async function auditOverlay(openapiFormat, spec, overlay) {
  const unused = [];
  const unneeded = [];
  let data = spec;
  for (const action of overlay?.actions ?? []) {
    const defined =
      action.update && typeof action.update === "object" && !Array.isArray(action.update)
        ? Object.keys(action.update).filter((key) => openapiFormat.resolveJsonPathValue(data, action.target).some((node) => isObject(node?.[key])))
        : [];
    const step = await applyOverlay(openapiFormat, data, { ...overlay, actions: [action] });
    if (step.unused.length) unused.push(action);
    else if (isDeepStrictEqual(step.data, data)) unneeded.push({ action, reason: "it changes nothing: upstream already says the same" });
    else if (defined.length) unneeded.push({ action, reason: `upstream now defines ${defined.join(", ")} itself` });
    data = step.data;
  }
  return { data, unused, unneeded };
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Every local `$ref` whose JSON pointer leads nowhere, with where it was found. */
export function unresolvedRefs(spec) {
  const found = [];
  const walk = (node, at) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`));
    if (node === null || typeof node !== "object") return;
    if (typeof node.$ref === "string" && resolvePointer(spec, node.$ref) === undefined) found.push({ ref: node.$ref, at });
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  };
  walk(spec, "#");
  return found;
}

/** Resolves a local JSON pointer (`#/components/schemas/x`); undefined when it does not resolve or is not local. */
export function resolvePointer(spec, ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Follows `$ref`s until a non-reference node. */
export function deref(spec, node) {
  const seen = new Set();
  while (node && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    node = resolvePointer(spec, node.$ref);
  }
  return node;
}

/**
 * Whether a call of the operation must pass `init`: as openapi-typescript types it, the operation's
 * `parameters` are required when one of them is (a path parameter always is; the path item's
 * parameters count, overridden by the operation's of the same `in` and name), and its
 * `requestBody` when the body says `required`. test/call-methods.test-d.ts checks every version's
 * answer against the one TypeScript computes from the generated types.
 */
export function initRequired(spec, item, op) {
  const parameters = new Map();
  for (const raw of [...(item?.parameters ?? []), ...(op.parameters ?? [])]) {
    const parameter = deref(spec, raw);
    if (parameter) parameters.set(`${parameter.in}-${parameter.name}`, parameter);
  }
  for (const parameter of parameters.values()) if (parameter.in === "path" || parameter.required === true) return true;
  return deref(spec, op.requestBody)?.required === true;
}

/** Every operation as { id, method, path }, in document order. */
export function listOperations(spec) {
  const operations = [];
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op) operations.push({ id: op.operationId ?? `${method} ${p}`, method, path: p });
    }
  }
  return operations;
}

/**
 * The facts the runtime needs from a version: its header value and the server per region. A server
 * `https://api.<region>.intercom.io` serves that region; the plain `api.intercom.io` serves "us".
 */
export function extractMeta(spec) {
  const apiVersion = spec.info?.version;
  if (typeof apiVersion !== "string" || apiVersion === "") throw new Error("the description has no info.version");
  const servers = {};
  for (const server of spec.servers ?? []) {
    const host = new URL(server.url).hostname;
    const region = /^api\.([a-z]+)\.intercom\.io$/.exec(host)?.[1] ?? (host === "api.intercom.io" ? "us" : undefined);
    if (region && !servers[region]) servers[region] = server.url.replace(/\/$/, "");
  }
  return { apiVersion, servers, operations: listOperations(spec), queryStyles: queryStyles(spec) };
}

/**
 * The declared style of every array or object query parameter, by name. The client serializes by
 * name, so one name written two ways in one version is refused here rather than sent wrong.
 */
export function queryStyles(spec) {
  const styles = {};
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const param = deref(spec, raw);
        if (param?.in !== "query") continue;
        const type = deref(spec, param.schema)?.type;
        if (type !== "array" && type !== "object") continue;
        const style = param.style ?? "form";
        const declared = { style, explode: param.explode ?? style === "form" };
        const seen = styles[param.name];
        if (seen && (seen.style !== declared.style || seen.explode !== declared.explode)) {
          throw new Error(`query parameter "${param.name}" is written two ways (${method.toUpperCase()} ${p} differs); the client cannot serialize it by name`);
        }
        styles[param.name] = declared;
      }
    }
  }
  return styles;
}
