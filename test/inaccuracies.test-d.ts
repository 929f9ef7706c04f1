// A type-level test per entry of openapi/overlays/inaccuracies.yaml and per version it lists: each asserts
// the repaired shape exactly (toEqualTypeOf, which any, unknown or never do not satisfy) and, where
// the old shape was a value, refuses it with @ts-expect-error; each fails on the unrepaired types.
// test/inaccuracies.test.ts checks that every entry and version listed in the corpus has its test here.
import { describe, expectTypeOf, test } from "vitest";

import type { components as C_2_7, paths as P_2_7 } from "../generated/2.7/index.js";
import type { components as C_2_8, paths as P_2_8 } from "../generated/2.8/index.js";
import type { components as C_2_9, paths as P_2_9 } from "../generated/2.9/index.js";
import type { components as C_2_10, paths as P_2_10 } from "../generated/2.10/index.js";
import type { components as C_2_11 } from "../generated/2.11/index.js";
import type { components as C_2_12, paths as P_2_12 } from "../generated/2.12/index.js";
import type { components as C_2_13, paths as P_2_13 } from "../generated/2.13/index.js";
import type { components as C_2_14, paths as P_2_14 } from "../generated/2.14/index.js";
import type { components as C_2_15, paths as P_2_15 } from "../generated/2.15/index.js";
import type { components as C_2_16, paths as P_2_16 } from "../generated/2.16/index.js";
import type { components as C_unstable, paths as P_unstable } from "../generated/unstable/index.js";

/** Compiles only when `value` is a `T`: the `@ts-expect-error` lines below refuse an old shape. */
declare function takes<T>(value: T): void;

type Path<P, K extends string> = P extends Record<K, infer I> ? I : never;
type Op<I, M extends string> = I extends Record<M, infer O> ? O : never;
type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? NonNullable<X> : never;
type Ok<O> = O extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;
type Has<T, K extends PropertyKey> = K extends keyof T ? true : false;
/** true when every key of K may be left out of a T. */
type Optional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;

/** A conversation's path item, whichever name the version gives its id. */
type ConversationPath<P> = P extends Record<"/conversations/{id}", infer I> ? I : Path<P, "/conversations/{conversation_id}">;
type ConversationId<O> = PathParams<O> extends { id: infer T } ? T : PathParams<O> extends { conversation_id: infer T } ? T : never;
type NotesPath<P> = P extends Record<"/contacts/{id}/notes", infer I> ? I : Path<P, "/contacts/{contact_id}/notes">;
type ContactCompaniesPath<P> = P extends Record<"/contacts/{id}/companies", infer I> ? I : Path<P, "/contacts/{contact_id}/companies">;
type ContactId<O> = PathParams<O> extends { id: infer T } ? T : PathParams<O> extends { contact_id: infer T } ? T : never;

describe("conversation-id-integer", () => {
  test("2.7", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_7>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_7>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_7>, "get">>>(123);
  });
  test("2.8", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_8>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_8>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_8>, "get">>>(123);
  });
  test("2.9", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_9>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_9>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_9>, "get">>>(123);
  });
  test("2.10", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_10>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_10>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_10>, "get">>>(123);
  });
  test("2.12", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_12>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_12>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_12>, "get">>>(123);
  });
  test("2.13", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_13>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_13>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_13>, "get">>>(123);
  });
  test("2.14", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_14>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_14>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_14>, "get">>>(123);
  });
  test("2.15", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_15>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_15>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_15>, "get">>>(123);
  });
  test("2.16", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_16>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_2_16>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_2_16>, "get">>>(123);
  });
  test("unstable", () => {
    expectTypeOf<ConversationId<Op<ConversationPath<P_unstable>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ConversationId<Op<ConversationPath<P_unstable>, "put">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no conversation id
    takes<ConversationId<Op<ConversationPath<P_unstable>, "get">>>(123);
  });
});

describe("contact-notes-contact-id-integer", () => {
  test("2.7", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_7>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_7>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_7>, "post">>>(123);
  });
  test("2.8", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_8>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_8>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_8>, "post">>>(123);
  });
  test("2.9", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_9>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_9>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_9>, "post">>>(123);
  });
  test("2.10", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_10>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_10>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_10>, "post">>>(123);
  });
  test("2.12", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_12>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_12>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_12>, "post">>>(123);
  });
  test("2.13", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_13>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_13>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_13>, "post">>>(123);
  });
  test("2.14", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_14>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_14>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_14>, "post">>>(123);
  });
  test("2.15", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_15>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_15>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_15>, "post">>>(123);
  });
  test("2.16", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_2_16>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_2_16>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_2_16>, "post">>>(123);
  });
  test("unstable", () => {
    expectTypeOf<ContactId<Op<NotesPath<P_unstable>, "get">>>().toEqualTypeOf<string>();
    expectTypeOf<ContactId<Op<NotesPath<P_unstable>, "post">>>().toEqualTypeOf<string>();
    // @ts-expect-error a number is no contact id
    takes<ContactId<Op<NotesPath<P_unstable>, "post">>>(123);
  });
});

