// The fake's search against an independent oracle: for every field and operator the version's
// manifest lists (contacts and conversations, on 2.11 and 2.16), random records and a random
// query value, the fake's answer must equal a plain filter written here from Intercom's documented
// semantics. Then nesting, Intercom's limits, and paging through the library's search helper.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { manifest as manifest211 } from "../generated/2.11/core.js";
import { manifest as manifest216 } from "../generated/2.16/core.js";
import { createIntercom as createFull211 } from "../generated/2.11/index.js";
import { and, or, where } from "../src/helpers/search/query.js";
import { createFakeIntercom, type FakeIntercom, type Json } from "../src/testing/index.js";

const VERSIONS = { "2.11": manifest211, "2.16": manifest216 } as const;
type Manifest = (typeof VERSIONS)[keyof typeof VERSIONS];
type Resource = "contacts" | "conversations";

// ---- the oracle: Intercom's rules as documented, not the fake's code ----

const DAY = 86_400;
const dayOf = (seconds: number) => Math.floor(seconds / DAY);

function positive(type: string, operator: string, actual: unknown, value: unknown): boolean {
  const date = type === "Date" || type === "Datetime";
  const a = date ? dayOf(actual as number) : actual;
  const v = (x: unknown) => (date ? dayOf(x as number) : x);
  switch (operator) {
    case "=":
      return a === v(value);
    case "IN":
      return (value as unknown[]).map(v).includes(a);
    case ">":
      return (a as number) > (v(value) as number);
    case "<":
      return (a as number) < (v(value) as number);
    case ">=":
      return (a as number) >= (v(value) as number);
    case "<=":
      return (a as number) <= (v(value) as number);
    case "~":
      return (a as string).includes(value as string);
    case "^":
      return (a as string).startsWith(value as string);
    case "$":
      return (a as string).endsWith(value as string);
  }
  throw new Error(`oracle: no operator ${operator}`);
}

/** A filter holds when any of the field's values matches; `!=`, `NIN`, `!~` hold exactly where their positive does not. */
function holds(type: string, operator: string, actual: unknown, value: unknown): boolean {
  const negated = { "!=": "=", NIN: "IN", "!~": "~" }[operator];
  if (negated) return !holds(type, negated, actual, value);
  const values = Array.isArray(actual) ? actual : actual === null || actual === undefined ? [] : [actual];
  return values.some((x) => positive(type, operator, x, value));
}

/** The field's value in a stored record: a path, or the ids of a list the field names. */
function fieldValue(resource: Resource, record: Json, field: string): unknown {
  const ids = (list: unknown, key: string) => ((list as Record<string, { id: unknown }[]>)[key] ?? []).map((x) => x.id);
  if (resource === "contacts" && field === "tag_id") return ids(record.tags, "data");
  if (resource === "contacts" && field === "segment_id") return [];
  if (field === "contact_ids") return ids(record.contacts, "contacts");
  if (field === "teammate_ids") return ids(record.teammates, "teammates");
  if (field === "tag_ids") return ids(record.tags, "tags");
  return field.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Json)[k] : undefined), record);
}

// ---- generators ----

const BASE = 1_700_006_400 - (1_700_006_400 % DAY);
const STRINGS = ["alpha", "alps", "beta", "Alpha", "al", "", "101", "102", "c00000000000000000000001", "1000002"];
const scalar = (type: string): fc.Arbitrary<string | number | boolean> =>
  type === "String"
    ? fc.constantFrom(...STRINGS)
    : type === "Boolean"
      ? fc.boolean()
      : type === "Date" || type === "Datetime"
        ? fc.integer({ min: BASE - 2 * DAY, max: BASE + 3 * DAY })
        : type === "Float"
          ? fc.constantFrom(0, 1.5, 2, 7.25)
          : fc.constantFrom(0, 1, 2, 5);

/** Fields the test sets through `raw`; the others (ids, tags) come from how records are made. */
const DERIVED = new Set(["id", "tag_id", "segment_id", "contact_ids", "teammate_ids", "tag_ids"]);

function nested(path: string, value: unknown): Json {
  const [head, ...rest] = path.split(".");
  return { [head!]: rest.length === 0 ? value : nested(rest.join("."), value) };
}

