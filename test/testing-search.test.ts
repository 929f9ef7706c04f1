// The fake's search against an independent oracle: for every field and operator the version's
// manifest lists (contacts and conversations, on 2.11 and 2.16), random records and a random
// query value, the fake's answer must equal a plain filter written here from Intercom's documented
// semantics; the same for tickets (with the version's description), read from each ticket as the
// version renders it. Then nesting, Intercom's limits, and paging through the library's search helper.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { manifest as manifest211 } from "../generated/2.11/core.js";
import { manifest as manifest216 } from "../generated/2.16/core.js";
import { createIntercom as createFull211 } from "../generated/2.11/index.js";
import { description as description211 } from "../generated/2.11/testing.js";
import { description as description216 } from "../generated/2.16/testing.js";
import { and, or, where } from "../src/helpers/search/query.js";
import { createFakeIntercom, type FakeIntercom, type Json } from "../src/testing/index.js";

const VERSIONS = { "2.11": manifest211, "2.16": manifest216 } as const;
type Manifest = (typeof VERSIONS)[keyof typeof VERSIONS];
type Resource = "contacts" | "conversations" | "tickets";

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
  if (resource === "tickets") {
    // "Most keys listed as part of the Ticket model are searchable": title and description are the
    // default attributes, state is 2.11's string or, from 2.12, the `ticket_state` object's category,
    // and assignee ids are ids (String in the field table) whether the version renders them as strings or integers.
    const attributes = record.ticket_attributes as Json;
    if (field === "title") return attributes._default_title_;
    if (field === "description") return attributes._default_description_;
    if (field === "ticket_type_id") return (record.ticket_type as Json | undefined)?.id;
    if (field === "state") return typeof record.ticket_state === "string" ? record.ticket_state : (record.ticket_state as Json).category;
    if (field === "admin_assignee_id" || field === "team_assignee_id") return record[field] === null || record[field] === undefined ? record[field] : String(record[field]);
    if (field === "teammate_ids")
      return [
        ...new Set(
          ((record.ticket_parts as Json).ticket_parts as Json[])
            .map((p) => p.author as Json)
            .filter((a) => a.type === "admin")
            .map((a) => String(a.id)),
        ),
      ];
    if (field.startsWith("ticket_attribute.")) return attributes[field.slice("ticket_attribute.".length)];
  }
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

// ---- tickets: seeded through the fake's data API and routes, read back as the version renders them ----

const TICKET_VERSIONS = { "2.11": [manifest211, description211], "2.16": [manifest216, description216] } as const;
const CATEGORIES = ["Customer", "Back-office", "Tracker"] as const;
const TICKET_STATES = ["submitted", "in_progress", "waiting_on_customer", "resolved"] as const;
/** Ids of a fresh fake: ticket types 101-103 (one per category, in that order), contacts, admins (1 is the fake's own). */
const TYPE_IDS = ["101", "102", "103"];
const CONTACT_IDS = ["c00000000000000000000001", "c00000000000000000000002", "c00000000000000000000003"];
const ADMIN_IDS = ["1", "2", "3"];
const TICKET_STRINGS = [...STRINGS, ...TYPE_IDS, ...CONTACT_IDS.slice(1), ...ADMIN_IDS, "0", "5", ...CATEGORIES, "Back", ...TICKET_STATES, "progress"];
/** The attribute data type Intercom creates for each search type of `ticket_attribute.*`. */
const DATA_TYPES = { String: "string", Integer: "integer", Float: "decimal", Boolean: "boolean", Date: "datetime" } as const;
/**
 * The manifest gives `ticket_attribute.*` one operator list for all its types; Intercom documents
 * `~ ^ $` for strings and `> <` for numbers and dates, so each type is tested with the operators its type takes.
 */
const OPERATORS_OF: Record<string, readonly string[]> = {
  String: ["=", "!=", "IN", "NIN", "~", "!~", "^", "$"],
  Boolean: ["=", "!=", "IN", "NIN"],
  Integer: ["=", "!=", "IN", "NIN", ">", "<", ">=", "<="],
  Float: ["=", "!=", "IN", "NIN", ">", "<", ">=", "<="],
  Date: ["=", "!=", "IN", "NIN", ">", "<", ">=", "<="],
};
const attributeName = (type: string) => `${type.toLowerCase()}_attribute`;

/** The value each ticket gets for the field under test (null: none), and the values queried. */
function ticketValues(field: string, type: string): { record: fc.Arbitrary<unknown>; query: fc.Arbitrary<string | number | boolean> } {
  const strings = fc.constantFrom(...TICKET_STRINGS);
  const query = type === "String" ? strings : scalar(type);
  switch (field) {
    case "id":
      return { record: fc.constant(null), query };
    case "created_at":
    case "updated_at":
      return { record: scalar("Date"), query };
    case "category":
      return { record: fc.constantFrom(...CATEGORIES), query };
    case "ticket_type_id":
      return { record: fc.constantFrom(...TYPE_IDS), query };
    case "contact_ids":
      return { record: fc.constantFrom(...CONTACT_IDS), query };
    case "teammate_ids":
      return { record: fc.subarray(ADMIN_IDS), query };
    case "admin_assignee_id":
    case "team_assignee_id":
      // Stored as Intercom's integers (0: unassigned), rendered as the version does.
      return { record: fc.constantFrom(0, 1, 2, 5), query };
    case "open":
      return { record: fc.boolean(), query };
    case "state":
      return { record: fc.constantFrom(...TICKET_STATES), query };
    default:
      return { record: fc.option(type === "String" ? strings : scalar(type), { nil: null }), query };
  }
}

