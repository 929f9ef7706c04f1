// scripts/lib/inaccuracies.mjs on hand-made corpora and documents: the structure check names the
// entry at fault, the repairs apply per version and fail loudly when they do not fit, the audit
// names the entries upstream has fixed, and the README table is written from the entries.
import openapiFormat from "openapi-format";
import { describe, expect, test } from "vitest";
import { applyCorpus, auditCorpus, corpusTable, sourceLink, validateCorpus, versionRanges } from "../../scripts/lib/inaccuracies.mjs";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Entry = Record<string, any>;

const KEYS = ["2.7", "2.8", "2.9", "2.10", "2.11", "unstable"];

const entry = (overrides: Entry = {}): Entry => ({
  id: "thing-id-integer",
  title: "Thing ids typed as integers",
  versions: ["2.7", "2.8"],
  sources: ["https://github.com/intercom/Intercom-OpenAPI/issues/1"],
  says: "The id is an integer.",
  does: "Intercom sends a string.",
  evidence: "A captured response.",
  change: "The id is a string.",
  actions: [{ target: "$.components.schemas.thing.properties.id", update: { type: "string" } }],
  ...overrides,
});

const doc = (idType: string): any => ({
  openapi: "3.0.1",
  info: { title: "t", version: "2.7" },
  paths: {},
  components: { schemas: { thing: { type: "object", properties: { id: { type: idType } } } } },
});

describe("validateCorpus", () => {
  test("returns the entries of a well-formed corpus", () => {
    expect(validateCorpus({ inaccuracies: [entry()] }, KEYS)).toEqual([entry()]);
  });

  test("names the entry and the field at fault, every problem at once", () => {
    const bad = { inaccuracies: [entry(), entry({ id: "Not Kebab", versions: ["2.99"], change: "two\nlines", actions: [{ target: "components", remove: true, update: {} }] })] };
    let message = "";
    try {
      validateCorpus(bad, KEYS);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      message = (error as Error).message;
    }
    expect(message).toContain("5 problem(s)");
    expect(message).toContain('entry #2 ("Not Kebab"): "id" must be kebab-case');
    expect(message).toContain('entry #2 ("Not Kebab"): "versions" names "2.99", which is not pinned');
    expect(message).toContain('entry #2 ("Not Kebab"): "change" must be one line');
    expect(message).toContain('entry #2 ("Not Kebab"): actions[0]: "target" must be a JSONPath starting with "$"');
    expect(message).toContain('entry #2 ("Not Kebab"): actions[0]: needs exactly one of "update" or "remove: true"');
  });

  test("refuses duplicate ids, missing fields, empty sources and unknown keys", () => {
    const bad = { inaccuracies: [entry(), entry({ evidence: "", sources: [], colour: "red" })] };
    expect(() => validateCorpus(bad, KEYS)).toThrow(/entry "thing-id-integer": the id is used twice/);
    expect(() => validateCorpus(bad, KEYS)).toThrow(/"evidence" must be a non-empty string/);
    expect(() => validateCorpus(bad, KEYS)).toThrow(/"sources" must be a non-empty list/);
    expect(() => validateCorpus(bad, KEYS)).toThrow(/unknown key\(s\) colour/);
    expect(() => validateCorpus({ inaccuracies: [entry({ actions: [] })] }, KEYS)).toThrow(/"actions" must be a non-empty list/);
    expect(() => validateCorpus([], KEYS)).toThrow(/"inaccuracies" list/);
  });
});

describe("applyCorpus", () => {
  test("applies the entries that list the version, and only those", async () => {
    const repaired = await applyCorpus(openapiFormat, doc("integer"), [entry()], "2.7");
    expect(repaired.components.schemas.thing.properties.id).toEqual({ type: "string" });
    const untouched = await applyCorpus(openapiFormat, doc("integer"), [entry()], "2.11");
    expect(untouched.components.schemas.thing.properties.id).toEqual({ type: "integer" });
  });

  test("an action that matches nothing in a listed version is an error naming the entry", async () => {
    const stray = entry({ actions: [{ target: "$.components.schemas.gone.format", remove: true }] });
    await expect(applyCorpus(openapiFormat, doc("integer"), [stray], "2.8")).rejects.toThrow(
      'inaccuracy "thing-id-integer" lists version 2.8, but 1 of its action(s) matched nothing there ($.components.schemas.gone.format)',
    );
  });
});

