// The search helper's rules (src/helpers/search/rules.ts) as a caller meets them: which queries
// `intercom.search.<resource>()` refuses before any request, with which path and rule, and what it
// sends for the ones it takes. Over the hand-written fixture manifest and a made-up resource with
// every field type, so each rule is tried on its own.
import { describe, expect, test } from "vitest";
import { createCore, type VersionTypes } from "../../src/core/client.js";
import { and, or, search, SearchQueryError, where, withHelpers } from "../../src/index.js";
import { manifest } from "../fixtures/manifest.js";

interface Fixture extends VersionTypes {
  manifest: typeof manifest;
}

// A resource with each type Intercom's tables use, and no `values` (no request-schema check).
const gadgets = {
  operationId: "searchGadgets",
  method: "post",
  path: "/gadgets/search",
  items: "gadgets",
  fields: {
    name: { types: ["String"], operators: ["=", "IN"] },
    count: { types: ["Integer"], operators: ["=", ">", "IN"] },
    weight: { types: ["Float"], operators: ["=", "<"] },
    active: { types: ["Boolean"], operators: ["="] },
    seen_at: { types: ["Datetime"], operators: [">", "<", "IN"] },
    stamp: { types: ["String", "Date"], operators: ["="] },
    code: { types: ["String", "Integer"], operators: ["="] },
    when: { types: ["Date", "String"], operators: ["="] },
  },
} as const;
const fixture = { ...manifest, readOnlyPosts: [...manifest.readOnlyPosts, "/gadgets/search"], search: { ...manifest.search, gadgets } };

/** A client whose fetch records the bodies sent and answers one empty page. */
function client() {
  const bodies: unknown[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(await new Request(input, init).json());
    return Response.json({ widgets: [], gadgets: [], total_count: 0, pages: { next: null } });
  };
  const core = createCore<Fixture>({ token: "t", fetch: fetch as typeof globalThis.fetch, retry: 0 }, fixture as never);
  const { search: resources } = withHelpers(core, search) as unknown as { search: Record<"widgets" | "gadgets", (query: unknown) => AsyncIterable<unknown>> };
  return { bodies, resources };
}

/** The query as sent to Intercom. */
async function sent(resource: "widgets" | "gadgets", query: unknown) {
  const { bodies, resources } = client();
  for await (const _ of resources[resource](query));
  return (bodies[0] as { query: unknown }).query;
}

/** The SearchQueryError the query is refused with, before any request. */
function refusal(resource: "widgets" | "gadgets", query: unknown) {
  const { bodies, resources } = client();
  let error: unknown;
  try {
    resources[resource](query);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SearchQueryError);
  expect(error).toBeInstanceOf(TypeError);
  expect((error as Error).name).toBe("SearchQueryError");
  expect(bodies).toHaveLength(0);
  const { path, rule, message } = error as SearchQueryError;
  expect(message).toBe(`${path}: ${rule}`);
  return { path, rule };
}

const filter = (field: string, operator: string, value: unknown) => ({ field, operator, value });

