import { describe, expectTypeOf, test } from "vitest";
import { and, or, where } from "../src/index.js";
import { createIntercom, type components } from "../generated/2.11/index.js";
import { createIntercom as create210 } from "../generated/2.10/index.js";
import { createIntercom as createUnstable, type components as CUnstable } from "../generated/unstable/index.js";

const intercom = createIntercom({ token: "t" });

describe("fields and operators per resource", () => {
  test("a field the resource lists, with an operator its type allows, compiles", () => {
    intercom.search.contacts(where("email", "~", "@example.com"));
    intercom.search.contacts(and(where("created_at", ">", new Date()), or(where("role", "=", "lead"), where("tag_id", "!=", "123"))));
    intercom.search.contacts({ field: "custom_attributes.plan", operator: "IN", value: ["pro", "team"] });
    intercom.search.conversations(where("admin_assignee_id", ">", 3));
    // @ts-expect-error the conversations table has no >= at all
    intercom.search.conversations(where("admin_assignee_id", ">=", 3));
    intercom.search.tickets(where("ticket_attribute.priority", "=", true));
  });

  test("an unknown field is a type error", () => {
    // @ts-expect-error contacts have no `colour` field
    intercom.search.contacts(where("colour", "=", "red"));
    // @ts-expect-error `source.type` is a conversation field, not a contact one
    intercom.search.contacts({ field: "source.type", operator: "=", value: "email" });
  });

  test("an operator the field's type does not allow is a type error", () => {
    // @ts-expect-error >= is for Integer fields; created_at is a Date
    intercom.search.contacts(where("created_at", ">=", 1700000000));
    // @ts-expect-error != is not allowed on Date fields of contacts
    intercom.search.contacts(where("last_seen_at", "!=", 1700000000));
    // @ts-expect-error ~ is for strings; owner_id is an Integer
    intercom.search.contacts(where("owner_id", "~", 1));
    // @ts-expect-error tag_id only takes = and !=
    intercom.search.contacts(where("tag_id", "IN", ["1", "2"]));
    // @ts-expect-error > is for integers and dates, not strings
    intercom.search.tickets({ field: "title", operator: ">", value: "a" });
  });

  test("values follow the field's type and the operator", () => {
    // @ts-expect-error owner_id is an Integer
    intercom.search.contacts(where("owner_id", "=", "7"));
    // @ts-expect-error IN takes an array
    intercom.search.contacts(where("email", "IN", "a@b.c"));
    // @ts-expect-error IN takes a non-empty array
    intercom.search.contacts(where("email", "IN", []));
    // @ts-expect-error = takes one value
    intercom.search.contacts(where("email", "=", ["a@b.c"]));
  });

  test("groups nest two levels at most", () => {
    intercom.search.contacts(and(or(where("email", "=", "a"), where("email", "=", "b")), where("role", "=", "user")));
    // @ts-expect-error three levels of groups
    intercom.search.contacts(and(or(and(where("email", "=", "a")))));
  });

  test("each version has its own fields: Unstable contacts take >= on created_at", () => {
    createUnstable({ token: "t" }).search.contacts(where("created_at", ">=", 1700000000));
    // @ts-expect-error but 2.10's do not
    create210({ token: "t" }).search.contacts(where("created_at", ">=", 1700000000));
  });
});

describe("search resources come from the manifest", () => {
  test("Unstable (Preview) has search.companies, with its own tables and prose rules", () => {
    const preview = createUnstable({ token: "t" });
    preview.search.companies(and(where("name", "~", "acme"), where("monthly_spend", ">", 100), where("created_at", "<", new Date())));
    preview.search.companies(where("custom_attributes.plan_tier", "=", "gold"));
    // @ts-expect-error tag_id only takes = and != ("Searching by `tag_id` supports only the `=` and `!=` operators")
    preview.search.companies(where("tag_id", "IN", ["1"]));
    // @ts-expect-error "The `IN` and `NIN` operators are not supported for Date fields"
    preview.search.companies(where("created_at", "IN", [1700000000]));
    // @ts-expect-error plan.id is not searchable
    preview.search.companies(where("plan.id", "=", "1"));
    // @ts-expect-error the companies table has no >= at all
    preview.search.companies(where("monthly_spend", ">=", 1));
  });

  test("items are the version's company schema", async () => {
    for await (const company of createUnstable({ token: "t" }).search.companies(where("name", "=", "acme"))) {
      expectTypeOf(company).toEqualTypeOf<CUnstable["schemas"]["company"]>();
    }
  });

  test("a version without the endpoint has no helper", () => {
    // @ts-expect-error 2.11 has no POST /companies/search
    void intercom.search.companies;
    // @ts-expect-error nor has 2.10
    void create210({ token: "t" }).search.companies;
    expectTypeOf<keyof typeof intercom.search>().toEqualTypeOf<"contacts" | "conversations" | "tickets">();
  });
});

describe("results", () => {
  test("items are the version's own schemas", async () => {
    for await (const contact of intercom.search.contacts(where("email", "=", "a@b.c"))) {
      expectTypeOf(contact).toEqualTypeOf<components["schemas"]["contact"]>();
    }
    for await (const page of intercom.search.tickets(where("open", "=", true)).pages()) {
      expectTypeOf(page.items).toEqualTypeOf<components["schemas"]["ticket"][]>();
      expectTypeOf(page.next).toEqualTypeOf<string | undefined>();
    }
  });
});