describe("reporting-job-identifier-in-query", () => {
  test("2.14", () => {
    for (const op of [{} as Op<Path<P_2_14, "/export/reporting_data/{job_identifier}">, "get">, {} as Op<Path<P_2_14, "/download/reporting_data/{job_identifier}">, "get">]) {
      expectTypeOf(op).not.toBeAny();
      expectTypeOf<PathParams<typeof op>>().toEqualTypeOf<{ job_identifier: string }>();
      expectTypeOf<Has<QueryParams<typeof op>, "job_identifier">>().toEqualTypeOf<false>();
    }
  });
  test("2.15", () => {
    for (const op of [{} as Op<Path<P_2_15, "/export/reporting_data/{job_identifier}">, "get">, {} as Op<Path<P_2_15, "/download/reporting_data/{job_identifier}">, "get">]) {
      expectTypeOf(op).not.toBeAny();
      expectTypeOf<PathParams<typeof op>>().toEqualTypeOf<{ job_identifier: string }>();
      expectTypeOf<Has<QueryParams<typeof op>, "job_identifier">>().toEqualTypeOf<false>();
    }
  });
  test("2.16", () => {
    for (const op of [{} as Op<Path<P_2_16, "/export/reporting_data/{job_identifier}">, "get">, {} as Op<Path<P_2_16, "/download/reporting_data/{job_identifier}">, "get">]) {
      expectTypeOf(op).not.toBeAny();
      expectTypeOf<PathParams<typeof op>>().toEqualTypeOf<{ job_identifier: string }>();
      expectTypeOf<Has<QueryParams<typeof op>, "job_identifier">>().toEqualTypeOf<false>();
    }
  });
  test("unstable", () => {
    for (const op of [{} as Op<Path<P_unstable, "/export/reporting_data/{job_identifier}">, "get">, {} as Op<Path<P_unstable, "/download/reporting_data/{job_identifier}">, "get">]) {
      expectTypeOf(op).not.toBeAny();
      expectTypeOf<PathParams<typeof op>>().toEqualTypeOf<{ job_identifier: string }>();
      expectTypeOf<Has<QueryParams<typeof op>, "job_identifier">>().toEqualTypeOf<false>();
    }
  });
});

describe("list-conversations-data-key", () => {
  test("2.7", () => {
    type Body = Ok<Op<Path<P_2_7, "/conversations">, "get">>;
    expectTypeOf<Body>().not.toBeAny();
    expectTypeOf<NonNullable<Body["conversations"]>>().toEqualTypeOf<C_2_7["schemas"]["conversation_list_item"][]>();
    expectTypeOf<Has<Body, "data">>().toEqualTypeOf<false>();
  });
  test("2.8", () => {
    type Body = Ok<Op<Path<P_2_8, "/conversations">, "get">>;
    expectTypeOf<Body>().not.toBeAny();
    expectTypeOf<NonNullable<Body["conversations"]>>().toEqualTypeOf<C_2_8["schemas"]["conversation_list_item"][]>();
    expectTypeOf<Has<Body, "data">>().toEqualTypeOf<false>();
  });
  test("2.9", () => {
    type Body = Ok<Op<Path<P_2_9, "/conversations">, "get">>;
    expectTypeOf<Body>().not.toBeAny();
    expectTypeOf<NonNullable<Body["conversations"]>>().toEqualTypeOf<C_2_9["schemas"]["conversation_list_item"][]>();
    expectTypeOf<Has<Body, "data">>().toEqualTypeOf<false>();
  });
  test("2.10", () => {
    type Body = Ok<Op<Path<P_2_10, "/conversations">, "get">>;
    expectTypeOf<Body>().not.toBeAny();
    expectTypeOf<NonNullable<Body["conversations"]>>().toEqualTypeOf<C_2_10["schemas"]["conversation_list_item"][]>();
    expectTypeOf<Has<Body, "data">>().toEqualTypeOf<false>();
  });
  test("2.12", () => {
    type Body = Ok<Op<Path<P_2_12, "/conversations">, "get">>;
    expectTypeOf<Body>().not.toBeAny();
    expectTypeOf<NonNullable<Body["conversations"]>>().toEqualTypeOf<C_2_12["schemas"]["conversation_list_item"][]>();
    expectTypeOf<Has<Body, "data">>().toEqualTypeOf<false>();
  });
});

