// The path methods are typed from each version's generated call maps (generated/<version>/calls.ts,
// src/core/call-methods.ts) instead of openapi-fetch's ClientMethod, for a cheaper type-check
// (issue 21). What a call takes and gives must stay exactly openapi-fetch's: `data` and `error`
// are compared with its FetchResponse, operation by operation.
import type { FetchResponse } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type { RequiredPaths } from "../src/core/call-methods.js";
import type { IntercomClient } from "../src/core/client.js";
import type { Calls as C2_7 } from "../generated/2.7/calls.js";
import type { Calls as C2_8 } from "../generated/2.8/calls.js";
import type { Calls as C2_9 } from "../generated/2.9/calls.js";
import type { Calls as C2_10 } from "../generated/2.10/calls.js";
import type { Calls as C2_11 } from "../generated/2.11/calls.js";
import type { Calls as C2_12 } from "../generated/2.12/calls.js";
import type { Calls as C2_13 } from "../generated/2.13/calls.js";
import type { Calls as C2_14 } from "../generated/2.14/calls.js";
import type { Calls as C2_15 } from "../generated/2.15/calls.js";
import type { Calls as C2_16 } from "../generated/2.16/calls.js";
import type { Calls as CUnstable } from "../generated/unstable/calls.js";
import { createIntercom, type paths } from "../generated/2.11/index.js";
import { createIntercom as createUnstable, type paths as PUnstable } from "../generated/unstable/index.js";

const intercom = createIntercom({ token: "t" });
const preview = createUnstable({ token: "t" });

/** openapi-fetch's result of one operation, JSON, with no `parseAs`. */
type Theirs<P, Path extends keyof P, M extends keyof P[Path]> = FetchResponse<P[Path][M] & Record<string | number, unknown>, {}, "application/json">;

describe("results are openapi-fetch's", () => {
  test("data and error of a GET, a POST with a body, a PUT, a DELETE and a 2xx without JSON", async () => {
    const me = await intercom.GET("/me");
    expectTypeOf(me.data).toEqualTypeOf<Theirs<paths, "/me", "get">["data"]>();
    expectTypeOf(me.error).toEqualTypeOf<Theirs<paths, "/me", "get">["error"]>();
    const tag = await intercom.POST("/tags", { body: { name: "vip" } });
    expectTypeOf(tag.data).toEqualTypeOf<Theirs<paths, "/tags", "post">["data"]>();
    expectTypeOf(tag.error).toEqualTypeOf<Theirs<paths, "/tags", "post">["error"]>();
    const contact = await intercom.PUT("/contacts/{contact_id}", { params: { path: { contact_id: "1" } }, body: { name: "A" } });
    expectTypeOf(contact.data).toEqualTypeOf<Theirs<paths, "/contacts/{contact_id}", "put">["data"]>();
    const deleted = await intercom.DELETE("/tags/{tag_id}", { params: { path: { tag_id: "1" } } });
    expectTypeOf(deleted.data).toEqualTypeOf<Theirs<paths, "/tags/{tag_id}", "delete">["data"]>();
    expectTypeOf(deleted.error).toEqualTypeOf<Theirs<paths, "/tags/{tag_id}", "delete">["error"]>();
    const file = await intercom.GET("/download/content/data/{job_identifier}", { params: { path: { job_identifier: "j" } } });
    expectTypeOf(file.data).toEqualTypeOf<Theirs<paths, "/download/content/data/{job_identifier}", "get">["data"]>();
    const search = await preview.POST("/conversations/search", { body: { query: { field: "state", operator: "=", value: "open" } } });
    expectTypeOf(search.data).toEqualTypeOf<Theirs<PUnstable, "/conversations/search", "post">["data"]>();
  });

  test("parseAs types data as openapi-fetch does", async () => {
    const text = await intercom.GET("/me", { parseAs: "text" });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
    const stream = await intercom.GET("/download/content/data/{job_identifier}", { params: { path: { job_identifier: "j" } }, parseAs: "stream", timeout: 1000 });
    expectTypeOf(stream.data).toEqualTypeOf<Response["body"] | undefined>();
    const json = await intercom.GET("/me", { parseAs: "json" });
    expectTypeOf(json.data).toEqualTypeOf<Theirs<paths, "/me", "get">["data"]>();
    // @ts-expect-error no such parseAs
    void intercom.GET("/me", { parseAs: "xml" });
    // @ts-expect-error the operation's params are still checked with a parseAs
    void intercom.GET("/download/content/data/{job_identifier}", { params: { path: {} }, parseAs: "stream" });
  });
});

describe("what a call takes", () => {
  test("init is required when a path parameter is, optional otherwise", () => {
    // @ts-expect-error contact_id is required
    void intercom.GET("/contacts/{contact_id}");
    // @ts-expect-error contact_id is required
    void intercom.POST("/contacts/{contact_id}/notes");
    // Intercom's descriptions leave most bodies optional: openapi-fetch takes these without init too.
    void intercom.POST("/tags");
    void intercom.GET("/me");
    void intercom.GET("/contacts", { params: { query: { per_page: 10 } } });
    // @ts-expect-error per_page is a number
    void intercom.GET("/contacts", { params: { query: { per_page: "10" } } });
    // @ts-expect-error GET /me takes no body
    void intercom.GET("/me", { body: { a: 1 } });
  });

  test("request(method, path, init) is typed the same way", async () => {
    const { data } = await intercom.request("post", "/tags", { body: { name: "vip" } });
    expectTypeOf(data).toEqualTypeOf<Theirs<paths, "/tags", "post">["data"]>();
    // @ts-expect-error /me has no POST
    void intercom.request("post", "/me");
  });

  test("a client typed from `paths` alone (no generated call map) checks the same calls", async () => {
    const client = intercom as unknown as IntercomClient<paths>;
    const { data } = await client.GET("/me");
    expectTypeOf(data).toEqualTypeOf<Theirs<paths, "/me", "get">["data"]>();
    // @ts-expect-error no such path
    void client.GET("/no-such-endpoint");
    // @ts-expect-error the tag's name is required
    void client.POST("/tags", { body: {} });
    void client.POST("/tags", { body: { name: "vip" }, timeout: 100 });
  });
});

describe("the generator's list of paths whose init is required", () => {
  /** Each method's listed paths against those whose computed `args` require `init`: `true` when they agree. */
  type Agrees<C extends { required: Record<string, unknown> } & Record<"get" | "put" | "post" | "delete", {}>> = {
    [M in "get" | "put" | "post" | "delete"]: [C["required"][M]] extends [RequiredPaths<C[M]>] ? ([RequiredPaths<C[M]>] extends [C["required"][M]] ? true : false) : false;
  };
  type All = { get: true; put: true; post: true; delete: true };

  test("is what TypeScript computes from the generated types, in every version", () => {
    expectTypeOf<Agrees<C2_7>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_8>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_9>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_10>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_11>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_12>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_13>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_14>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_15>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<C2_16>>().toEqualTypeOf<All>();
    expectTypeOf<Agrees<CUnstable>>().toEqualTypeOf<All>();
  });

  test("a required path without init does not compile; with it, it does", () => {
    // @ts-expect-error the body of Preview's POST /audiences is required
    void preview.POST("/audiences");
    // @ts-expect-error GET /visitors requires its user_id query parameter
    void intercom.GET("/visitors");
    void intercom.GET("/visitors", { params: { query: { user_id: "u" } } });
    // @ts-expect-error id is required
    void preview.GET("/contacts/{id}");
    void preview.GET("/contacts/{id}", { params: { path: { id: "1" } }, timeout: 1000 });
  });
});