type TicketVersion = (typeof TICKET_VERSIONS)[keyof typeof TICKET_VERSIONS];

async function ticketWorld([manifest, description]: TicketVersion) {
  const fake = createFakeIntercom({ manifest, description });
  const send = async (method: string, path: string, body: unknown) => {
    const response = await fake.fetch(`${fake.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await response.json()) as Json;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  for (const name of ["Two", "Three"]) fake.data.admins.create({ name, email: `${name.toLowerCase()}@x.io` });
  for (const i of [1, 2, 3]) fake.data.contacts.create({ email: `t${i}@x.io` });
  for (const category of CATEGORIES) {
    const type = fake.data.ticketTypes.create({ name: category, category });
    for (const [searchType, data_type] of Object.entries(DATA_TYPES))
      await send("POST", `/ticket_types/${type.id}/attributes`, { name: attributeName(searchType), description: searchType, data_type });
  }
  expect([fake.data.ticketTypes.list().map((t) => t.id), fake.data.contacts.list().map((c) => c.id), fake.data.admins.list().map((a) => String(a.id))]).toEqual([TYPE_IDS, CONTACT_IDS, ADMIN_IDS]);
  const states = (await fake.fetch(`${fake.baseUrl}/ticket_states`, { headers: { authorization: `Bearer ${fake.token}` } }).then((r) => r.json())) as { data: Json[] };
  return { fake, send, stateId: (category: unknown) => String(states.data.find((s) => s.category === category)!.id) };
}

const RAW_TICKET_FIELDS = new Set(["created_at", "updated_at", "snoozed_until", "admin_assignee_id", "team_assignee_id", "open"]);

describe.each(Object.entries(TICKET_VERSIONS))("%s: every ticket field and operator of the manifest", (version, versionInfo: TicketVersion) => {
  const info = versionInfo[0].search.tickets;
  const cases = Object.entries(info.fields).flatMap(([name, { types, operators }]) =>
    name === "ticket_attribute.*"
      ? types.map((type) => ({ field: `ticket_attribute.${attributeName(type)}`, type, operators: operators.filter((o) => OPERATORS_OF[type]!.includes(o)) }))
      : [{ field: name, type: types[0]!, operators: [...operators] }],
  );

  test("the cases cover every field, and each of ticket_attribute.*'s types", () => {
    expect(cases.length).toBe(Object.keys(info.fields).length - 1 + info.fields["ticket_attribute.*"].types.length);
  });

  for (const { field, type, operators } of cases) {
    test(`tickets ${field} (${type}: ${operators.join(" ")})`, async () => {
      const { record, query: scalarQuery } = ticketValues(field, type);
      const query = fc
        .constantFrom(...operators)
        .chain((operator) => (operator === "IN" || operator === "NIN" ? fc.array(scalarQuery, { minLength: 1, maxLength: 3 }) : scalarQuery).map((value) => ({ field, operator, value })));
      await fc.assert(
        fc.asyncProperty(fc.array(record, { maxLength: 6 }), query, async (values, q) => {
          const { fake, send, stateId } = await ticketWorld(versionInfo);
          for (const [i, value] of values.entries()) {
            const attribute = field.startsWith("ticket_attribute.") && value !== null ? { [field.slice("ticket_attribute.".length)]: value } : undefined;
            const ticket = fake.data.tickets.create({
              ticketTypeId: field === "ticket_type_id" ? (value as string) : field === "category" ? TYPE_IDS[CATEGORIES.indexOf(value as (typeof CATEGORIES)[number])]! : TYPE_IDS[i % 3]!,
              contactId: field === "contact_ids" ? (value as string) : CONTACT_IDS[0]!,
              title: field === "title" && value !== null ? (value as string) : undefined,
              description: field === "description" && value !== null ? (value as string) : undefined,
              attributes: attribute,
              raw: RAW_TICKET_FIELDS.has(field) ? { [field]: value } : undefined,
            });
            // A new ticket is submitted; 2.11's update takes only the states a ticket moves to.
            if (field === "state" && value !== "submitted") await send("PUT", `/tickets/${ticket.id}`, version === "2.11" ? { state: value } : { ticket_state_id: stateId(value) });
            if (field === "teammate_ids")
              for (const admin of value as string[]) await send("POST", `/tickets/${ticket.id}/reply`, { type: "admin", message_type: "note", admin_id: admin, body: "seen" });
          }
          const result = await searchIds(fake, "tickets", q);
          // The request schema takes strings, integers and booleans (integers and strings in IN/NIN):
          // Intercom refuses a query with any other value, a decimal one included.
          const kind = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v);
          const allowed: readonly string[] = (Array.isArray(q.value) ? info.values?.array : info.values?.scalar) ?? [];
          if ((Array.isArray(q.value) ? q.value : [q.value]).some((v) => !allowed.includes(kind(v)))) {
            expect(result.status).toBe(400);
            return;
          }
          const stored = await Promise.all(fake.data.tickets.list().map((t) => send("GET", `/tickets/${t.id}`, undefined)));
          const expected = stored.filter((t) => holds(type, q.operator, fieldValue("tickets", t, field), q.value)).map((t) => t.id);
          expect(result.status).toBe(200);
          expect(result.ids).toEqual(expected);
          expect(result.body.total_count).toBe(expected.length);
        }),
        { numRuns: 40 },
      );
    });
  }
});
