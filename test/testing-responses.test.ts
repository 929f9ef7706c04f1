// Every route the fake serves, sent through it, answers a body that validates against that
// version's (repaired) description: the operation's response schema for the status sent, checked
// with Ajv (OpenAPI 3.0's `nullable` and formats included).
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { createFakeIntercom, type FakeDescription, type FakeManifest } from "../src/testing/index.js";
import { exercise } from "./support/fake-exercise.js";
import { pins, root } from "./support/versions.js";

// ajv-formats is CommonJS with its function on `default`.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (ajv: Ajv) => void;

/**
 * OpenAPI 3.0's `nullable` as JSON Schema: the schema or null (whatever else it says: a type, an
 * enum, an `allOf`). Refs are rebased onto the description added as `spec`.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `spec${value}` : key === "example" || key === "examples" ? value : toJsonSchema(value);
  }
  const nullable = out.nullable === true;
  delete out.nullable;
  return nullable ? { anyOf: [out, { type: "null" }] } : out;
}

/** Ajv over one version's description: `#/components` refs resolve inside it. */
function validatorFor(version: string) {
  const spec = JSON.parse(readFileSync(path.join(root, "generated", version, "openapi.json"), "utf8"));
  // Versions name path parameters differently (`{contact_id}`, `{id}`): match by shape.
  const shape = (template: string) => template.replace(/\{[^}]+\}/g, "{}");
  const byShape = new Map(
    Object.entries(spec.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>).map(([p, item]) => [shape(p), item]),
  );
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, formats: { timestamp: true } });
  addFormats(ajv);
  ajv.addSchema({ $id: "spec", components: toJsonSchema(spec.components) });
  const cache = new Map<string, ValidateFunction | undefined>();
  return {
    has: (method: string, template: string) => Boolean(byShape.get(shape(template))?.[method]),
    validator(method: string, template: string, status: number) {
      const key = `${method} ${template} ${status}`;
      if (!cache.has(key)) {
        const responses = byShape.get(shape(template))?.[method]?.responses ?? {};
        // An error status the operation does not list is still Intercom's `error` body.
        const listed = (responses[String(status)] ?? responses.default)?.content?.["application/json"]?.schema;
        const schema = listed ?? (status >= 400 ? { $ref: "#/components/schemas/error" } : undefined);
        cache.set(key, schema === undefined ? undefined : ajv.compile(toJsonSchema(schema) as object));
      }
      return cache.get(key);
    },
  };
}

describe.each(pins.map((p) => p.key))("%s", (version) => {
  test("every route the fake serves is sent, and each body validates against the description", async () => {
    const { manifest } = (await import(`${root}/generated/${version}/meta.ts`)) as { manifest: FakeManifest };
    const { description } = (await import(`${root}/generated/${version}/testing.ts`)) as { description: FakeDescription };
    const fake = createFakeIntercom({ manifest, description });
    // Tickets where the version's reply takes an admin's or a contact's (2.10 on).
    expect(fake.routes.includes("POST /tickets")).toBe(Boolean((manifest as { replies?: { tickets?: unknown } }).replies?.tickets));
    const sent = await exercise(fake, description);
    const spec = validatorFor(version);
    const served = new Set(fake.routes);
    const exercised = new Set(sent.filter((s) => s.status < 300).map((s) => `${s.method.toUpperCase()} ${s.template}`));
    expect([...served].filter((r) => !exercised.has(r))).toEqual([]);
    expect(sent.filter((s) => s.status >= 300 && !["401", "404", "400"].includes(String(s.status))).map((s) => [s.template, s.status, s.body])).toEqual([]);

    const problems: { route: string; errors: string[] }[] = [];
    const unchecked: string[] = [];
    for (const s of sent) {
      if (!spec.has(s.method, s.template)) {
        unchecked.push(`${s.method.toUpperCase()} ${s.template}: not in ${version}'s description`);
        continue;
      }
      const validate = spec.validator(s.method, s.template, s.status);
      if (!validate) {
        if (s.body !== undefined) unchecked.push(`${s.method.toUpperCase()} ${s.template} ${s.status}: no JSON schema for this status`);
        continue;
      }
      if (!validate(s.body)) problems.push({ route: `${s.method.toUpperCase()} ${s.template} ${s.status}`, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) });
    }
    expect(problems).toEqual([]);
    expect(unchecked).toEqual([]);
  });
});
