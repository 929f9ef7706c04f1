// The core entry and withHelpers: the core alone has no helpers; each helper added brings exactly
// its own API, typed for the version; the full client is the core with all four.
import { describe, expectTypeOf, test } from "vitest";
import { exports, paginate, replies, search, where, withHelpers } from "../src/index.js";
import { createIntercom as createCore, type manifest, type Intercom as Core } from "../generated/2.11/core.js";
import { createIntercom, type components, type Intercom } from "../generated/2.11/index.js";
import { createIntercom as createUnstableCore } from "../generated/unstable/core.js";

describe("intercom-fetch/<version>/core", () => {
  test("returns the core alone: typed requests, the rate limit and the manifest, no helpers", () => {
    const core = createCore({ token: "t" });
    expectTypeOf(core).toEqualTypeOf<Core>();
    void core.GET("/me");
    expectTypeOf(core.rateLimit.remaining).toEqualTypeOf<number | undefined>();
    expectTypeOf(core.manifest).toEqualTypeOf<typeof manifest>();
    // @ts-expect-error no search helper on the core
    void core.search;
    // @ts-expect-error no exports helper on the core
    void core.exports;
    // @ts-expect-error no reply helpers on the core
    void core.tickets;
  });

  test("withHelpers adds the chosen helpers, typed for the version, and nothing else", async () => {
    const client = withHelpers(createCore({ token: "t" }), search, exports);
    for await (const contact of client.search.contacts(where("email", "~", "@example.com"))) {
      expectTypeOf(contact).toEqualTypeOf<components["schemas"]["contact"]>();
    }
    // @ts-expect-error the query is still checked against 2.11's tables
    client.search.contacts(where("created_at", ">=", 1));
    expectTypeOf(client.exports.rows("job")).toEqualTypeOf<AsyncIterableIterator<components["schemas"]["data_export_csv"]>>();
    // @ts-expect-error paginate was not added
    void client.paginate;
    // @ts-expect-error replies were not added
    void client.conversations;
    const preview = withHelpers(createUnstableCore({ token: "t" }), search);
    preview.search.companies(where("name", "=", "acme"));
  });

  test("with all four it is the full client of the version entry", () => {
    const all = withHelpers(createCore({ token: "t" }), search, replies, exports, paginate);
    expectTypeOf(all.search).toEqualTypeOf<Intercom["search"]>();
    expectTypeOf(all.tickets).toEqualTypeOf<Intercom["tickets"]>();
    expectTypeOf(all.exports).toEqualTypeOf<Intercom["exports"]>();
    expectTypeOf(all.paginate).toEqualTypeOf<Intercom["paginate"]>();
    expectTypeOf(createIntercom({ token: "t" })).toEqualTypeOf<Intercom>();
  });
});

describe("the README's examples", () => {
  test("core entry, then withHelpers", async () => {
    const core = createCore({ token: "t" });
    const { data: me } = await core.GET("/me");
    expectTypeOf(core.manifest.apiVersion).toEqualTypeOf<"2.11">();
    void me?.email;
    const intercom = withHelpers(core, search, exports);
    for await (const contact of intercom.search.contacts(where("email", "~", "@example.com"), { limit: 10 })) void contact.id;
  });

  test("search endpoints of another shape, through the typed client", async () => {
    const { data } = await createIntercom({ token: "t" }).GET("/articles/search", { params: { query: { phrase: "refund", state: "published" } } });
    void data;
  });
});
