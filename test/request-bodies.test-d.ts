// Request bodies as the descriptions define them, in every pinned version (scripts/lib/typegen.mjs):
// property-less objects (custom_attributes, ticket_attributes) take and expose any key; the bodies
// upstream constrains with `anyOf` branches of `required` lists are checked, not `unknown`; a
// property with a `default` may be left out. Each check both accepts a right body and rejects a
// wrong one, and first asserts that the body is a real type, so none can pass on `any`, `unknown`
// or `never`. test/request-bodies.test.ts checks every operation of every version the same way.
import { describe, expectTypeOf, test } from "vitest";
import type { paths as P210 } from "../generated/2.10/schema.js";
import { createIntercom as create211, type paths as P211 } from "../generated/2.11/index.js";
import type { paths as P212 } from "../generated/2.12/schema.js";
import type { paths as P213 } from "../generated/2.13/schema.js";
import type { paths as P214 } from "../generated/2.14/schema.js";
import type { paths as P215 } from "../generated/2.15/schema.js";
import { type components as C216, createIntercom as create216, type paths as P216 } from "../generated/2.16/index.js";
import type { paths as P27 } from "../generated/2.7/schema.js";
import type { paths as P28 } from "../generated/2.8/schema.js";
import type { paths as P29 } from "../generated/2.9/schema.js";
import { createIntercom as createUnstable, type paths as PUnstable } from "../generated/unstable/index.js";

type Versions = {
  "2.7": P27;
  "2.8": P28;
  "2.9": P29;
  "2.10": P210;
  "2.11": P211;
  "2.12": P212;
  "2.13": P213;
  "2.14": P214;
  "2.15": P215;
  "2.16": P216;
  unstable: PUnstable;
};
/** `true` in the versions listed, "absent" (the version has no such operation) in the others. */
type In<Keys extends keyof Versions> = { [V in keyof Versions]: V extends Keys ? true : "absent" };
type Everywhere = In<keyof Versions>;

// Path templates name their parameter differently across versions (`{id}`, `{contact_id}`).
type Operation<P, Paths extends string, M extends string> = [Extract<keyof P, Paths>] extends [never]
  ? "absent"
  : M extends keyof P[Extract<keyof P, Paths>]
    ? NonNullable<P[Extract<keyof P, Paths>][M]>
    : "absent";
type JsonBody<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : "absent";
type JsonOk<O> = O extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : "absent";
/** `true` for a real type; otherwise which of the three it is. */
type Checked<T> = 0 extends 1 & T ? "any" : unknown extends T ? "unknown" : [T] extends [never] ? "never" : true;
/** `true` when the body is a real type, takes every `Good` and no `Bad`. */
type Takes<B, Good, Bad = never> = [B] extends ["absent"]
  ? "absent"
  : Checked<B> extends true
    ? [Good] extends [B]
      ? [Bad] extends [never]
        ? true
        : Bad extends B
          ? "accepts a wrong body"
          : true
      : "rejects a right body"
    : Checked<B>;

type ContactUpdate<P> = JsonBody<Operation<P, "/contacts/{id}" | "/contacts/{contact_id}", "put">>;
type ContactRead<P> = JsonOk<Operation<P, "/contacts/{id}" | "/contacts/{contact_id}", "get">>;
type Body<P, Path extends string, M extends string = "post"> = JsonBody<Operation<P, Path, M>>;