function seed(fake: FakeIntercom, resource: Resource, field: string, values: (unknown | null)[], tagsPer: string[][]): void {
  values.forEach((value, i) => {
    const raw = DERIVED.has(field) ? undefined : nested(field, value);
    if (resource === "contacts") fake.data.contacts.create({ role: "lead", tags: tagsPer[i], raw });
    else fake.data.conversations.create({ contactId: fake.data.contacts.create({ role: "lead" }).id as string, body: "hi", raw });
  });
}

async function searchIds(fake: FakeIntercom, resource: Resource, query: unknown) {
  const response = await fake.fetch(`${fake.baseUrl}/${resource}/search`, {
    method: "POST",
    headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, pagination: { per_page: 150 } }),
  });
  const body = (await response.json()) as Json;
  return { status: response.status, body, ids: response.ok ? ((body[items(resource)] as Json[]).map((r) => r.id) as string[]) : [] };
}

const items = (resource: Resource) => manifest211.search[resource].items;

describe.each(Object.entries(VERSIONS))("%s: every field and operator of the manifest", (_version, manifest: Manifest) => {
  for (const resource of ["contacts", "conversations"] as const) {
    const info = manifest.search[resource];
    for (const [name, { types, operators }] of Object.entries(info.fields)) {
      const field = name.endsWith("*") ? `${name.slice(0, -1)}tier` : name;
      const type = types[0]!;
      test(`${resource} ${field} (${type}: ${operators.join(" ")})`, async () => {
        const record = fc.option(scalar(type), { nil: null });
        const tags = fc.array(fc.constantFrom("vip", "beta"), { maxLength: 2 });
        const query = fc
          .constantFrom(...operators)
          .chain((operator) => (operator === "IN" || operator === "NIN" ? fc.array(scalar(type), { minLength: 1, maxLength: 3 }) : scalar(type)).map((value) => ({ field, operator, value })));
        await fc.assert(
          fc.asyncProperty(fc.array(record, { maxLength: 8 }), fc.array(tags, { minLength: 8, maxLength: 8 }), query, async (values, tagsPer, q) => {
            const fake = createFakeIntercom({ manifest });
            seed(fake, resource, field, values, tagsPer);
            const result = await searchIds(fake, resource, q);
            const arrayKinds: readonly string[] = info.values?.array ?? [];
            if (Array.isArray(q.value) && q.value.some((v) => !arrayKinds.includes(typeof v === "number" ? "integer" : typeof v))) {
              // The request schema takes no such value inside IN/NIN: Intercom refuses the query.
              expect(result.status).toBe(400);
              return;
            }
            const stored = resource === "contacts" ? fake.data.contacts.list() : fake.data.conversations.list();
            const expected = stored.filter((r) => holds(type, q.operator, fieldValue(resource, r, field), q.value)).map((r) => r.id);
            expect(result.status).toBe(200);
            expect(result.ids).toEqual(expected);
            expect(result.body.total_count).toBe(expected.length);
          }),
          { numRuns: 15 },
        );
      });
    }
  }
});