describe("the shape of a query", () => {
  test.each([null, "email", 3, [filter("name", "=", "a")], undefined])("%j is neither a filter nor a group", (query) => {
    expect(refusal("widgets", query)).toEqual({
      path: "query",
      rule: 'expected a filter { field, operator, value } or a group { operator: "AND" | "OR", value: [...] }',
    });
  });

  test("groups nest two levels deep, not three; the path names the group too deep", async () => {
    const leaf = where("size", ">", 1);
    expect(await sent("widgets", and(or(leaf, leaf), leaf))).toEqual({
      operator: "AND",
      value: [{ operator: "OR", value: [leaf, leaf] }, leaf],
    });
    expect(refusal("widgets", or(leaf, and(leaf, or(leaf))))).toEqual({ path: "query.value[1].value[1]", rule: "groups nest at most 2 levels deep" });
  });

  test.each([
    [{ operator: "AND", value: [] }, "an AND group needs a non-empty array of filters"],
    [{ operator: "OR" }, "an OR group needs a non-empty array of filters"],
    [{ operator: "OR", value: "x" }, "an OR group needs a non-empty array of filters"],
  ])("%j is an empty group", (query, rule) => {
    expect(refusal("widgets", query)).toEqual({ path: "query", rule });
  });

  test("a group holds up to 15 filters", async () => {
    const leaf = where("name", "=", "a");
    expect(((await sent("widgets", or(...Array(15).fill(leaf)))) as { value: unknown[] }).value).toHaveLength(15);
    expect(refusal("widgets", or(...Array(16).fill(leaf)))).toEqual({ path: "query", rule: "an OR group holds at most 15 filters, got 16" });
  });

  test("each filter of a group is checked and converted, and a refusal names its place", async () => {
    expect(await sent("widgets", and(where("size", ">", 2), or(filter("made_at", ">", "2026-01-01") as never)))).toEqual({
      operator: "AND",
      value: [
        { field: "size", operator: ">", value: 2 },
        { operator: "OR", value: [{ field: "made_at", operator: ">", value: 1767225600 }] },
      ],
    });
    expect(refusal("widgets", and(where("size", ">", 2), or(where("name", "=", "a"), where("size", ">", "3"))))).toEqual({
      path: "query.value[1].value[1].value",
      rule: 'field "size" takes Integer, got "3"',
    });
  });
});

describe("fields and operators", () => {
  test.each([
    [filter("", "=", "a"), "a filter needs a `field`"],
    [{ operator: "=", value: "a" }, "a filter needs a `field`"],
    [filter("name", "LIKE", "a"), 'unknown operator "LIKE"; Intercom knows = != IN NIN > < >= <= ~ !~ ^ $ (and AND, OR for groups)'],
    [filter("name", undefined as never, "a"), "unknown operator undefined; Intercom knows = != IN NIN > < >= <= ~ !~ ^ $ (and AND, OR for groups)"],
    [filter("secret", "=", "x"), 'field "secret" is not searchable (Intercom answers 400 invalid_field)'],
    [filter("colour", "=", "x"), 'unknown field "colour"; this version\'s search accepts name, size, made_at, labels.*'],
    [filter("size", "~", 1), 'operator "~" is not allowed on Integer field "size" (allowed: = > <)'],
  ])("%j is refused", (query, rule) => {
    expect(refusal("widgets", query)).toEqual({ path: "query", rule });
  });

  test("a field's types are all named when its operator is refused", () => {
    expect(refusal("gadgets", filter("code", ">", 1)).rule).toBe('operator ">" is not allowed on String or Integer field "code" (allowed: =)');
  });

  test("a family (`labels.*`) takes any name after its prefix, but not the bare prefix or a lookalike", async () => {
    expect(await sent("widgets", where("labels.colour", "=", "red"))).toEqual({ field: "labels.colour", operator: "=", value: "red" });
    expect(refusal("widgets", where("labels.", "=", "red")).rule).toMatch(/^unknown field "labels\."/);
    expect(refusal("widgets", where("labelsx", "=", "red")).rule).toMatch(/^unknown field "labelsx"/);
    expect(refusal("widgets", where("labels.*x", "~", "red")).rule).toBe('operator "~" is not allowed on String field "labels.*x" (allowed: =)');
  });

  test("a field is not matched by a shorter field's name, nor a family by its first letter", () => {
    expect(refusal("widgets", where("names", "=", "x")).rule).toMatch(/^unknown field "names"/);
    expect(refusal("widgets", where("lemonade.x", "=", "x")).rule).toMatch(/^unknown field "lemonade\.x"/);
  });

  test("names an object has from its prototype are not fields", () => {
    expect(refusal("widgets", where("constructor", "=", "x")).rule).toMatch(/^unknown field "constructor"/);
    expect(refusal("widgets", where("toString", "=", "x")).rule).toMatch(/^unknown field "toString"/);
  });
});