describe("objects declared without properties take any key", () => {
  test("PUT /contacts/{id} sets custom attributes of every JSON scalar type", () => {
    type Sets<P> = Takes<ContactUpdate<P>, { custom_attributes: { plan: "pro" } } | { custom_attributes: { seats: 3 } } | { custom_attributes: { trial: true } }, { custom_attributes: "pro" }>;
    expectTypeOf<{ [V in keyof Versions]: Sets<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("a contact's custom attributes are read back as unknown values, not never", () => {
    type Plan<P> =
      ContactRead<P> extends { custom_attributes?: infer A }
        ? Checked<NonNullable<A>> extends true
          ? Checked<NonNullable<A>[keyof NonNullable<A>]> extends "unknown"
            ? NonNullable<A> extends Record<string, unknown>
              ? true
              : "not a record"
            : "not unknown values"
          : Checked<NonNullable<A>>
        : "no custom_attributes";
    expectTypeOf<{ [V in keyof Versions]: Plan<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("PUT /tickets/{id} sets ticket attributes", () => {
    type Sets<P> = Takes<Body<P, "/tickets/{id}" | "/tickets/{ticket_id}", "put">, { ticket_attributes: { _default_title_: "Broken"; priority: 3; urgent: true } }, { ticket_attributes: "Broken" }>;
    expectTypeOf<{ [V in keyof Versions]: Sets<Versions[V]> }>().toEqualTypeOf<In<"2.9" | "2.10" | "2.11" | "2.12" | "2.13" | "2.14" | "2.15" | "2.16" | "unstable">>();
  });

  test("the client call compiles and the read compiles (2.11, 2.16, Preview)", async () => {
    const body = { custom_attributes: { plan: "pro", seats: 3, trial: true } };
    const a = await create211({ token: "t" }).PUT("/contacts/{contact_id}", { params: { path: { contact_id: "c" } }, body });
    expectTypeOf(a.data?.custom_attributes?.plan).toEqualTypeOf<unknown>();
    void create216({ token: "t" }).PUT("/contacts/{contact_id}", { params: { path: { contact_id: "c" } }, body });
    void createUnstable({ token: "t" }).PUT("/contacts/{id}", { params: { path: { id: "c" } }, body });
  });
});

describe("bodies constrained by anyOf branches are checked", () => {
  test("POST /contacts needs an email, an external_id or a role, and takes no wrong types", () => {
    type Checks<P> = Takes<Body<P, "/contacts">, { email: "a@example.com" } | { external_id: "42" } | { role: "lead" }, {} | { email: 42 } | { role: 42; totally: "wrong" }>;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("POST /messages needs its type, body, sender and recipient", () => {
    type Message = { message_type: "in_app"; body: "Hi"; from: { type: "admin"; id: 394051 }; to: { type: "user"; id: "536e564f316c83104c000020" } };
    type Checks<P> = Takes<Body<P, "/messages">, Message, 12345 | { message_type: "in_app" } | Omit<Message, "to">>;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("POST /events needs a name, a time and whom", () => {
    type Checks<P> = Takes<
      Body<P, "/events">,
      { event_name: "invited-friend"; created_at: 1671028894; user_id: "314159" } | { event_name: "invited-friend"; created_at: 1671028894; email: "a@example.com" },
      { event_name: "invited-friend" } | { event_name: "invited-friend"; created_at: 1671028894 } | { event_name: 1; created_at: 1; user_id: "314159" }
    >;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("PUT /visitors needs the visitor's id or user_id", () => {
    type Checks<P> = Takes<Body<P, "/visitors", "put">, { user_id: "123"; name: "Christian" } | { id: "8a88a590-e" }, { name: "Christian" } | { user_id: 123 }>;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("POST /visitors/convert needs the user's id or user_id, and the visitor's id, user_id or email", () => {
    type Checks<P> = Takes<
      Body<P, "/visitors/convert">,
      { type: "user"; user: { user_id: "u1" }; visitor: { email: "v@example.com" } } | { type: "user"; user: { id: "8a88a590-e" }; visitor: { id: "8a88a590-e" } },
      { type: "user"; user: { email: "u@example.com" }; visitor: { email: "v@example.com" } } | { type: "user"; user: { user_id: "u1" }; visitor: 42 }
    >;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<Everywhere>();
  });

  test("wrong bodies do not compile in a client call (2.11, 2.16, Preview)", () => {
    const v211 = create211({ token: "t" });
    // @ts-expect-error a message is an object
    void v211.POST("/messages", { body: 12345 });
    // @ts-expect-error role is a string, and no identifying field is given
    void v211.POST("/contacts", { body: { totally: "wrong", role: 42 } });
    // @ts-expect-error created_at and the contact are missing
    void v211.POST("/events", { body: { event_name: "invited-friend" } });
    void v211.POST("/contacts", { body: { email: "a@example.com", custom_attributes: { plan: "pro" } } });
    void v211.POST("/events", { body: { event_name: "invited-friend", created_at: 1671028894, user_id: "314159" } });
    const v216 = create216({ token: "t" });
    // @ts-expect-error a message is an object
    void v216.POST("/messages", { body: 12345 });
    // @ts-expect-error role is a string, and no identifying field is given
    void v216.POST("/contacts", { body: { totally: "wrong", role: 42 } });
    // @ts-expect-error created_at and the contact are missing
    void v216.POST("/events", { body: { event_name: "invited-friend" } });
    void v216.POST("/contacts", { body: { email: "a@example.com", custom_attributes: { plan: "pro" } } });
    void v216.POST("/events", { body: { event_name: "invited-friend", created_at: 1671028894, user_id: "314159" } });
    const preview = createUnstable({ token: "t" });
    // @ts-expect-error a message is an object
    void preview.POST("/messages", { body: 12345 });
    // @ts-expect-error created_at and the contact are missing
    void preview.POST("/events", { body: { event_name: "invited-friend" } });
  });
});

describe("a property with a default may be left out of a request", () => {
  test("POST /ai/content_import_sources needs only sync_behavior and url", () => {
    type Checks<P> = Takes<Body<P, "/ai/content_import_sources">, { sync_behavior: "api"; url: "https://help.example.com" }, { url: "https://help.example.com" }>;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<In<"2.12" | "2.13" | "2.14" | "2.15" | "2.16" | "unstable">>();
  });

  test("creating a ticket type attribute needs no flag that has a default", () => {
    type Checks<P> = Takes<Body<P, "/ticket_types/{ticket_type_id}/attributes">, { name: "Bug"; description: "What broke"; data_type: "string" }, { name: "Bug"; description: "What broke" }>;
    expectTypeOf<{ [V in keyof Versions]: Checks<Versions[V]> }>().toEqualTypeOf<In<"2.9" | "2.10" | "2.11" | "2.12" | "2.13" | "2.14" | "2.15" | "2.16" | "unstable">>();
  });

  test("responses keep their defaulted properties required", () => {
    // ticket_type_attribute is what the API sends back: a flag with a default is always there.
    type Attribute = NonNullable<C216["schemas"]["ticket_type_attribute"]>;
    expectTypeOf<Attribute["required_to_create"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Record<never, never> extends Pick<Attribute, "required_to_create"> ? "optional" : "required">().toEqualTypeOf<"required">();
  });
});
