import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { and, IntercomError, or, SearchQueryError, where, type Filter, type Query } from "../src/index.js";
import type { FieldInfo, ResourceSearchInfo } from "../src/helpers/search/index.js";
import { startPrism } from "../scripts/lib/prism.mjs";
import { json, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { pins, root, specFile } from "./support/versions.js";

/** A fetch that counts requests and remembers every `sl-violations` header Prism sent back. */
function observedFetch() {
  const seen = { requests: 0, violations: [] as string[], bodies: [] as unknown[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.requests++;
    seen.bodies.push(JSON.parse(await request.clone().text()));
    const response = await globalThis.fetch(request);
    const violations = response.headers.get("sl-violations");
    if (violations) seen.violations.push(violations);
    return response;
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

const versions = await Promise.all(
  pins.map(async (pin) => ({ key: pin.key, entry: await import(`${root}/generated/${pin.key}/index.ts`), meta: await import(`${root}/generated/${pin.key}/meta.ts`) })),
);
const v211 = versions.find((v) => v.key === "2.11")!;
const _contacts211: ResourceSearchInfo = v211.meta.search.contacts;

describe("where, and, or", () => {
  test("build the API's own JSON, dates as UNIX seconds", () => {
    const query = and(where("email", "~", "@example.com"), or(where("created_at", ">", new Date("2024-01-02T03:04:05Z")), where("role", "IN", ["lead"])));
    expect(JSON.parse(JSON.stringify(query))).toEqual({
      operator: "AND",
      value: [
        { field: "email", operator: "~", value: "@example.com" },
        {
          operator: "OR",
          value: [
            { field: "created_at", operator: ">", value: 1704164645 },
            { field: "role", operator: "IN", value: ["lead"] },
          ],
        },
      ],
    });
  });
});

describe("runtime rules (2.11 contacts, from its tables)", () => {
  const reject = (query: unknown) => {
    const intercom = v211.entry.createIntercom({ token: "t", fetch: () => Promise.reject(new Error("must not be called")) });
    try {
      intercom.search.contacts(query);
    } catch (error) {
      expect(error).toBeInstanceOf(SearchQueryError);
      return (error as Error).message;
    }
    throw new Error("accepted");
  };

  test.each([
    [and(where("email", "=", "a"), and(where("created_at", ">=", 1700000000))), 'query.value[1].value[0]: operator ">=" is not allowed on Date field "created_at" (allowed: = > <)'],
    [where("email", ">", "a"), 'query: operator ">" is not allowed on String field "email"'],
    [where("owner_id", "~", 1), 'query: operator "~" is not allowed on Integer field "owner_id"'],
    [where("tag_id", "IN", ["1"]), 'query: operator "IN" is not allowed on String field "tag_id" (allowed: = !=)'],
    [where("last_seen_at", "!=", 1700000000), 'query: operator "!=" is not allowed on Date field "last_seen_at"'],
    [where("email", "IN", "a@b.c"), 'query: operator "IN" takes a non-empty array'],
    [where("email", "NIN", []), 'query: operator "NIN" takes a non-empty array'],
    [where("email", "=", ["a"]), 'query: operator "=" takes a single value, not an array (use IN or NIN)'],
    [where("owner_id", "=", "7"), 'query.value: field "owner_id" takes Integer, got "7"'],
    [where("created_at", "=", 1700000000000), "query.value: 1700000000000 looks like milliseconds; Intercom takes UNIX seconds"],
    [where("created_at", "=", "yesterday"), 'query.value: "yesterday" is not a valid date'],
    [where("colour", "=", "red"), 'query: unknown field "colour"; this version\'s search accepts id, role, name'],
    [where("unsubscribed_from_emails", "IN", [true]), "query.value[0]: the request schema takes no boolean inside an IN array (it takes string, integer)"],
    [and(or(and(where("email", "=", "a")))), "query.value[0].value[0]: groups nest at most 2 levels deep"],
    [and(...Array.from({ length: 16 }, (_, i) => where("email", "=", `${i}`))), "query: an AND group holds at most 15 filters, got 16"],
    [or(), "query: an OR group needs a non-empty array of filters"],
    [{ field: "email", operator: "LIKE", value: "a" }, 'query: unknown operator "LIKE"'],
    [null, "query: expected a filter"],
  ])("%j", (query, message) => {
    expect(reject(query)).toContain(message);
  });

  test("ISO strings on a Date field become UNIX seconds; custom attributes take any name", async () => {
    const { seen, fetch } = observedFetch();
    const intercom = v211.entry.createIntercom({ token: "t", baseUrl: inject("prism")["2.11"], fetch, retry: 0 });
    const query = and(where("created_at", ">", "2024-01-01T00:00:00Z"), where("custom_attributes.plan", "=", "pro"));
    await intercom.search.contacts(query, { perPage: 1 }).pages()[Symbol.asyncIterator]().next();
    expect((seen.bodies[0] as { query: Query }).query).toEqual({
      operator: "AND",
      value: [
        { field: "created_at", operator: ">", value: 1704067200 },
        { field: "custom_attributes.plan", operator: "=", value: "pro" },
      ],
    });
    expect(seen.violations).toEqual([]);
  });

  test.each([0, 151, 1.5])("perPage %s is refused before any request", (perPage) => {
    const intercom = v211.entry.createIntercom({ token: "t", fetch: () => Promise.reject(new Error("must not be called")) });
    expect(() => intercom.search.contacts(where("email", "=", "a"), { perPage })).toThrow(/perPage: must be an integer from 1 to 150/);
  });
});

describe("search resources come from the spec, per version", () => {
  test.each(pins.map((p) => p.key))("%s: one helper per operation with Accepted Fields and Accepted Operators tables, and no other", (key) => {
    const version = versions.find((v) => v.key === key)!;
    const spec = JSON.parse(readFileSync(specFile(key), "utf8"));
    const withTables: string[] = [];
    for (const [path, item] of Object.entries<Record<string, { description?: string }>>(spec.paths)) {
      for (const op of Object.values(item)) {
        if (/### Accepted Fields/.test(op?.description ?? "") && /### Accepted Operators/.test(op?.description ?? "")) withTables.push(path);
      }
    }
    expect(
      Object.values<{ path: string }>(version.meta.search)
        .map((r) => r.path)
        .sort(),
    ).toEqual(withTables.sort());
    const intercom = version.entry.createIntercom({ token: "t" });
    expect(Object.keys(intercom.search).sort()).toEqual(withTables.map((p) => p.split("/")[1]).sort());
    expect(withTables.length).toBeGreaterThanOrEqual(2);
  });

  test("only Preview has search.companies; 2.16 and 2.11 have none at run time", () => {
    expect(Object.keys(versions.find((v) => v.key === "unstable")!.meta.search)).toContain("companies");
    for (const key of ["2.11", "2.16"]) expect(versions.find((v) => v.key === key)!.entry.createIntercom({ token: "t" }).search.companies).toBeUndefined();
  });

  const preview = () => versions.find((v) => v.key === "unstable")!.entry.createIntercom({ token: "t", fetch: () => Promise.reject(new Error("must not be called")) });
  test.each([
    [where("tag_id", "IN", ["1"]), 'operator "IN" is not allowed on String field "tag_id" (allowed: = !=)'],
    [where("created_at", "NIN", [1700000000]), 'operator "NIN" is not allowed on Date field "created_at"'],
    [where("plan.id", "=", "1"), 'field "plan.id" is not searchable'],
    [where("plan.name", "=", "pro"), 'field "plan.name" is not searchable'],
    [where("monthly_spend", ">=", 3), 'operator ">=" is not allowed on Integer field "monthly_spend"'],
  ])("Preview companies refuse %j from the description's prose rules, before any request", (query, message) => {
    expect(() => preview().search.companies(query)).toThrow(SearchQueryError);
    expect(() => preview().search.companies(query)).toThrow(message);
  });
});

// ---- property-based: what the builder accepts, the validator and Prism accept; what breaks a rule is refused ----

const SCALARS: Record<string, fc.Arbitrary<unknown>> = {
  String: fc.string({ minLength: 1, maxLength: 12 }),
  Integer: fc.integer({ min: 0, max: 1_000_000 }),
  // The request schemas take integers only, so a Float field is searched with whole numbers.
  Float: fc.integer({ min: 0, max: 1_000_000 }),
  Boolean: fc.boolean(),
  Date: fc.oneof(fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.date({ min: new Date("2001-09-09"), max: new Date("2033-05-18"), noInvalidDate: true })),
  Datetime: fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
};
const STRING_OPS = ["~", "!~", "^", "$"];
const ORDER_OPS = [">", "<", ">=", "<="];
const jsonKind: Record<string, string> = { String: "string", Integer: "integer", Float: "integer", Boolean: "boolean", Date: "integer", Datetime: "integer" };

/** The (operator, type) pairs a field can really be searched with. */
function searchable(info: ResourceSearchInfo, field: FieldInfo) {
  return field.operators.flatMap((op) =>
    field.types
      .filter((t) => (STRING_OPS.includes(op) ? t === "String" : ORDER_OPS.includes(op) ? t !== "String" && t !== "Boolean" : true))
      .filter((t) => !["IN", "NIN"].includes(op) || (info.values?.array ?? ["string", "integer"]).includes(jsonKind[t]!))
      .filter((t) => (info.values?.scalar ?? ["string", "integer", "boolean"]).includes(jsonKind[t]!))
      .map((type) => ({ op, type })),
  );
}

function filterArb(info: ResourceSearchInfo): fc.Arbitrary<Filter> {
  const choices = Object.entries(info.fields).flatMap(([name, field]) => searchable(info, field).map((c) => ({ name, ...c })));
  return fc.constantFrom(...choices).chain(({ name, op, type }) => {
    const field = name.endsWith("*") ? fc.stringMatching(/^[a-z][a-z_]{0,10}$/).map((s) => `${name.slice(0, -1)}${s}`) : fc.constant(name);
    const value = ["IN", "NIN"].includes(op) ? fc.array(SCALARS[type]!, { minLength: 1, maxLength: 4 }) : SCALARS[type]!;
    return fc.tuple(field, value).map(([f, v]) => where(f, op as never, v) as Filter);
  });
}

function queryArb(info: ResourceSearchInfo): fc.Arbitrary<Query> {
  const filter = filterArb(info);
  const group = (child: fc.Arbitrary<Query>) => fc.tuple(fc.boolean(), fc.array(child, { minLength: 1, maxLength: 15 })).map(([isAnd, children]) => (isAnd ? and(...children) : or(...children)));
  return fc.oneof(filter, group(filter), group(fc.oneof(filter, group(filter))));
}

for (const version of versions) {
  describe(`properties, ${version.key}`, () => {
    for (const resource of Object.keys(version.meta.search)) {
      const info: ResourceSearchInfo = version.meta.search[resource];

      test(`${resource}: every built query passes the validator and Prism`, async () => {
        const { seen, fetch } = observedFetch();
        const intercom = version.entry.createIntercom({ token: "t", baseUrl: inject("prism")[version.key], fetch, retry: 0 });
        await fc.assert(
          fc.asyncProperty(queryArb(info), async (query) => {
            const before = seen.requests;
            const page = await intercom.search[resource](query, { perPage: 2 }).pages()[Symbol.asyncIterator]().next();
            expect(page.done).toBe(false);
            expect(seen.requests).toBe(before + 1);
            expect(seen.violations).toEqual([]);
          }),
          { numRuns: 15 },
        );
      });

      test(`${resource}: a query that breaks one rule is refused at its path, before any request`, () => {
        const { seen, fetch } = observedFetch();
        const intercom = version.entry.createIntercom({ token: "t", baseUrl: "http://127.0.0.1:9", fetch });
        // A plain String field of this resource that takes = and IN, for the breaks that are about structure.
        const text = Object.entries(info.fields).find(([name, f]) => !name.endsWith("*") && f.types.includes("String") && f.operators.includes("=") && f.operators.includes("IN"))![0];
        const breaks: fc.Arbitrary<{ bad: unknown; rule: string }> = fc.oneof(
          // an operator outside the field's list
          fc.constantFrom(...Object.entries(info.fields).filter(([, f]) => f.operators.length < 12)).map(([name, f]) => {
            const op = ["=", "!=", "IN", "NIN", ">", "<", ">=", "<=", "~", "!~", "^", "$"].find((o) => !f.operators.includes(o as never))!;
            const field = name.endsWith("*") ? `${name.slice(0, -1)}x` : name;
            return { bad: { field, operator: op, value: "x" }, rule: `operator "${op}" is not allowed` };
          }),
          fc.constant({ bad: { field: "no_such_field_anywhere", operator: "=", value: "x" }, rule: "unknown field" }),
          fc.constant({ bad: or(and(where(text, "=", "x"))), rule: "groups nest at most 2 levels" }),
          fc.constant({ bad: { operator: "OR", value: Array.from({ length: 16 }, () => where(text, "=", "x")) }, rule: "at most 15 filters" }),
          fc.constant({ bad: where(text, "IN", []), rule: "takes a non-empty array" }),
        );
        fc.assert(
          fc.property(queryArb(info), breaks, fc.nat(), (query, { bad, rule }, at) => {
            // Room for the bad child: a full group of 15 would break the size rule first.
            const children = ("field" in query ? [query] : [...query.value]).slice(0, 14);
            const index = at % (children.length + 1);
            children.splice(index, 0, bad as Query);
            const broken = { operator: "AND" as const, value: children };
            let error: unknown;
            try {
              intercom.search[resource](broken);
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(SearchQueryError);
            // The nesting break is a group whose child is too deep; every other break is the filter itself.
            const path = rule.includes("nest") ? `query.value[${index}].value[0]` : `query.value[${index}]`;
            expect((error as SearchQueryError).path).toBe(path);
            expect((error as SearchQueryError).rule).toContain(rule);
          }),
          { numRuns: 100 },
        );
        expect(seen.requests).toBe(0);
      });
    }
  });
}

// ---- pagination through a stateful fake, behind Prism's validating proxy ----

describe("pagination (2.11, fake behind prism proxy --errors)", () => {
  const total = 7;
  let fake: FakeServer;
  let proxy: { url: string; stop(): Promise<void> };
  let failOnPage: number | undefined;
  let template: Record<string, unknown>;
  const contact = (i: number) => ({ ...template, id: `c${i}`, email: `c${i}@example.com` });

  beforeAll(async () => {
    // A contact that satisfies 2.11's schema, as Prism generates one: several of the schema's own
    // examples do not (a `type` declared as a URI, for one), so they cannot serve as the template.
    const mock = v211.entry.createIntercom({ token: "t", baseUrl: inject("prism")["2.11"] });
    template = (await mock.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } })).data;
    fake = await startFakeServer((req, res) => {
      const body = JSON.parse(req.body) as { pagination?: { per_page?: number; starting_after?: string } };
      const perPage = body.pagination?.per_page ?? 50;
      const start = body.pagination?.starting_after ? Number(body.pagination.starting_after.slice(1)) + 1 : 0;
      const page = Math.floor(start / perPage) + 1;
      if (page === failOnPage) return json(res, 401, { type: "error.list", request_id: "2b28c47b-8fa3-4e17-8fc1-6ba80f1cc844", errors: [{ code: "unauthorized", message: "Access Token Invalid" }] });
      const data = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => contact(start + i));
      const last = data.at(-1);
      const next = start + data.length < total && last ? { per_page: perPage, starting_after: last.id } : null;
      json(res, 200, { type: "list", data, total_count: total, pages: { type: "pages", page, per_page: perPage, total_pages: Math.ceil(total / perPage), next } });
    });
    proxy = await startPrism(specFile("2.11"), { mode: "proxy", upstream: fake.url });
  });
  afterAll(async () => {
    await proxy?.stop();
    await fake?.close();
  });

  const client = () => {
    fake.requests.length = 0;
    const observed = observedFetch();
    return { ...observed, intercom: v211.entry.createIntercom({ token: "t", baseUrl: proxy.url, fetch: observed.fetch, retry: 0 }) };
  };

  test("every item, in order, one request per page", async () => {
    const { intercom, seen } = client();
    const ids: string[] = [];
    for await (const c of intercom.search.contacts(where("email", "~", "@example.com"), { perPage: 3 })) ids.push(c.id);
    expect(ids).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"]);
    expect(fake.requests.map((r) => JSON.parse(r.body).pagination)).toEqual([{ per_page: 3 }, { per_page: 3, starting_after: "c2" }, { per_page: 3, starting_after: "c5" }]);
    expect(seen.violations).toEqual([]);
  });

  test("pages() gives items, total and cursor; startingAfter resumes", async () => {
    const { intercom } = client();
    const first = await intercom.search
      .contacts(where("email", "~", "@"), { perPage: 3 })
      .pages()
      [Symbol.asyncIterator]()
      .next();
    expect(first.value).toMatchObject({ totalCount: 7, next: "c2" });
    expect(first.value.items.map((c: { id: string }) => c.id)).toEqual(["c0", "c1", "c2"]);
    const rest: string[] = [];
    for await (const c of intercom.search.contacts(where("email", "~", "@"), { perPage: 3, startingAfter: first.value.next })) rest.push(c.id);
    expect(rest).toEqual(["c3", "c4", "c5", "c6"]);
  });

  test("limit stops early and asks for no more than it needs", async () => {
    const { intercom } = client();
    const ids: string[] = [];
    for await (const c of intercom.search.contacts(where("email", "~", "@"), { perPage: 3, limit: 4 })) ids.push(c.id);
    expect(ids).toEqual(["c0", "c1", "c2", "c3"]);
    expect(fake.requests.map((r) => JSON.parse(r.body).pagination.per_page)).toEqual([3, 1]);
  });

  test("an abort stops mid-way", async () => {
    const { intercom } = client();
    const controller = new AbortController();
    const ids: string[] = [];
    const run = async () => {
      for await (const c of intercom.search.contacts(where("email", "~", "@"), { perPage: 3, signal: controller.signal })) {
        ids.push(c.id);
        if (ids.length === 4) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    expect(ids).toEqual(["c0", "c1", "c2", "c3"]);
    expect(fake.requests).toHaveLength(2);
  });

  test("an error on page 3 surfaces as IntercomError after pages 1 and 2", async () => {
    const { intercom } = client();
    failOnPage = 3;
    const ids: string[] = [];
    try {
      const error = await (async () => {
        for await (const c of intercom.search.contacts(where("email", "~", "@"), { perPage: 3 })) ids.push(c.id);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntercomError);
      expect(error).toMatchObject({ status: 401, code: "unauthorized", requestId: "2b28c47b-8fa3-4e17-8fc1-6ba80f1cc844" });
      expect(ids).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
      expect(fake.requests).toHaveLength(3);
    } finally {
      failOnPage = undefined;
    }
  });
});
