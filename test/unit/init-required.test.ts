// The generator's rule for which calls must pass `init` (generated/<version>/calls.ts, `required`),
// on small hand-made operations: one per way openapi-typescript makes `parameters` or `requestBody`
// required. test/call-methods.test-d.ts checks the rule's answer for every path of every version
// against what TypeScript computes from the generated types.
import { describe, expect, test } from "vitest";
import { initRequired } from "../../scripts/lib/spec.mjs";

/* eslint-disable @typescript-eslint/no-explicit-any */
const spec: any = {
  components: {
    parameters: { version: { name: "Intercom-Version", in: "header", schema: { type: "string" } }, id: { name: "id", in: "path", schema: { type: "string" } } },
    requestBodies: { needed: { required: true, content: {} }, optional: { content: {} } },
  },
};

describe("initRequired", () => {
  test("no parameters and no body: optional", () => {
    expect(initRequired(spec, {}, {})).toBe(false);
  });

  test("an optional header or query parameter: optional", () => {
    const op = { parameters: [{ $ref: "#/components/parameters/version" }, { name: "page", in: "query" }] };
    expect(initRequired(spec, {}, op)).toBe(false);
  });

  test("a path parameter, even without `required: true`, and one the path item declares: required", () => {
    expect(initRequired(spec, {}, { parameters: [{ $ref: "#/components/parameters/id" }] })).toBe(true);
    expect(initRequired(spec, { parameters: [{ name: "id", in: "path" }] }, {})).toBe(true);
  });

  test("a required query, header or cookie parameter: required", () => {
    for (const where of ["query", "header", "cookie"]) {
      expect(initRequired(spec, {}, { parameters: [{ name: "x", in: where, required: true }] })).toBe(true);
    }
  });

  test("the operation's parameter overrides the path item's of the same `in` and name", () => {
    const item = { parameters: [{ name: "user_id", in: "query", required: true }] };
    expect(initRequired(spec, item, { parameters: [{ name: "user_id", in: "query", required: false }] })).toBe(false);
    expect(initRequired(spec, item, { parameters: [{ name: "user_id", in: "header" }] })).toBe(true);
  });

  test("a body is required when it says so, inline or through a $ref", () => {
    expect(initRequired(spec, {}, { requestBody: { required: true, content: {} } })).toBe(true);
    expect(initRequired(spec, {}, { requestBody: { $ref: "#/components/requestBodies/needed" } })).toBe(true);
    expect(initRequired(spec, {}, { requestBody: { $ref: "#/components/requestBodies/optional" } })).toBe(false);
    expect(initRequired(spec, {}, { requestBody: { content: {} } })).toBe(false);
  });
});
