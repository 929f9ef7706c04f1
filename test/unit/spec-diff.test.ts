// The classifier of scripts/specs-update.mjs on small hand-made pairs of descriptions: one pair per
// rule, so a rule that changes shows here first. "breaking" means code that compiled against the
// old types stops compiling (or gets values it was not typed for) against the new ones.
import openapiFormat from "openapi-format";
import { describe, expect, test } from "vitest";
import { bumpOf, diffSpecs, schemaFields } from "../../scripts/lib/spec-diff.mjs";
import { compactPaths, renderReport } from "../../scripts/lib/spec-report.mjs";
import { auditOverlay } from "../../scripts/lib/spec.mjs";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = Record<string, any>;

/** One `POST /things` operation with the given request body, 200 body and query parameters. */
function doc(options: { request?: Schema; response?: Schema; query?: Schema[]; schemas?: Schema; version?: string; paths?: Schema }): any {
  const { request, response, query = [], schemas = {}, version = "2.11" } = options;
  const op: Schema = {
    operationId: "createThing",
    parameters: [{ name: "Intercom-Version", in: "header", schema: { type: "string" } }, ...query],
    responses: { "200": { description: "ok", content: { "application/json": { schema: response ?? { type: "object" } } } } },
  };
  if (request) op.requestBody = { required: true, content: { "application/json": { schema: request } } };
  return { openapi: "3.0.1", info: { title: "t", version }, paths: options.paths ?? { "/things": { post: op } }, components: { schemas } };
}

const object = (properties: Schema, required: string[] = []) => ({ type: "object", properties, required });

/** The changes of a pair, without the fields the assertions do not need. */
function changes(before: any, after: any) {
  return diffSpecs(before, after).map((c: any) => ({ kind: c.kind, side: c.side, field: c.field, relation: c.relation, effect: c.effect }));
}

describe("operations and the header", () => {
  const two = { "/a": { get: { operationId: "getA", responses: {} } }, "/b": { get: { operationId: "getB", responses: {} } } };
  const one = { "/a": { get: { operationId: "getA", responses: {} } } };

  test("a removed operation is breaking", () => {
    expect(changes(doc({ paths: two }), doc({ paths: one }))).toEqual([{ kind: "operation-removed", side: undefined, field: undefined, relation: undefined, effect: "breaking" }]);
  });

  test("an added operation is an addition", () => {
    const [change] = diffSpecs(doc({ paths: one }), doc({ paths: two }));
    expect(change).toMatchObject({ kind: "operation-added", operation: "GET /b", id: "getB", effect: "addition" });
  });

  test("a renamed path parameter changes the path a caller types: the old path is removed", () => {
    const before = doc({ paths: { "/t/{id}": { get: { responses: {} } } } });
    const after = doc({ paths: { "/t/{ticket_id}": { get: { responses: {} } } } });
    expect(changes(before, after).map((c) => `${c.kind} ${c.effect}`)).toEqual(["operation-removed breaking", "operation-added addition"]);
  });

  test("a new Intercom-Version value is breaking, with both values", () => {
    const [change] = diffSpecs(doc({ version: "Unstable" }), doc({ version: "Preview" }));
    expect(change).toMatchObject({ kind: "header", before: "Unstable", after: "Preview", effect: "breaking" });
  });

  test("descriptions and examples alone change nothing", () => {
    const before = doc({ response: object({ id: { type: "string", description: "old", example: "1" } }) });
    const after = doc({ response: object({ id: { type: "string", description: "new", example: "2" } }) });
    expect(changes(before, after)).toEqual([]);
  });
});

describe("request fields (the caller writes them)", () => {
  const base = object({ name: { type: "string" } }, ["name"]);

  test.each([
    ["an optional field added is an addition", base, object({ name: { type: "string" }, note: { type: "string" } }, ["name"]), "added", "addition"],
    ["a required field added is breaking", base, object({ name: { type: "string" }, note: { type: "string" } }, ["name", "note"]), "added", "breaking"],
    ["a field removed is breaking (an excess property)", object({ name: { type: "string" }, note: { type: "string" } }, ["name"]), base, "removed", "breaking"],
    ["a field made required is breaking", object({ name: { type: "string" } }), base, "required", "breaking"],
    ["a field made optional breaks no caller", base, object({ name: { type: "string" } }), "optional", "other"],
  ])("%s", (_, request, next, kind, effect) => {
    const found = changes(doc({ request }), doc({ request: next }));
    expect(found).toEqual([{ kind, side: "request", field: expect.stringMatching(/^body\./), relation: undefined, effect }]);
  });

  test.each([
    ["a narrowed type is breaking", { type: ["string", "integer"] }, { type: "string" }, "type", "narrowed", "breaking"],
    ["null no longer allowed is a narrowed type", { type: "string", nullable: true }, { type: "string" }, "type", "narrowed", "breaking"],
    ["a widened type is an addition", { type: "integer" }, { type: "number" }, "type", "widened", "addition"],
    ["an unrelated type is breaking", { type: "string" }, { type: "integer" }, "type", "changed", "breaking"],
    ["an enum value removed is breaking", { type: "string", enum: ["a", "b"] }, { type: "string", enum: ["a"] }, "enum", "narrowed", "breaking"],
    ["a new enum on a free field is breaking", { type: "string" }, { type: "string", enum: ["a"] }, "enum", "narrowed", "breaking"],
    ["an enum value added is an addition", { type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] }, "enum", "widened", "addition"],
  ])("%s", (_, from, to, kind, relation, effect) => {
    const found = changes(doc({ request: object({ v: from }) }), doc({ request: object({ v: to }) }));
    expect(found).toEqual([{ kind, side: "request", field: "body.v", relation, effect }]);
  });

  test("a query parameter made required is breaking; the Intercom-Version header is the client's own", () => {
    const before = doc({ query: [{ name: "page", in: "query", schema: { type: "integer" } }] });
    const after = doc({ query: [{ name: "page", in: "query", required: true, schema: { type: "integer" } }] });
    after.paths["/things"].post.parameters[0].schema = { type: "string", enum: ["2.11"] };
    expect(changes(before, after)).toEqual([{ kind: "required", side: "request", field: "query.page", relation: undefined, effect: "breaking" }]);
  });
});