describe("values", () => {
  test("IN and NIN take a non-empty array, each item checked at its own path", async () => {
    expect(await sent("widgets", where("name", "IN", ["a", "b"]))).toEqual({ field: "name", operator: "IN", value: ["a", "b"] });
    expect(refusal("widgets", where("name", "NIN", []))).toEqual({ path: "query", rule: 'operator "NIN" takes a non-empty array' });
    expect(refusal("widgets", where("name", "IN", "a"))).toEqual({ path: "query", rule: 'operator "IN" takes a non-empty array' });
    expect(refusal("gadgets", where("count", "IN", [1, 2, 2.5]))).toEqual({ path: "query.value[2]", rule: 'field "count" takes Integer, got number 2.5' });
  });

  test("other operators take one value, not an array", () => {
    expect(refusal("widgets", where("name", "=", ["a"]))).toEqual({ path: "query", rule: 'operator "=" takes a single value, not an array (use IN or NIN)' });
  });

  test.each([
    ["count", 3, 3],
    ["weight", 2.5, 2.5],
    ["weight", 2, 2],
    ["active", false, false],
    ["name", "", ""],
    ["code", "A1", "A1"],
    ["code", 7, 7],
  ])("%s takes %j", async (field, value, expected) => {
    const operator = Object.hasOwn(gadgets.fields, field) ? gadgets.fields[field as keyof typeof gadgets.fields].operators[0] : "=";
    expect(await sent("gadgets", filter(field, operator, value))).toEqual({ field, operator, value: expected });
  });

  test.each([
    ["count", 1.5, 'field "count" takes Integer, got number 1.5'],
    ["count", Number.NaN, 'field "count" takes Integer, got number NaN'],
    ["weight", Number.POSITIVE_INFINITY, 'field "weight" takes Float, got number Infinity'],
    ["weight", "2.5", 'field "weight" takes Float, got "2.5"'],
    ["active", "true", 'field "active" takes Boolean, got "true"'],
    ["active", 1, 'field "active" takes Boolean, got number 1'],
    ["name", true, 'field "name" takes String, got boolean true'],
    ["name", null, 'field "name" takes String, got null'],
    ["name", 5, 'field "name" takes String, got number 5'],
    ["code", false, 'field "code" takes String or Integer, got boolean false'],
  ])("%s refuses %j", (field, value, rule) => {
    expect(refusal("gadgets", filter(field, "=", value) as never)).toEqual({ path: "query.value", rule });
  });
});

describe("dates", () => {
  test("a Date, an ISO string or whole UNIX seconds become UNIX seconds", async () => {
    expect(await sent("gadgets", filter("seen_at", ">", new Date("2026-01-01T00:00:01.900Z")))).toMatchObject({ value: 1767225601 });
    expect(await sent("gadgets", filter("seen_at", ">", "2026-01-01T01:00:00+01:00"))).toMatchObject({ value: 1767225600 });
    expect(await sent("gadgets", filter("seen_at", ">", 1767225600))).toMatchObject({ value: 1767225600 });
    expect(await sent("gadgets", filter("seen_at", "IN", ["2026-01-01", new Date(0)]))).toMatchObject({ value: [1767225600, 0] });
  });

  test("a string on a field that is a String or a Date is sent as it is; a Date there is converted", async () => {
    expect(await sent("gadgets", filter("stamp", "=", "2026-01-01"))).toMatchObject({ value: "2026-01-01" });
    expect(await sent("gadgets", filter("when", "=", "2026-01-01"))).toMatchObject({ value: "2026-01-01" });
    expect(await sent("gadgets", filter("when", "=", "not a date"))).toMatchObject({ value: "not a date" });
    expect(await sent("gadgets", filter("when", "=", 1767225600))).toMatchObject({ value: 1767225600 });
    expect(refusal("gadgets", filter("when", "=", 1767225600123)).rule).toBe("1767225600123 looks like milliseconds; Intercom takes UNIX seconds");
    expect(await sent("gadgets", filter("stamp", "=", new Date("2026-01-01T00:00:00Z")))).toMatchObject({ value: 1767225600 });
  });

  test.each([
    ["seen_at", "yesterday", '"yesterday" is not a valid date (give a Date, an ISO 8601 string or UNIX seconds)'],
    ["seen_at", new Date("nope"), "an invalid Date is not a valid date (give a Date, an ISO 8601 string or UNIX seconds)"],
    ["seen_at", 1767225600.5, "a date is whole UNIX seconds, got 1767225600.5"],
    ["seen_at", 1767225600000, "1767225600000 looks like milliseconds; Intercom takes UNIX seconds"],
    ["seen_at", true, 'field "seen_at" takes Datetime, got boolean true'],
    ["name", new Date(0), 'field "name" is String, not a date'],
    ["count", new Date(0), 'field "count" is Integer, not a date'],
    ["code", new Date(0), 'field "code" is String or Integer, not a date'],
  ])("%s refuses %j", (field, value, rule) => {
    const operator = field === "seen_at" ? ">" : "=";
    expect(refusal("gadgets", filter(field, operator, value)).rule).toBe(rule);
  });
});

