// The manifest generator (scripts/lib/manifest.mjs, search-fields.mjs) and its diff
// (spec-diff.mjs `diffManifests`), on small hand-written documents.
import { describe, expect, test } from "vitest";
import { extractManifest } from "../../scripts/lib/manifest.mjs";
import { searchName } from "../../scripts/lib/search-fields.mjs";
import { bumpOf, diffManifests } from "../../scripts/lib/spec-diff.mjs";
import { renderReport } from "../../scripts/lib/spec-report.mjs";

const description = (operators: string, prose = "") => `Search things.

### Accepted Fields

| Field | Type |
| --- | --- |
| name | String |
| created_at | Date (UNIX Timestamp) |
| tag_id | String |
| custom_attributes.{attribute_name} | String |

${prose}

### Accepted Operators

| Operator | Valid Types | Description |
| :------- | :---------- | :---------- |
${operators}
`;

interface Resource {
  fields: Record<string, { types: string[]; operators: string[] }>;
  unsearchable?: string[];
}
/** The generator's output, typed for the assertions (a .mjs module's return type is inferred loosely). */
const manifestOf = (document: unknown) => extractManifest(document) as unknown as { search: Record<string, Resource>; readOnlyPosts: string[] };

const OPERATORS = `| = | All | Equals |
| != | All | Doesn't Equal |
| IN | All except Date and tag_id | In |
| > | Integer<br>Date (UNIX Timestamp) | Greater |
| ~ | String | Contains |`;

function spec(searchDescription: string, extra: Record<string, unknown> = {}) {
  return {
    openapi: "3.0.1",
    info: { version: "1.0" },
    servers: [{ url: "https://api.intercom.io" }, { url: "https://api.eu.intercom.io" }],
    paths: {
      "/gadgets/search": {
        post: {
          operationId: "searchGadgets",
          description: searchDescription,
          responses: { "200": { content: { "application/json": { schema: { type: "object", properties: { type: { type: "string" }, gadgets: { type: "array", items: {} } } } } } } },
        },
      },
      "/gadgets/{id}": { post: { operationId: "updateGadget", description: "Has a | Field | table but no operators.\n\n| Field | Type |\n| --- | --- |\n| a | String |", responses: {} } },
      ...extra,
    },
    components: { schemas: {} },
  };
}

describe("search resources", () => {
  test("an operation with both tables is a resource named from its path; one without the operator table is not", () => {
    const { search, readOnlyPosts } = manifestOf(spec(description(OPERATORS)));
    expect(Object.keys(search)).toEqual(["gadgets"]);
    expect(search.gadgets!).toMatchObject({ operationId: "searchGadgets", method: "post", path: "/gadgets/search", items: "gadgets" });
    expect(search.gadgets!.fields).toEqual({
      name: { types: ["String"], operators: ["=", "!=", "IN", "~"] },
      created_at: { types: ["Date"], operators: ["=", "!=", ">"] },
      tag_id: { types: ["String"], operators: ["=", "!=", "~"] },
      "custom_attributes.*": { types: ["String"], operators: ["=", "!=", "IN", "~"] },
    });
    expect(readOnlyPosts).toEqual(["/gadgets/search"]);
  });

  test("prose rules: only-these operators, not-on-type, not searchable", () => {
    const prose = "The `plan.id` and `plan.name` fields are not searchable. Searching by `tag_id` supports only the `=` and `!=` operators. The `!=` operator is not supported for Date fields.";
    const fixed = prose.replace("The `!=` operator is not supported", "The `!=` and `IN` operators are not supported");
    const { search } = manifestOf(spec(description(OPERATORS, fixed)));
    expect(search.gadgets!.fields.tag_id!.operators).toEqual(["=", "!="]);
    expect(search.gadgets!.fields.created_at!.operators).toEqual(["=", ">"]);
    expect(search.gadgets!.unsearchable).toEqual(["plan.id", "plan.name"]);
  });

  test.each([
    ["/companies/search", "companies"],
    ["/admins/activity_logs/search", "activityLogs"],
    ["/tickets/search", "tickets"],
  ])("%s is named %s", (path, name) => expect(searchName(path)).toBe(name));
});

describe("diffManifests", () => {
  const narrowed = OPERATORS.replace("| != | All |", "| != | All except Date |");
  const before = extractManifest(spec(description(OPERATORS)));
  const after = extractManifest(spec(description(narrowed)));

  test("an operator removed from a field is breaking, and counts in the release", () => {
    const changes = diffManifests(before, after);
    expect(changes).toEqual([{ kind: "search-operators-removed", resource: "gadgets", name: "created_at", operators: ["!="], effect: "breaking" }]);
    expect(bumpOf(changes)).toBe("major");
    expect(diffManifests(after, before)).toEqual([{ kind: "search-operators-added", resource: "gadgets", name: "created_at", operators: ["!="], effect: "addition" }]);
  });

  test("resources and fields added are minor; removed are breaking", () => {
    const none = extractManifest({ ...spec(""), paths: {} });
    expect(diffManifests(none, before).map((c) => [c.kind, c.effect])).toContainEqual(["search-added", "addition"]);
    expect(diffManifests(before, none).map((c) => [c.kind, c.effect])).toContainEqual(["search-removed", "breaking"]);
    const fewer = extractManifest(spec(description(OPERATORS).replace("| tag_id | String |\n", "")));
    expect(diffManifests(before, fewer)).toContainEqual({ kind: "search-field-removed", resource: "gadgets", name: "tag_id", effect: "breaking" });
  });

  test("Date to Datetime is no change for a caller; String to Integer is", () => {
    const datetime = extractManifest(spec(description(OPERATORS).replace("| created_at | Date (UNIX Timestamp) |", "| created_at | Datetime |")));
    expect(diffManifests(before, datetime).filter((c) => c.kind.startsWith("search-types"))).toEqual([]);
  });

  test("the report says it, under the version, counted as breaking", () => {
    const changes = diffManifests(before, after);
    const { bump, text } = renderReport({
      repository: "intercom/Intercom-OpenAPI",
      from: ["a".repeat(40)],
      to: "b".repeat(40),
      versions: [{ key: "1.0", subpaths: ["1.0"], status: "changed", changes }],
    });
    expect(bump).toBe("major");
    expect(text).toContain("**1.0** (`intercom-fetch/1.0`): 1 breaking, 0 other changes.");
    expect(text).toContain("  - **breaking**: `search.gadgets` field `created_at` no longer takes `!=`");
  });
});