describe("response fields (the caller reads them)", () => {
  const base = object({ id: { type: "string" } }, ["id"]);

  test.each([
    ["a field added is an addition", base, object({ id: { type: "string" }, tag: { type: "string" } }, ["id"]), "added", "addition"],
    ["a field removed is breaking", object({ id: { type: "string" }, tag: { type: "string" } }, ["id"]), base, "removed", "breaking"],
    ["a field that may now be missing is breaking", base, object({ id: { type: "string" } }), "optional", "breaking"],
    ["a field made required breaks no caller", object({ id: { type: "string" } }), base, "required", "other"],
  ])("%s", (_, response, next, kind, effect) => {
    expect(changes(doc({ response }), doc({ response: next }))).toEqual([{ kind, side: "response", field: expect.stringMatching(/^200\./), relation: undefined, effect }]);
  });

  test.each([
    ["a widened type is breaking (null where the caller expects a string)", { type: "string" }, { type: "string", nullable: true }, "type", "widened", "breaking"],
    ["a narrowed type breaks no caller", { type: ["string", "null"] }, { type: "string" }, "type", "narrowed", "other"],
    ["an unrelated type is breaking", { type: "string" }, { type: "integer" }, "type", "changed", "breaking"],
    ["an enum value added is breaking (an exhaustive switch)", { type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] }, "enum", "widened", "breaking"],
    ["an enum value removed breaks no caller", { type: "string", enum: ["a", "b"] }, { type: "string", enum: ["a"] }, "enum", "narrowed", "other"],
    ["values both added and removed are breaking", { type: "string", enum: ["a"] }, { type: "string", enum: ["b"] }, "enum", "changed", "breaking"],
  ])("%s", (_, from, to, kind, relation, effect) => {
    const found = changes(doc({ response: object({ v: from }, ["v"]) }), doc({ response: object({ v: to }, ["v"]) }));
    expect(found).toEqual([{ kind, side: "response", field: "200.v", relation, effect }]);
  });

  test("a removed object is reported once, not with every field below it", () => {
    const before = doc({ response: object({ owner: object({ id: { type: "string" }, name: { type: "string" } }) }) });
    const after = doc({ response: object({}) });
    expect(changes(before, after).map((c) => c.field)).toEqual(["200.owner"]);
  });

  test("a change in a shared schema shows in every operation that returns it", () => {
    const schemas = (extra: Schema) => ({ contact: object({ id: { type: "string" }, ...extra }) });
    const paths = {
      "/contacts": { get: { operationId: "list", responses: { "200": { content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/contact" } } } } } } } },
      "/contacts/{id}": { get: { operationId: "get", responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/contact" } } } } } } },
    };
    const before = doc({ paths, schemas: schemas({ email: { type: "string" } }) });
    const after = doc({ paths, schemas: schemas({}) });
    expect(changes(before, after).map((c) => `${c.field} ${c.kind} ${c.effect}`)).toEqual(["200[].email removed breaking", "200.email removed breaking"]);
  });
});

describe("schema unfolding", () => {
  test("allOf members and oneOf branches contribute their fields; a recursive schema stops where it recurs", () => {
    const spec = {
      components: {
        schemas: {
          node: { type: "object", properties: { child: { $ref: "#/components/schemas/node" }, name: { type: "string" } } },
          a: object({ kind: { type: "string", enum: ["a"] } }, ["kind"]),
          b: object({ kind: { type: "string", enum: ["b"] }, extra: { type: "integer" } }, ["kind"]),
        },
      },
    };
    const fields = schemaFields(
      spec,
      {
        allOf: [{ $ref: "#/components/schemas/node" }, { oneOf: [{ $ref: "#/components/schemas/a" }, { $ref: "#/components/schemas/b" }] }],
      },
      "200",
      true,
    );
    expect(Object.fromEntries(fields)).toEqual({
      "200": { types: ["object"], enum: null, required: true },
      "200.child": { types: ["object"], enum: null, required: false },
      "200.name": { types: ["string"], enum: null, required: false },
      "200.kind": { types: ["string"], enum: ['"a"', '"b"'], required: true },
      "200.extra": { types: ["integer"], enum: null, required: false },
    });
  });
});

describe("bump", () => {
  test.each([
    [["addition", "breaking", "other"], "major"],
    [["addition", "other"], "minor"],
    [["other"], "patch"],
    [[], "patch"],
  ])("%j -> %s", (effects, bump) => {
    expect(bumpOf(effects.map((effect) => ({ effect })))).toBe(bump);
  });

  test("an added version alone is a minor release", () => {
    const report = renderReport({
      repository: "intercom/Intercom-OpenAPI",
      from: [],
      to: "8889625a7b931d8649e18726e7f872ff073520fc",
      versions: [
        { key: "2.16", subpaths: ["2.16"], status: "added", changes: [], apiVersion: "2.16", operations: 231 },
        { key: "2.15", subpaths: ["2.15"], status: "unchanged", changes: [] },
      ],
    });
    expect(report.bump).toBe("minor");
    expect(report.text).toContain("**2.16** (`intercom-fetch/2.16`): new version, sends `Intercom-Version: 2.16`, 231 operations.");
    expect(report.text).toContain("Unchanged: 2.15.");
  });
});

describe("report", () => {
  test("fields repeated per locale are written once", () => {
    const paths = ["200.a", "200.t.ar.x", "200.t.ar.y", "200.t.bg.x", "200.t.bg.y", "201.b"];
    expect(compactPaths(paths)).toEqual(["200.{a, t.{ar, bg}.{x, y}}", "201.b"]);
  });

  test("breaking changes are marked one by one, with the header change in words", () => {
    const before = doc({ version: "Unstable", response: object({ id: { type: "string" }, gone: { type: "string" } }) });
    const after = doc({ version: "Preview", response: object({ id: { type: "string" }, added: { type: "string" } }) });
    const { bump, text } = renderReport({
      repository: "intercom/Intercom-OpenAPI",
      from: ["40df073c795d1a956f27d10afea7623eb720f5ed"],
      to: "8889625a7b931d8649e18726e7f872ff073520fc",
      versions: [{ key: "unstable", subpaths: ["unstable", "preview"], status: "changed", changes: diffSpecs(before, after) }],
    });
    expect(bump).toBe("major");
    expect(text.split("\n")[0]).toBe(
      "Intercom's OpenAPI descriptions updated to intercom/Intercom-OpenAPI@8889625 (from 40df073): changes unstable, 2 breaking changes for TypeScript callers (major).",
    );
    expect(text).toContain("**breaking**: the `Intercom-Version` header (and `apiVersion`) changes from `Unstable` to `Preview`");
    expect(text).toContain("  - **breaking**: response `200.gone` removed");
    expect(text).toContain("  - response fields added: `200.added`");
  });
});

describe("overlay audit", () => {
  const overlay = (actions: Schema[]) => ({ overlay: "1.0.0", info: { title: "t", version: "1" }, actions });
  const spec = doc({ schemas: { thing: { type: "string", format: "uuid", example: "x" } } });

  test("an action whose target is gone no longer applies", async () => {
    const result = await auditOverlay(openapiFormat, spec, overlay([{ target: "$.components.schemas.gone.format", remove: true }]));
    expect(result.unused.map((a: Schema) => a.target)).toEqual(["$.components.schemas.gone.format"]);
  });

  test("an action that changes nothing is no longer needed", async () => {
    const result = await auditOverlay(openapiFormat, spec, overlay([{ target: "$.components.schemas.thing", update: { example: "x" } }]));
    expect(result.unneeded.map((u: Schema) => u.reason)).toEqual(["it changes nothing: upstream already says the same"]);
  });

  test("an action that defines a schema upstream now defines is no longer needed", async () => {
    const action = { target: "$.components.schemas", update: { thing: { type: "string", maxLength: 24 } } };
    const result = await auditOverlay(openapiFormat, spec, overlay([action]));
    expect(result.unneeded).toEqual([{ action, reason: "upstream now defines thing itself" }]);
  });

  test("an action that still repairs something is neither, and the result is the overlay's", async () => {
    const result = await auditOverlay(
      openapiFormat,
      spec,
      overlay([
        { target: "$.components.schemas.thing.format", remove: true },
        { target: "$.components.schemas", update: { missing: { type: "object" } } },
      ]),
    );
    expect(result.unused).toEqual([]);
    expect(result.unneeded).toEqual([]);
    expect(result.data.components.schemas).toEqual({ thing: { type: "string", example: "x" }, missing: { type: "object" } });
  });
});
