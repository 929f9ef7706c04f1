// Audits a generated version's request-body types against its repaired description, with the
// TypeScript checker rather than by reading schema.ts as text: what counts is the type a caller
// meets, after every `$ref`, union and intersection is resolved. Plain JavaScript so that it can
// also be run by node alone on another generated/ tree (for before/after figures).
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * One TypeScript program over the versions' schema.ts files (they are independent modules), so
 * the libraries are parsed once.
 * @param {string} generatedDir
 * @param {string[]} keys
 */
export function createAudit(generatedDir, keys) {
  const files = keys.map((key) => path.join(generatedDir, key, "schema.ts"));
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext });
  const checker = program.getTypeChecker();
  return {
    /** @param {string} key */
    audit(key) {
      const spec = JSON.parse(readFileSync(path.join(generatedDir, key, "openapi.json"), "utf8"));
      const text = readFileSync(path.join(generatedDir, key, "schema.ts"), "utf8");
      const source = program.getSourceFile(path.join(generatedDir, key, "schema.ts"));
      if (!source) throw new Error(`${key}: schema.ts is not in the program`);
      const moduleSymbol = checker.getSymbolAtLocation(source);
      const pathsSymbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "paths");
      if (!pathsSymbol) throw new Error(`${key}: schema.ts exports no \`paths\``);
      return auditVersion(checker, checker.getDeclaredTypeOfSymbol(pathsSymbol), spec, text);
    },
  };
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * @returns {{ jsonBodies: number, unknownBodies: string[], unknownProperties: string[], defaults: number, requiredDefaults: string[], missingDefaults: string[], neverRecords: number }}
 *   unknownBodies: "POST /contacts" whose JSON body type is unknown, any or never;
 *   unknownProperties: "POST /x: a.b" request properties the description gives a type or
 *   properties to, typed unknown or any;
 *   requiredDefaults: "POST /x: a.b" request properties with a `default` (and not listed in
 *   `required`) that the type requires; missingDefaults: such properties the type does not have
 *   at all (so that the check cannot pass by losing them); neverRecords: `Record<string, never>`
 *   in schema.ts (an object that accepts no key), but for the empty sections openapi-typescript
 *   exports as such (`webhooks`, `$defs`).
 */
function auditVersion(checker, pathsType, spec, text) {
  const result = {
    jsonBodies: 0,
    unknownBodies: [],
    unknownProperties: [],
    defaults: 0,
    requiredDefaults: [],
    missingDefaults: [],
    neverRecords: text.match(/(?<!export type [\w$]+ = )Record<string, never>/g)?.length ?? 0,
  };
  const prop = (type, name) => {
    const symbol = checker.getPropertyOfType(checker.getNonNullableType(type), name);
    return symbol && checker.getTypeOfSymbol(symbol);
  };
  for (const [route, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      const schema = op?.requestBody?.content?.["application/json"]?.schema;
      if (!schema) continue;
      const label = `${method.toUpperCase()} ${route}`;
      result.jsonBodies++;
      const content = prop(prop(prop(prop(pathsType, route), method), "requestBody"), "content");
      const body = content && prop(content, "application/json");
      if (!body || body.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any | ts.TypeFlags.Never)) {
        result.unknownBodies.push(label);
        continue;
      }
      for (const segments of shapedProperties(spec, schema)) {
        if (propertyTypes(checker, body, segments).some((t) => t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any))) result.unknownProperties.push(`${label}: ${segments.join(".")}`);
      }
      for (const segments of defaultedProperties(spec, schema)) {
        result.defaults++;
        const verdict = optionality(checker, body, segments);
        if (verdict === "missing") result.missingDefaults.push(`${label}: ${segments.join(".")}`);
        else if (verdict === "required") result.requiredDefaults.push(`${label}: ${segments.join(".")}`);
      }
    }
  }
  return result;
}

/** The paths (property names, "[]" for an array's items) of every property with a `default` that its object does not list in `required`. */
function defaultedProperties(spec, schema) {
  const found = new Map();
  const walk = (node, segments, inheritedRequired, refs) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string") {
      if (refs.includes(node.$ref)) return;
      const target = node.$ref
        .replace(/^#\//, "")
        .split("/")
        .reduce((at, part) => at?.[part.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
      return walk(target, segments, inheritedRequired, [...refs, node.$ref]);
    }
    const required = [...(node.required ?? []), ...inheritedRequired];
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      const at = [...segments, name];
      if (value && typeof value === "object" && value.default !== undefined && !required.includes(name)) found.set(at.join("\u0000"), at);
      walk(value, at, [], refs);
    }
    if (node.items) walk(node.items, [...segments, "[]"], [], refs);
    for (const branch of node.allOf ?? []) walk(branch, segments, required, refs);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(branch, segments, [], refs);
  };
  walk(schema, [], [], []);
  return [...found.values()];
}

/** The paths of the properties (at any depth) whose schema declares a type or properties of its own. */
function shapedProperties(spec, schema) {
  const found = new Map();
  const walk = (node, segments, refs) => {
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string") {
      if (refs.includes(node.$ref)) return;
      return walk(resolve(spec, node.$ref), segments, [...refs, node.$ref]);
    }
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      const at = [...segments, name];
      const target = value?.$ref ? resolve(spec, value.$ref) : value;
      if (target && typeof target === "object" && (target.type || target.properties)) found.set(at.join("\u0000"), at);
      walk(value, at, refs);
    }
    if (node.items) walk(node.items, [...segments, "[]"], refs);
    for (const branch of [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(branch, segments, refs);
  };
  walk(schema, [], []);
  return [...found.values()];
}

function resolve(spec, ref) {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce((at, part) => at?.[part.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
}

/** The types a property has in every object type of the body that has it. */
function propertyTypes(checker, body, segments) {
  const symbols = owners(checker, body, segments.slice(0, -1))
    .map((t) => checker.getPropertyOfType(t, segments.at(-1)))
    .filter(Boolean);
  return symbols.map((s) => checker.getTypeOfSymbol(s));
}

function owners(checker, body, segments) {
  const flatten = (type) => {
    const t = checker.getNonNullableType(type);
    return t.isUnion() ? t.types.flatMap(flatten) : [t];
  };
  let found = flatten(body);
  for (const segment of segments) {
    found = found.flatMap((t) => {
      if (segment === "[]") return checker.isArrayType(t) ? flatten(checker.getTypeArguments(t)[0]) : [];
      const symbol = checker.getPropertyOfType(t, segment);
      return symbol ? flatten(checker.getTypeOfSymbol(symbol)) : [];
    });
  }
  return found;
}

/** "optional" when every object type that has the property makes it optional; "missing" when none has it. */
function optionality(checker, body, segments) {
  const name = segments.at(-1);
  const symbols = owners(checker, body, segments.slice(0, -1))
    .map((t) => checker.getPropertyOfType(t, name))
    .filter(Boolean);
  if (!symbols.length) return "missing";
  return symbols.every((s) => s.flags & ts.SymbolFlags.Optional) ? "optional" : "required";
}