describe("conversation-teammates-key", () => {
  test("2.7", () => {
    type Teammates = NonNullable<C_2_7["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_7["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.8", () => {
    type Teammates = NonNullable<C_2_8["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_8["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.9", () => {
    type Teammates = NonNullable<C_2_9["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_9["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.10", () => {
    type Teammates = NonNullable<C_2_10["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_10["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.11", () => {
    type Teammates = NonNullable<C_2_11["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_11["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.12", () => {
    type Teammates = NonNullable<C_2_12["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_12["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.13", () => {
    type Teammates = NonNullable<C_2_13["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_13["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.14", () => {
    type Teammates = NonNullable<C_2_14["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_14["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.15", () => {
    type Teammates = NonNullable<C_2_15["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_15["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("2.16", () => {
    type Teammates = NonNullable<C_2_16["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_2_16["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
  test("unstable", () => {
    type Teammates = NonNullable<C_unstable["schemas"]["conversation_teammates"]>;
    expectTypeOf<Teammates>().not.toBeAny();
    expectTypeOf<NonNullable<Teammates["admins"]>>().toEqualTypeOf<C_unstable["schemas"]["reference"][]>();
    expectTypeOf<Has<Teammates, "teammates">>().toEqualTypeOf<false>();
  });
});

describe("admin-avatar-string", () => {
  test("2.7", () => {
    type Avatar = NonNullable<C_2_7["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.8", () => {
    type Avatar = NonNullable<C_2_8["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.9", () => {
    type Avatar = NonNullable<C_2_9["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.10", () => {
    type Avatar = NonNullable<C_2_10["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.12", () => {
    type Avatar = NonNullable<C_2_12["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.13", () => {
    type Avatar = NonNullable<C_2_13["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.14", () => {
    type Avatar = NonNullable<C_2_14["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.15", () => {
    type Avatar = NonNullable<C_2_15["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("2.16", () => {
    type Avatar = NonNullable<C_2_16["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
  test("unstable", () => {
    type Avatar = NonNullable<C_unstable["schemas"]["admin"]>["avatar"];
    expectTypeOf<NonNullable<Avatar>>().toEqualTypeOf<{ image_url: string }>();
    // @ts-expect-error the avatar is an object, not a URL
    takes<Avatar>("https://example.org/a.png");
  });
});

describe("data-event-metadata-string-values", () => {
  test("2.7", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_7["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.8", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_8["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.9", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_9["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.10", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_10["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.11", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_11["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.12", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_12["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.13", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_13["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.14", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_14["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.15", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_15["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
  test("2.16", () => {
    // The request schema (create_data_event_request) is an object `| unknown` until the
    // generator settings stop giving up on its anyOf; the response shows the repair.
    type Metadata = NonNullable<C_2_16["schemas"]["data_event"]["metadata"]>;
    expectTypeOf<Metadata>().toEqualTypeOf<{ [key: string]: unknown }>();
    takes<Metadata>({ seats: 3, paid: true, plan: "pro" });
  });
});

describe("list-page-parameters-missing", () => {
  test("2.7", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_7, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_7, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_7, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_7>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_7>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.8", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_8, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_8, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_8, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_8>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_8>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.9", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_9, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_9, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_9, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_9>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_9>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.10", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_10, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_10, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_10, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_10>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_10>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.12", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_12, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_12, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_12, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_12>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_12>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.13", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_13, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_13, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_13, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_13>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_13>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.14", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_14, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_14, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_14, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_14>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_14>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.15", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_15, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_15, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_15, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_15>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_15>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("2.16", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_2_16, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_2_16, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_2_16, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_2_16>, "get">>,
      {} as QueryParams<Op<NotesPath<P_2_16>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
  test("unstable", () => {
    const paged = { page: 2, per_page: 50 };
    for (const query of [
      {} as QueryParams<Op<Path<P_unstable, "/articles">, "get">>,
      {} as QueryParams<Op<Path<P_unstable, "/help_center/collections">, "get">>,
      {} as QueryParams<Op<Path<P_unstable, "/help_center/help_centers">, "get">>,
      {} as QueryParams<Op<ContactCompaniesPath<P_unstable>, "get">>,
      {} as QueryParams<Op<NotesPath<P_unstable>, "get">>,
    ]) {
      expectTypeOf(query).not.toBeAny();
      expectTypeOf(query).toEqualTypeOf<{ page?: number; per_page?: number }>();
      takes<typeof query>(paged);
    }
  });
});

describe("list-contacts-parameters-missing", () => {
  test("2.7", () => {
    type Query = QueryParams<Op<Path<P_2_7, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.8", () => {
    type Query = QueryParams<Op<Path<P_2_8, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.9", () => {
    type Query = QueryParams<Op<Path<P_2_9, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.10", () => {
    type Query = QueryParams<Op<Path<P_2_10, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.12", () => {
    type Query = QueryParams<Op<Path<P_2_12, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.13", () => {
    type Query = QueryParams<Op<Path<P_2_13, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.14", () => {
    type Query = QueryParams<Op<Path<P_2_14, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.15", () => {
    type Query = QueryParams<Op<Path<P_2_15, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.16", () => {
    type Query = QueryParams<Op<Path<P_2_16, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("unstable", () => {
    type Query = QueryParams<Op<Path<P_unstable, "/contacts">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("events-per-page-missing", () => {
  test("2.7", () => {
    type Query = QueryParams<Op<Path<P_2_7, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.8", () => {
    type Query = QueryParams<Op<Path<P_2_8, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.9", () => {
    type Query = QueryParams<Op<Path<P_2_9, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.10", () => {
    type Query = QueryParams<Op<Path<P_2_10, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.12", () => {
    type Query = QueryParams<Op<Path<P_2_12, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.13", () => {
    type Query = QueryParams<Op<Path<P_2_13, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.14", () => {
    type Query = QueryParams<Op<Path<P_2_14, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.15", () => {
    type Query = QueryParams<Op<Path<P_2_15, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("2.16", () => {
    type Query = QueryParams<Op<Path<P_2_16, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
  test("unstable", () => {
    type Query = QueryParams<Op<Path<P_unstable, "/events">, "get">>;
    expectTypeOf<Query>().not.toBeAny();
    expectTypeOf<Query["per_page"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("page-numbered-lists-cursor-pages", () => {
  test("2.7", () => {
    for (const pages of [{} as C_2_7["schemas"]["company_list"]["pages"], {} as C_2_7["schemas"]["article_list"]["pages"], {} as C_2_7["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.8", () => {
    for (const pages of [{} as C_2_8["schemas"]["company_list"]["pages"], {} as C_2_8["schemas"]["article_list"]["pages"], {} as C_2_8["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.9", () => {
    for (const pages of [{} as C_2_9["schemas"]["company_list"]["pages"], {} as C_2_9["schemas"]["article_list"]["pages"], {} as C_2_9["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.10", () => {
    for (const pages of [{} as C_2_10["schemas"]["company_list"]["pages"], {} as C_2_10["schemas"]["article_list"]["pages"], {} as C_2_10["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.11", () => {
    for (const pages of [{} as C_2_11["schemas"]["company_list"]["pages"], {} as C_2_11["schemas"]["article_list"]["pages"], {} as C_2_11["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.12", () => {
    for (const pages of [{} as C_2_12["schemas"]["company_list"]["pages"], {} as C_2_12["schemas"]["article_list"]["pages"], {} as C_2_12["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.13", () => {
    for (const pages of [{} as C_2_13["schemas"]["company_list"]["pages"], {} as C_2_13["schemas"]["article_list"]["pages"], {} as C_2_13["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.14", () => {
    for (const pages of [{} as C_2_14["schemas"]["company_list"]["pages"], {} as C_2_14["schemas"]["article_list"]["pages"], {} as C_2_14["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.15", () => {
    for (const pages of [{} as C_2_15["schemas"]["company_list"]["pages"], {} as C_2_15["schemas"]["article_list"]["pages"], {} as C_2_15["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("2.16", () => {
    for (const pages of [{} as C_2_16["schemas"]["company_list"]["pages"], {} as C_2_16["schemas"]["article_list"]["pages"], {} as C_2_16["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
  test("unstable", () => {
    for (const pages of [{} as C_unstable["schemas"]["company_list"]["pages"], {} as C_unstable["schemas"]["article_list"]["pages"], {} as C_unstable["schemas"]["collection_list"]["pages"]]) {
      expectTypeOf(pages).not.toBeAny();
      expectTypeOf<NonNullable<typeof pages>["next"]>().toEqualTypeOf<string | null | undefined>();
    }
  });
});

describe("search-nested-filters-one-kind", () => {
  test("2.13", () => {
    type Nested = C_2_13["schemas"]["multiple_filter_search_request"];
    expectTypeOf<NonNullable<Nested["value"]>>().toEqualTypeOf<C_2_13["schemas"]["multiple_or_single_filter_search_request"][]>();
    takes<Nested>({
      operator: "AND",
      value: [
        { field: "name", operator: "=", value: "x" },
        { operator: "OR", value: [{ field: "role", operator: "=", value: "lead" }] },
      ],
    });
  });
  test("2.14", () => {
    type Nested = C_2_14["schemas"]["multiple_filter_search_request"];
    expectTypeOf<NonNullable<Nested["value"]>>().toEqualTypeOf<C_2_14["schemas"]["multiple_or_single_filter_search_request"][]>();
    takes<Nested>({
      operator: "AND",
      value: [
        { field: "name", operator: "=", value: "x" },
        { operator: "OR", value: [{ field: "role", operator: "=", value: "lead" }] },
      ],
    });
  });
  test("2.15", () => {
    type Nested = C_2_15["schemas"]["multiple_filter_search_request"];
    expectTypeOf<NonNullable<Nested["value"]>>().toEqualTypeOf<C_2_15["schemas"]["multiple_or_single_filter_search_request"][]>();
    takes<Nested>({
      operator: "AND",
      value: [
        { field: "name", operator: "=", value: "x" },
        { operator: "OR", value: [{ field: "role", operator: "=", value: "lead" }] },
      ],
    });
  });
  test("2.16", () => {
    type Nested = C_2_16["schemas"]["multiple_filter_search_request"];
    expectTypeOf<NonNullable<Nested["value"]>>().toEqualTypeOf<C_2_16["schemas"]["multiple_or_single_filter_search_request"][]>();
    takes<Nested>({
      operator: "AND",
      value: [
        { field: "name", operator: "=", value: "x" },
        { operator: "OR", value: [{ field: "role", operator: "=", value: "lead" }] },
      ],
    });
  });
  test("unstable", () => {
    type Nested = C_unstable["schemas"]["multiple_filter_search_request"];
    expectTypeOf<NonNullable<Nested["value"]>>().toEqualTypeOf<C_unstable["schemas"]["multiple_or_single_filter_search_request"][]>();
    takes<Nested>({
      operator: "AND",
      value: [
        { field: "name", operator: "=", value: "x" },
        { operator: "OR", value: [{ field: "role", operator: "=", value: "lead" }] },
      ],
    });
  });
});

describe("ticket-type-list-key", () => {
  test("2.9", () => {
    type List = C_2_9["schemas"]["ticket_type_list"];
    expectTypeOf<List>().not.toBeAny();
    expectTypeOf<NonNullable<List["data"]>>().toEqualTypeOf<C_2_9["schemas"]["ticket_type"][]>();
    expectTypeOf<Has<List, "ticket_types">>().toEqualTypeOf<false>();
  });
  test("2.10", () => {
    type List = C_2_10["schemas"]["ticket_type_list"];
    expectTypeOf<List>().not.toBeAny();
    expectTypeOf<NonNullable<List["data"]>>().toEqualTypeOf<C_2_10["schemas"]["ticket_type"][]>();
    expectTypeOf<Has<List, "ticket_types">>().toEqualTypeOf<false>();
  });
  test("2.11", () => {
    type List = C_2_11["schemas"]["ticket_type_list"];
    expectTypeOf<List>().not.toBeAny();
    expectTypeOf<NonNullable<List["data"]>>().toEqualTypeOf<C_2_11["schemas"]["ticket_type"][]>();
    expectTypeOf<Has<List, "ticket_types">>().toEqualTypeOf<false>();
  });
});

describe("required-fields-intercom-omits", () => {
  test("2.11", () => {
    type S = C_2_11["schemas"];
    expectTypeOf<S["tag"]>().not.toBeAny();
    expectTypeOf<Optional<S["tag"], "applied_at" | "applied_by">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["company"], "last_request_at" | "remote_created_at" | "size" | "website" | "industry">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["admin"], "job_title">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["article_list_item"], "default_locale" | "translated_content">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["article_statistics"], "conversions">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["data_attribute"], "description">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["data_event_summary"], "type" | "email" | "intercom_user_id" | "user_id">>().toEqualTypeOf<true>();
    expectTypeOf<Optional<S["collection"], "default_locale">>().toEqualTypeOf<true>();
    // Still required where Intercom does send them.
    expectTypeOf<Optional<S["tag"], "id">>().toEqualTypeOf<false>();
  });
});