describe.each(Object.entries(VERSIONS))("%s: AND/OR within Intercom's limits", (_version, manifest: Manifest) => {
  const FIELDS = [
    { field: "name", type: "String", ops: ["=", "!=", "~", "^"] },
    { field: "unsubscribed_from_emails", type: "Boolean", ops: ["=", "!="] },
    { field: "created_at", type: "Date", ops: ["=", ">", "<"] },
  ] as const;
  const filter = fc.constantFrom(...FIELDS).chain(({ field, type, ops }) => fc.record({ field: fc.constant(field), operator: fc.constantFrom(...ops), value: scalar(type) }));
  const group = <T>(child: fc.Arbitrary<T>) => fc.record({ operator: fc.constantFrom("AND" as const, "OR" as const), value: fc.array(child, { minLength: 1, maxLength: 4 }) });
  type Node = { field: string; operator: string; value: unknown } | { operator: "AND" | "OR"; value: Node[] };
  const typeOf = (field: string) => FIELDS.find((f) => f.field === field)!.type;
  const evaluate = (record: Json, node: Node): boolean =>
    node.operator === "AND"
      ? (node.value as Node[]).every((n) => evaluate(record, n))
      : node.operator === "OR"
        ? (node.value as Node[]).some((n) => evaluate(record, n))
        : holds(typeOf((node as { field: string }).field), node.operator, fieldValue("contacts", record, (node as { field: string }).field), node.value);

  test("nested groups match what the oracle composes", async () => {
    const contact = fc.record({ name: fc.option(fc.constantFrom(...STRINGS), { nil: null }), unsubscribed_from_emails: fc.boolean(), created_at: scalar("Date") });
    await fc.assert(
      fc.asyncProperty(fc.array(contact, { maxLength: 10 }), fc.oneof(filter, group(filter), group(fc.oneof(filter, group(filter)))), async (contacts, query) => {
        const fake = createFakeIntercom({ manifest });
        for (const c of contacts) fake.data.contacts.create({ role: "lead", raw: c });
        const result = await searchIds(fake, "contacts", query);
        expect(result.status).toBe(200);
        expect(result.ids).toEqual(
          fake.data.contacts
            .list()
            .filter((r) => evaluate(r, query as Node))
            .map((r) => r.id),
        );
      }),
      { numRuns: 60 },
    );
  });

  test("a query Intercom refuses is a 400 naming where: too deep, too wide, unknown field, operator not allowed", async () => {
    const fake = createFakeIntercom({ manifest });
    const leaf = { field: "name", operator: "=", value: "a" };
    const cases = [
      [{ operator: "AND", value: [{ operator: "OR", value: [{ operator: "AND", value: [leaf] }] }] }, "parameter_invalid", "query.value[0].value[0]"],
      [{ operator: "OR", value: Array.from({ length: 16 }, () => leaf) }, "parameter_invalid", "query"],
      [{ field: "no_such_field", operator: "=", value: "a" }, "invalid_field", "query"],
      [{ field: "name", operator: ">", value: "a" }, "parameter_invalid", "query"],
    ] as const;
    for (const [query, code, field] of cases) {
      const result = await searchIds(fake, "contacts", query);
      expect(result.status).toBe(400);
      expect(result.body.errors).toMatchObject([{ code, field }]);
    }
    const tooMany = await fake.fetch(`${fake.baseUrl}/contacts/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}` },
      body: JSON.stringify({ query: leaf, pagination: { per_page: 151 } }),
    });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Json).errors).toMatchObject([{ field: "pagination.per_page" }]);
  });
});

test("a tag on a conversation is found by tag_ids, and gone once untagged", async () => {
  const fake = createFakeIntercom({ manifest: manifest216 });
  const contactId = fake.data.contacts.create({ email: "t@x.io" }).id as string;
  const [first, second] = [fake.data.conversations.create({ contactId, body: "a" }), fake.data.conversations.create({ contactId, body: "b" })];
  const tag = fake.data.tags.create({ name: "urgent" });
  const send = (method: string, path: string, body: unknown) => fake.fetch(`${fake.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${fake.token}` }, body: JSON.stringify(body) });
  expect((await send("POST", `/conversations/${second.id}/tags`, { id: tag.id, admin_id: "1" })).status).toBe(200);
  expect((await searchIds(fake, "conversations", { field: "tag_ids", operator: "=", value: tag.id })).ids).toEqual([second.id]);
  expect((await searchIds(fake, "conversations", { field: "tag_ids", operator: "!=", value: tag.id })).ids).toEqual([first.id]);
  expect((await send("DELETE", `/conversations/${second.id}/tags/${tag.id}`, { admin_id: "1" })).status).toBe(200);
  expect((await searchIds(fake, "conversations", { field: "tag_ids", operator: "=", value: tag.id })).ids).toEqual([]);
});

test("the search helper walks the fake's pages: every match once, in order, with Intercom's total_count", async () => {
  const fake = createFakeIntercom({ manifest: manifest211 });
  const intercom = createFull211({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
  const gold = [];
  for (let i = 0; i < 9; i++) {
    const c = fake.data.contacts.create({ email: `p${i}@x.io`, custom_attributes: { tier: i % 3 === 0 ? "silver" : "gold" } });
    if (i % 3 !== 0) gold.push(c.id);
  }
  const query = and(where("custom_attributes.tier", "=", "gold"), or(where("email", "$", "@x.io"), where("email", "=", "none")));
  const seen: unknown[] = [];
  for await (const contact of intercom.search.contacts(query, { perPage: 2 })) seen.push(contact.id);
  expect(seen).toEqual(gold);
  const pages = [];
  for await (const page of intercom.search.contacts(query, { perPage: 4 }).pages()) pages.push([page.items.length, page.totalCount]);
  expect(pages).toEqual([
    [4, 6],
    [2, 6],
  ]);
});
