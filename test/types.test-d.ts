import { describe, expectTypeOf, test } from "vitest";
import { createIntercom as create210, type components as C210 } from "../generated/2.10/index.js";
import { createIntercom, type components, type paths } from "../generated/2.11/index.js";
import { createIntercom as createUnstable, type components as CUnstable } from "../generated/unstable/index.js";

const intercom = createIntercom({ token: "t" });

describe("paths", () => {
  test("a wrong path is a compile error", () => {
    // @ts-expect-error no such path in 2.11
    void intercom.GET("/no-such-endpoint");
    // @ts-expect-error /me has no POST
    void intercom.POST("/me");
  });

  test("path parameters are required and typed", () => {
    // @ts-expect-error contact_id is missing
    void intercom.GET("/contacts/{contact_id}", { params: { path: {} } });
    // @ts-expect-error contact_id is a string
    void intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: 1 } } });
    void intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } });
  });
});

describe("request bodies", () => {
  test("a missing required field is a compile error", () => {
    // @ts-expect-error tag `name` is required
    void intercom.POST("/tags", { body: {} });
    void intercom.POST("/tags", { body: { name: "vip" } });
  });

  test("a wrong field type is a compile error", () => {
    // @ts-expect-error per_page is a number
    void intercom.POST("/contacts/search", { body: { query: { field: "email", operator: "=", value: "x" }, pagination: { per_page: "10" } } });
  });
});

describe("responses are the version's own", () => {
  test("GET /me decodes to 2.11's admin_with_app", async () => {
    const { data } = await intercom.GET("/me");
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["admin_with_app"] | undefined>();
  });

  test("2.10 and Unstable have their own schemas", async () => {
    const { data: a } = await create210({ token: "t" }).GET("/me");
    expectTypeOf(a).toEqualTypeOf<C210["schemas"]["admin_with_app"] | undefined>();
    const { data: u } = await createUnstable({ token: "t" }).GET("/me");
    expectTypeOf(u).toEqualTypeOf<CUnstable["schemas"]["admin_with_app"] | undefined>();
  });

  test("an operation only one version has is absent from the others", () => {
    type UnstablePaths = keyof import("../generated/unstable/index.js").paths;
    expectTypeOf<"/calls">().toMatchTypeOf<UnstablePaths>();
    expectTypeOf<"/calls">().not.toMatchTypeOf<keyof paths>();
  });
});

describe("options", () => {
  test("region is a closed union", () => {
    // @ts-expect-error no such region
    createIntercom({ token: "t", region: "mars" });
    // @ts-expect-error token is required
    createIntercom({});
  });
});