describe("auditCorpus", () => {
  test("an entry upstream has fixed is named; one still needed is not", async () => {
    const fixed = await auditCorpus(openapiFormat, doc("string"), [entry()], "2.7");
    expect(fixed.fixed.map((e: Entry) => e.id)).toEqual(["thing-id-integer"]);
    const needed = await auditCorpus(openapiFormat, doc("integer"), [entry()], "2.7");
    expect(needed.fixed).toEqual([]);
    expect(needed.data.components.schemas.thing.properties.id.type).toBe("string");
  });

  test("a remove-then-update that puts back what is there is fixed too", async () => {
    const spec = doc("integer");
    spec.components.schemas.thing.additionalProperties = true;
    const widen = entry({
      actions: [
        { target: "$.components.schemas.thing.additionalProperties", remove: true },
        { target: "$.components.schemas.thing", update: { additionalProperties: true } },
      ],
    });
    const audit = await auditCorpus(openapiFormat, spec, [widen], "2.7");
    expect(audit.unneeded).toEqual([]);
    expect(audit.fixed.map((e: Entry) => e.id)).toEqual(["thing-id-integer"]);
  });

  test("an action whose target is gone is reported with its entry", async () => {
    const stray = entry({ actions: [{ target: "$.components.schemas.gone.format", remove: true }] });
    const audit = await auditCorpus(openapiFormat, doc("integer"), [stray], "2.8");
    expect(audit.unused.map((u: Entry) => [u.entry.id, u.action.target])).toEqual([["thing-id-integer", "$.components.schemas.gone.format"]]);
  });
});

describe("the README table", () => {
  test("versions are written as runs of consecutive pinned versions", () => {
    expect(versionRanges(["2.7", "2.8", "2.9", "2.11", "unstable"], KEYS)).toBe("2.7-2.9, 2.11, unstable");
    expect(versionRanges(["2.10", "2.7"], KEYS)).toBe("2.7, 2.10");
    expect(versionRanges(["2.10", "2.11"], KEYS)).toBe("2.10, 2.11");
    expect(versionRanges(["2.9", "2.10", "2.11", "unstable"], KEYS)).toBe("2.9-2.11, unstable");
    expect(versionRanges(KEYS, KEYS)).toBe("every version");
  });

  test("sources become short links", () => {
    expect(sourceLink("https://github.com/intercom/intercom-node/issues/462")).toBe("[intercom-node#462](https://github.com/intercom/intercom-node/issues/462)");
    expect(sourceLink("https://github.com/intercom/Intercom-OpenAPI/pull/213")).toBe("[Intercom-OpenAPI#213](https://github.com/intercom/Intercom-OpenAPI/pull/213)");
    expect(sourceLink("https://github.com/intercom/Intercom-OpenAPI/commit/be47f01e14733389636528ac45033f20e31c741e")).toBe(
      "[Intercom-OpenAPI@be47f01](https://github.com/intercom/Intercom-OpenAPI/commit/be47f01e14733389636528ac45033f20e31c741e)",
    );
    expect(sourceLink("https://github.com/intercom/Intercom-OpenAPI/blob/8889625/fern/openapi-overrides.yml")).toBe(
      "[Intercom-OpenAPI/fern/openapi-overrides.yml](https://github.com/intercom/Intercom-OpenAPI/blob/8889625/fern/openapi-overrides.yml)",
    );
    expect(sourceLink("a | b")).toBe("a \\| b");
  });

  test("one row per entry, pipes escaped", () => {
    const table = corpusTable([entry({ change: "`a | b` is a string" })], KEYS);
    expect(table.split("\n")).toEqual([
      "| Inaccuracy | Versions | What we changed | Sources |",
      "| --- | --- | --- | --- |",
      "| `thing-id-integer`: Thing ids typed as integers | 2.7, 2.8 | `a \\| b` is a string | [Intercom-OpenAPI#1](https://github.com/intercom/Intercom-OpenAPI/issues/1) |",
    ]);
  });
});