describe("what the request schema lets a value be (`values`)", () => {
  test("an integer is taken where the schema says number; a fraction is refused where it says integer", async () => {
    const numberOnly = { ...fixture, search: { widgets: { ...manifest.search.widgets, values: { scalar: ["number"], array: ["string"] } } } };
    const bodies: unknown[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => (bodies.push(await new Request(input, init).json()), Response.json({ widgets: [], pages: { next: null } }));
    const core = createCore<Fixture>({ token: "t", fetch: fetch as typeof globalThis.fetch, retry: 0 }, numberOnly as never);
    const widgets = (withHelpers(core, search) as unknown as { search: { widgets: (q: unknown) => AsyncIterable<unknown> } }).search.widgets;
    for await (const _ of widgets(where("size", ">", 4)));
    expect(bodies).toEqual([{ query: { field: "size", operator: ">", value: 4 }, pagination: { per_page: 50 } }]);
    expect(() => widgets(where("name", "=", "a"))).toThrow("query.value: the request schema takes no string as a value (it takes number)");
  });

  test("the fixture's schema takes no fraction and no boolean in an array", () => {
    // `size` is an Integer field, so a fraction is the field's refusal; `name` a String field, so a boolean is the field's.
    // The schema's own refusals show where the field would allow what the schema does not.
    const loose = { ...manifest.search.widgets, fields: { any: { types: ["String", "Float", "Boolean"], operators: ["=", "IN", "NIN"] } } };
    const core = createCore<Fixture>({ token: "t", fetch: (async () => Response.json({})) as never, retry: 0 }, { ...fixture, search: { widgets: loose } } as never);
    const widgets = (withHelpers(core, search) as unknown as { search: { widgets: (q: unknown) => unknown } }).search.widgets;
    expect(() => widgets(where("any", "=", 1.5))).toThrow("query.value: the request schema takes no non-integer number as a value (it takes string, integer, boolean)");
    expect(() => widgets(where("any", "IN", ["a", true]))).toThrow("query.value[1]: the request schema takes no boolean inside an IN array (it takes string, integer)");
    expect(() => widgets(where("any", "NIN", [false]))).toThrow("query.value[0]: the request schema takes no boolean inside an NIN array (it takes string, integer)");
    expect(() => widgets(where("any", "IN", ["a", 2]))).not.toThrow();
    expect(() => widgets(where("any", "=", true))).not.toThrow();
  });

  test("without `values`, any JSON type the field allows is sent", async () => {
    expect(await sent("gadgets", filter("weight", "<", 0.25))).toMatchObject({ value: 0.25 });
    expect(await sent("gadgets", filter("active", "=", true))).toMatchObject({ value: true });
  });
});
