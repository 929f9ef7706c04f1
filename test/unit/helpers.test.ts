// The core and the helpers over a hand-written manifest (test/fixtures/manifest.ts) and a fetch
// that answers in-process: what the helpers read from the manifest, and nothing else.
import { describe, expect, test } from "vitest";
import { createCore, type VersionTypes } from "../../src/core/client.js";
import { exports, paginate, search, SearchQueryError, where, withHelpers } from "../../src/index.js";
import { manifest } from "../fixtures/manifest.js";

interface Fixture extends VersionTypes {
  manifest: typeof manifest;
}

/** A fetch that records each request and answers with `answer(request, n)`. */
function recording(answer: (request: Request, n: number) => unknown, status = 200) {
  const seen: { method: string; url: string; body: unknown }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    seen.push({ method: request.method, url: request.url, body: text ? JSON.parse(text) : undefined });
    return new Response(JSON.stringify(answer(request, seen.length)), { status, headers: { "content-type": "application/json" } });
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

const core = (fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) => createCore<Fixture>({ token: "t", fetch, retry: 0, ...extra }, manifest);

describe("the core", () => {
  test("sends the manifest's version header to the region's server, and carries the manifest", async () => {
    const { seen, fetch } = recording(() => ({}));
    const client = core(fetch, { region: "eu" });
    await client.GET("/anything" as never);
    expect(seen[0]!.url).toBe("https://api.eu.example.test/anything");
    expect(client.manifest).toBe(manifest);
    expect(Object.keys(client)).not.toContain("search");
  });

  test("a POST the manifest lists as read-only is retried; any other POST is not", async () => {
    const fail = recording((_, n) => (n === 1 ? { error: "x" } : { widgets: [] }), 503);
    const client = core(fail.fetch, { retry: { limit: 1, backoffLimit: 1 } });
    await client.POST("/widgets/search" as never, { body: {} } as never);
    expect(fail.seen.map((r) => r.url)).toEqual(["https://api.example.test/widgets/search", "https://api.example.test/widgets/search"]);
    const write = recording(() => ({ error: "x" }), 503);
    await core(write.fetch, { retry: { limit: 1, backoffLimit: 1 } }).POST("/widgets" as never, { body: {} } as never);
    expect(write.seen).toHaveLength(1);
  });
});

describe("helpers over the manifest", () => {
  test("search.<resource> exists for each search resource of the manifest, and walks its cursor", async () => {
    const pages = [
      { widgets: [{ id: 1 }, { id: 2 }], total_count: 3, pages: { next: { starting_after: "c2" } } },
      { widgets: [{ id: 3 }], total_count: 3, pages: { next: null } },
    ];
    const { seen, fetch } = recording((_, n) => pages[n - 1]);
    const client = withHelpers(core(fetch), search);
    expect(Object.keys(client.search)).toEqual(["widgets"]);
    const ids: number[] = [];
    for await (const widget of client.search.widgets(where("made_at", ">", new Date("2026-01-01T00:00:00Z")), { perPage: 2 })) ids.push((widget as { id: number }).id);
    expect(ids).toEqual([1, 2, 3]);
    expect(seen.map((r) => r.body)).toEqual([
      { query: { field: "made_at", operator: ">", value: 1767225600 }, pagination: { per_page: 2 } },
      { query: { field: "made_at", operator: ">", value: 1767225600 }, pagination: { per_page: 2, starting_after: "c2" } },
    ]);
  });

  test("search asks each page for no more than `limit` still wants, and stops there", async () => {
    const page = (ids: number[], next: string) => ({ widgets: ids.map((id) => ({ id })), total_count: 9, pages: { next: { starting_after: next } } });
    const { seen, fetch } = recording((_, n) => [page([1, 2], "c2"), page([3, 4], "c4")][n - 1]);
    const client = withHelpers(core(fetch), search);
    const ids: number[] = [];
    for await (const widget of client.search.widgets(where("size", ">", 0), { perPage: 2, limit: 3 })) ids.push((widget as { id: number }).id);
    expect(ids).toEqual([1, 2, 3]);
    expect(seen.map((r) => (r.body as { pagination: unknown }).pagination)).toEqual([{ per_page: 2 }, { per_page: 1, starting_after: "c2" }]);
  });

  test("search resumed from `startingAfter` stops when a page names that cursor again", async () => {
    const { seen, fetch } = recording(() => ({ widgets: [{ id: 1 }], total_count: 9, pages: { next: { starting_after: "c1" } } }));
    const client = withHelpers(core(fetch), search);
    const walk = async () => {
      for await (const _ of client.search.widgets(where("size", ">", 0), { startingAfter: "c1" }));
    };
    await expect(walk()).rejects.toThrow("pagination: page 2 named as the next page one already read");
    expect(seen).toHaveLength(1);
  });

  test.each([
    [where("size", "~", 1), 'operator "~" is not allowed on Integer field "size" (allowed: = > <)'],
    [where("secret", "=", "x"), 'field "secret" is not searchable'],
    [where("colour", "=", "x"), 'unknown field "colour"; this version\'s search accepts name, size, made_at, labels.*'],
    [where("labels.x", "IN", ["a"]), 'operator "IN" is not allowed on String field "labels.x"'],
  ])("the manifest's rules refuse %j before any request", (query, message) => {
    const { seen, fetch } = recording(() => ({}));
    const client = withHelpers(core(fetch), search);
    expect(() => client.search.widgets(query as never)).toThrow(SearchQueryError);
    expect(() => client.search.widgets(query as never)).toThrow(message);
    expect(seen).toHaveLength(0);
  });

  test("paginate walks the manifest's lists and refuses others", async () => {
    const { seen, fetch } = recording((_, n) => ({ data: [n], pages: { page: n, total_pages: 3 } }));
    const client = withHelpers(core(fetch), paginate);
    const items: unknown[] = [];
    for await (const item of client.paginate("/pages" as never)) items.push(item);
    expect(items).toEqual([1, 2, 3]);
    expect(seen.map((r) => new URL(r.url).search)).toEqual(["", "?page=2", "?page=3"]);
    // The iterable can be walked again, from the first page.
    const again = client.paginate("/pages" as never);
    for await (const _ of again) break;
    expect(new URL(seen.at(-1)!.url).search).toBe("");
    expect(() => client.paginate("/nope" as never)).toThrow('paginate: "/nope" is not a list this version can page through; pageable: /things, /pages');
  });

  test("exports use the manifest's operations and id parameter", async () => {
    const { seen, fetch } = recording((request) => (request.method === "POST" ? { job_identifier: "j/1", status: "pending" } : { job_identifier: "j/1", status: "completed" }));
    const client = withHelpers(core(fetch), exports);
    const job = await client.exports.create({ from: "2026-01-01", to: "2026-01-02" });
    await client.exports.get(job as never);
    await client.exports.cancel("j/1");
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["POST /jobs", "GET /jobs/j%2F1", "POST /jobs/j%2F1/cancel"]);
  });

  test("each helper adds only its own API; the context is built once per client", () => {
    const { fetch } = recording(() => ({}));
    const client = withHelpers(withHelpers(core(fetch), search), paginate);
    expect(
      Object.keys(client)
        .filter((k) => ["search", "paginate", "exports", "notes"].includes(k))
        .sort(),
    ).toEqual(["paginate", "search"]);
    expect(() => withHelpers(core(fetch), (() => ({})) as never)).toThrow("withHelpers: expected helpers");
    // Each plugin carries the name of the API it adds.
    expect([search.helper, paginate.helper, exports.helper]).toEqual(["search", "paginate", "exports"]);
  });
});
