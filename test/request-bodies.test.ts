// Every operation of every pinned version, through the TypeScript checker
// (test/support/type-audit.mjs): no JSON request body is `unknown` (or `any`, `never`), nor any of
// its properties that the description gives a type; no request property with a `default` is
// required; no object is `Record<string, never>`. A new upstream description that brings one back
// fails here, naming the operations, before a user meets it. test/request-bodies.test-d.ts shows
// the same with calls.
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createAudit } from "./support/type-audit.mjs";
import { pins, root } from "./support/versions.js";

let audit: ReturnType<typeof createAudit>;
beforeAll(() => {
  audit = createAudit(
    path.join(root, "generated"),
    pins.map((p) => p.key),
  );
});

describe.each(pins.map((p) => p.key))("%s", (key) => {
  test("request bodies are typed as their descriptions define them", () => {
    const result = audit.audit(key);
    // Not vacuous: the version has JSON bodies to check.
    expect(result.jsonBodies).toBeGreaterThan(30);
    expect(result.unknownBodies, "JSON request bodies typed unknown, any or never").toEqual([]);
    expect(result.unknownProperties, "request properties with a declared type or properties typed unknown or any").toEqual([]);
    expect(result.missingDefaults, "request properties with a default that the type lacks").toEqual([]);
    expect(result.requiredDefaults, "request properties with a default that the type requires").toEqual([]);
    expect(result.neverRecords, "objects typed Record<string, never> in schema.ts").toBe(0);
  });
});

test("the audit sees the request properties that have defaults", () => {
  // 2.9 on describe some (ticket type attributes, content import sources...): a walk that found
  // none would pass the check above without checking anything.
  const counts = Object.fromEntries(pins.map((p) => [p.key, audit.audit(p.key).defaults]));
  expect(counts["2.11"]).toBeGreaterThan(5);
  expect(counts["2.16"]).toBeGreaterThan(20);
});
