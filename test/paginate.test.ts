import { afterEach, describe, expect, test } from "vitest";
import { IntercomError } from "../src/index.js";
import { createIntercom } from "../generated/2.11/index.js";
import { lists, unpaginatedLists } from "../generated/2.11/meta.js";
import { json, startFakeServer, type FakeServer } from "./support/fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOTAL = 7;
const query = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);

/** A fake that serves TOTAL items, PER_PAGE at a time, in the style each path uses. */
async function fakeLists(perPage = 3) {
  server = await startFakeServer((req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    const q = query(req.url);
    if (pathname === "/contacts") {
      const start = q.starting_after ? Number(q.starting_after.slice(1)) + 1 : 0;
      const data = Array.from({ length: Math.min(perPage, TOTAL - start) }, (_, i) => ({ type: "contact", id: `c${start + i}` }));
      const next = start + data.length < TOTAL ? { per_page: perPage, starting_after: data.at(-1)!.id } : null;
      return json(res, 200, { type: "list", data, total_count: TOTAL, pages: { type: "pages", next } });
    }
    if (pathname === "/companies") {
      const page = Number(q.page ?? 1);
      const totalPages = Math.ceil(TOTAL / perPage);
      const start = (page - 1) * perPage;
      const data = Array.from({ length: Math.max(0, Math.min(perPage, TOTAL - start)) }, (_, i) => ({ type: "company", id: `co${start + i}` }));
      return json(res, 200, { type: "list", data, pages: { type: "pages", page, per_page: perPage, total_pages: totalPages } });
    }
    if (pathname === "/companies/scroll") {
      const start = q.scroll_param ? Number(q.scroll_param.slice(1)) : 0;
      const data = Array.from({ length: Math.max(0, Math.min(perPage, TOTAL - start)) }, (_, i) => ({ type: "company", id: `s${start + i}` }));
      return json(res, 200, { type: "dataset.scroll", data, scroll_param: `p${start + data.length}` });
    }
    json(res, 404, { type: "error.list", errors: [{ code: "not_found" }] });
  });
  return createIntercom({ token: "t", baseUrl: server.url, retry: 0 });
}

async function collect<T>(iterable: AsyncIterable<T>) {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("paginate", () => {
  test("the spec decides which lists are pageable, and how", () => {
    expect(lists).toMatchObject({
      "/contacts": { style: "cursor" },
      "/companies": { style: "page" },
      "/companies/scroll": { style: "scroll" },
      "/conversations": { style: "cursor", items: "conversations" },
    });
    expect(Object.keys(unpaginatedLists)).toContain("/segments");
  });

  test("cursor: follows pages.next.starting_after, one request per page", async () => {
    const intercom = await fakeLists();
    const ids = (await collect(intercom.paginate("/contacts", { params: { query: { per_page: 3 } } }))).map((c) => c.id);
    expect(ids).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"]);
    expect(server!.requests.map((r) => query(r.url))).toEqual([{ per_page: "3" }, { per_page: "3", starting_after: "c2" }, { per_page: "3", starting_after: "c5" }]);
  });

  test("page numbers: asks for page 2, 3... until total_pages", async () => {
    const intercom = await fakeLists();
    const ids = (await collect(intercom.paginate("/companies", { params: { query: { per_page: 3 } } }))).map((c) => c.id);
    expect(ids).toEqual(["co0", "co1", "co2", "co3", "co4", "co5", "co6"]);
    expect(server!.requests.map((r) => query(r.url).page)).toEqual([undefined, "2", "3"]);
  });

  test("scroll: passes scroll_param back until a page comes back empty", async () => {
    const intercom = await fakeLists();
    const ids = (await collect(intercom.paginate("/companies/scroll"))).map((c) => c.id);
    expect(ids).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
    expect(server!.requests.map((r) => query(r.url).scroll_param)).toEqual([undefined, "p3", "p6", "p7"]);
  });

  test("limit stops early, without asking for the next page", async () => {
    const intercom = await fakeLists();
    expect(await collect(intercom.paginate("/contacts", { limit: 3 }))).toHaveLength(3);
    expect(server!.requests).toHaveLength(1);
  });

  test("an AbortSignal stops mid-page", async () => {
    const intercom = await fakeLists();
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const c of intercom.paginate("/contacts", { signal: controller.signal })) {
        seen.push(c.id);
        if (seen.length === 2) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(["c0", "c1"]);
  });

  test("an error page throws IntercomError", async () => {
    server = await startFakeServer((_req, res) => json(res, 403, { type: "error.list", errors: [{ code: "forbidden", message: "nope" }] }));
    const intercom = createIntercom({ token: "t", baseUrl: server.url, retry: 0 });
    await expect(collect(intercom.paginate("/contacts"))).rejects.toBeInstanceOf(IntercomError);
  });

  test("a path that is not a pageable list is refused before any request", async () => {
    const intercom = await fakeLists();
    expect(() => intercom.paginate("/segments" as never)).toThrow(/"\/segments" is not a list this version can page through/);
    expect(() => intercom.paginate("/contacts", { limit: 0 })).toThrow(RangeError);
    expect(server!.requests).toHaveLength(0);
  });
});

// The shapes openapi/overlays/inaccuracies.yaml repairs, walked on versions whose description had them
// wrong (2.7: GET /conversations typed with `data`, no page parameters on articles and notes, none
// on /contacts; 2.14: no page parameters on notes) and on 2.11, where upstream had them right.
describe("paginate on the repaired shapes", () => {
  /** Serves TOTAL items of each list as Intercom does: cursors for contacts and conversations, page numbers (pages.next a URL) for the rest. */
  async function fakeIntercom(perPage = 3) {
    const started = await startFakeServer((req, res) => {
      const { pathname } = new URL(req.url, "http://x");
      const q = query(req.url);
      const cursor = (key: string, type: string, prefix: string) => {
        const start = q.starting_after ? Number(q.starting_after.slice(prefix.length)) + 1 : 0;
        const items = Array.from({ length: Math.min(perPage, TOTAL - start) }, (_, i) => ({ type, id: `${prefix}${start + i}` }));
        const next = start + items.length < TOTAL ? { per_page: perPage, starting_after: items.at(-1)!.id } : null;
        return json(res, 200, { type: `${type}.list`, [key]: items, total_count: TOTAL, pages: { type: "pages", per_page: perPage, next } });
      };
      const numbered = (type: string, prefix: string) => {
        const page = Number(q.page ?? 1);
        const totalPages = Math.ceil(TOTAL / perPage);
        const start = (page - 1) * perPage;
        const data = Array.from({ length: Math.max(0, Math.min(perPage, TOTAL - start)) }, (_, i) => ({ type, id: `${prefix}${start + i}` }));
        const next = page < totalPages ? `https://api.intercom.io${pathname}?page=${page + 1}&per_page=${perPage}` : null;
        return json(res, 200, { type: "list", data, total_count: TOTAL, pages: { type: "pages", page, per_page: perPage, total_pages: totalPages, next } });
      };
      if (pathname === "/conversations") return cursor("conversations", "conversation", "v");
      if (pathname === "/contacts") return cursor("data", "contact", "c");
      if (pathname === "/articles") return numbered("article", "a");
      if (/^\/contacts\/[0-9a-f]{24}\/notes$/.test(pathname)) return numbered("note", "n");
      json(res, 404, { type: "error.list", errors: [{ code: "not_found" }] });
    });
    server = started;
    return started;
  }
  const contact = "6657a8436abd0160d35d1eaa";
  const all = (prefix: string) => Array.from({ length: TOTAL }, (_, i) => `${prefix}${i}`);
  const pagesAsked = () => server!.requests.map((r) => query(r.url).page);
  const cursorsAsked = () => server!.requests.map((r) => query(r.url).starting_after);

  test("2.7: GET /conversations is walked in `conversations`, by cursor", async () => {
    const { createIntercom } = await import("../generated/2.7/index.js");
    const { lists: lists27 } = await import("../generated/2.7/meta.js");
    expect(lists27["/conversations"]).toEqual({ style: "cursor", items: "conversations" });
    const intercom = createIntercom({ token: "t", baseUrl: (await fakeIntercom()).url, retry: 0 });
    const ids = (await collect(intercom.paginate("/conversations", { params: { query: { per_page: 3 } } }))).map((c) => c.id);
    expect(ids).toEqual(all("v"));
    expect(cursorsAsked()).toEqual([undefined, "v2", "v5"]);
  });

  test("2.7: articles, contact notes and contacts, pageable once their parameters are declared", async () => {
    const { createIntercom } = await import("../generated/2.7/index.js");
    const { lists: lists27 } = await import("../generated/2.7/meta.js");
    expect(lists27).toMatchObject({ "/articles": { style: "page", items: "data" }, "/contacts/{id}/notes": { style: "page", items: "data" }, "/contacts": { style: "cursor", items: "data" } });
    const intercom = createIntercom({ token: "t", baseUrl: (await fakeIntercom()).url, retry: 0 });
    expect((await collect(intercom.paginate("/articles", { params: { query: { per_page: 3 } } }))).map((a) => a.id)).toEqual(all("a"));
    expect(pagesAsked()).toEqual([undefined, "2", "3"]);
    server!.requests.length = 0;
    const notes = await collect(intercom.paginate("/contacts/{id}/notes", { params: { path: { id: contact }, query: { per_page: 3 } } }));
    expect(notes.map((n) => n.id)).toEqual(all("n"));
    expect(server!.requests.map((r) => new URL(r.url, "http://x").pathname)).toEqual(Array(3).fill(`/contacts/${contact}/notes`));
    server!.requests.length = 0;
    expect((await collect(intercom.paginate("/contacts", { params: { query: { per_page: 3 } } }))).map((c) => c.id)).toEqual(all("c"));
    expect(cursorsAsked()).toEqual([undefined, "c2", "c5"]);
  });

  test("2.14: contact notes by page number, the contact id a string", async () => {
    const { createIntercom } = await import("../generated/2.14/index.js");
    const intercom = createIntercom({ token: "t", baseUrl: (await fakeIntercom()).url, retry: 0 });
    const notes = await collect(intercom.paginate("/contacts/{contact_id}/notes", { params: { path: { contact_id: contact }, query: { per_page: 3 } } }));
    expect(notes.map((n) => n.id)).toEqual(all("n"));
    expect(pagesAsked()).toEqual([undefined, "2", "3"]);
  });

  test("2.11: the same walks, where upstream had the shapes right", async () => {
    const intercom = createIntercom({ token: "t", baseUrl: (await fakeIntercom()).url, retry: 0 });
    expect((await collect(intercom.paginate("/conversations", { params: { query: { per_page: 3 } } }))).map((c) => c.id)).toEqual(all("v"));
    server!.requests.length = 0;
    expect((await collect(intercom.paginate("/articles", { params: { query: { per_page: 3 } } }))).map((a) => a.id)).toEqual(all("a"));
    expect(pagesAsked()).toEqual([undefined, "2", "3"]);
    server!.requests.length = 0;
    const notes = await collect(intercom.paginate("/contacts/{contact_id}/notes", { params: { path: { contact_id: contact } } }));
    expect(notes.map((n) => n.id)).toEqual(all("n"));
  });

  test("a page-numbered list stops when pages.next is null on the last page", async () => {
    const intercom = createIntercom({ token: "t", baseUrl: (await fakeIntercom(7)).url, retry: 0 });
    expect(await collect(intercom.paginate("/articles", { params: { query: { per_page: 7 } } }))).toHaveLength(TOTAL);
    expect(server!.requests).toHaveLength(1);
  });
});

describe("a server that repeats a cursor (issue 22)", () => {
  test("cursor: the same starting_after twice stops with IntercomError instead of looping", async () => {
    server = await startFakeServer((_req, res) => json(res, 200, { type: "list", data: [{ type: "contact", id: "c1" }], pages: { type: "pages", next: { per_page: 1, starting_after: "same" } } }));
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const seen: unknown[] = [];
    const walk = (async () => {
      for await (const item of intercom.paginate("/contacts")) seen.push(item);
    })();
    await expect(walk).rejects.toMatchObject({ name: "IntercomError", code: "invalid_response" });
    expect(server.requests).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  test("scroll: the same scroll_param on each page is followed until an empty page", async () => {
    let n = 0;
    server = await startFakeServer((_req, res) => json(res, 200, { type: "dataset.scroll", data: ++n <= 3 ? [{ type: "company", id: `s${n}` }] : [], scroll_param: "constant" }));
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const ids: string[] = [];
    for await (const company of intercom.paginate("/companies/scroll")) ids.push((company as { id: string }).id);
    expect(ids).toEqual(["s1", "s2", "s3"]);
  });
});

// The walk itself (src/helpers/kit/pages.ts) and each style's next page (src/helpers/paginate), over
// an in-process fetch that answers scripted pages: what is asked for, what is yielded, when it stops.
describe("walking pages (issue 22)", () => {
  /** A client whose fetch answers `pages[n]` to its n-th request and records each query. */
  function scripted(pages: unknown[]) {
    const asked: Record<string, string>[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url);
      asked.push(Object.fromEntries(url.searchParams));
      const page = pages[asked.length - 1];
      return page === undefined ? new Response(null, { status: 204 }) : Response.json(page);
    };
    return { asked, intercom: createIntercom({ token: "t", baseUrl: "https://api.intercom.test", fetch: fetch as typeof globalThis.fetch, retry: 0 }) };
  }
  const contacts = (ids: string[], next?: string | null) => ({
    type: "list",
    data: ids.map((id) => ({ type: "contact", id })),
    pages: { type: "pages", next: next === undefined ? null : next === null ? null : { starting_after: next } },
  });
  const ids = async (iterable: AsyncIterable<unknown>) => (await collect(iterable)).map((item) => (item as { id: string }).id);

  test("a page larger than asked for does not overrun `limit`", async () => {
    const { asked, intercom } = scripted([contacts(["c1", "c2", "c3", "c4", "c5"], "c5"), contacts(["c6"])]);
    expect(await ids(intercom.paginate("/contacts", { limit: 3 }))).toEqual(["c1", "c2", "c3"]);
    expect(asked).toHaveLength(1);
  });

  test("`limit` counts across pages and stops the walk once reached", async () => {
    const { asked, intercom } = scripted([contacts(["c1", "c2"], "c2"), contacts(["c3", "c4"], "c4"), contacts(["c5"])]);
    expect(await ids(intercom.paginate("/contacts", { limit: 3 }))).toEqual(["c1", "c2", "c3"]);
    expect(asked).toEqual([{}, { starting_after: "c2" }]);
    const all = scripted([contacts(["c1", "c2"], "c2"), contacts(["c3"])]);
    expect(await ids(all.intercom.paginate("/contacts", { limit: 3 }))).toEqual(["c1", "c2", "c3"]);
  });

  test("without `limit`, every page is walked until one has no next cursor", async () => {
    const { asked, intercom } = scripted([contacts(["c1"], "c1"), contacts(["c2"], "c2"), contacts(["c3"], null), contacts(["never"])]);
    expect(await ids(intercom.paginate("/contacts", { params: { query: { per_page: 1 } } }))).toEqual(["c1", "c2", "c3"]);
    expect(asked).toEqual([{ per_page: "1" }, { per_page: "1", starting_after: "c1" }, { per_page: "1", starting_after: "c2" }]);
  });

  test("an empty page ends the walk even when it names a next cursor; so does an empty cursor", async () => {
    const empty = scripted([contacts(["c1"], "c1"), contacts([], "c9"), contacts(["never"])]);
    expect(await ids(empty.intercom.paginate("/contacts"))).toEqual(["c1"]);
    expect(empty.asked).toHaveLength(2);
    const blank = scripted([contacts(["c1"], ""), contacts(["never"])]);
    expect(await ids(blank.intercom.paginate("/contacts"))).toEqual(["c1"]);
    expect(blank.asked).toHaveLength(1);
  });

  test("a body without the list's items, or no body at all, is an empty page", async () => {
    const missing = scripted([{ type: "list", pages: { next: { starting_after: "x" } } }]);
    expect(await ids(missing.intercom.paginate("/contacts"))).toEqual([]);
    const notArray = scripted([{ type: "list", data: { id: "c1" }, pages: { next: { starting_after: "x" } } }]);
    expect(await ids(notArray.intercom.paginate("/contacts"))).toEqual([]);
    const none = scripted([]);
    expect(await ids(none.intercom.paginate("/contacts"))).toEqual([]);
    expect(none.asked).toHaveLength(1);
  });

  test("a cursor the walk has followed before ends it with IntercomError naming the page", async () => {
    const { asked, intercom } = scripted([contacts(["c1"], "a"), contacts(["c2"], "b"), contacts(["c3"], "a"), contacts(["never"])]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of intercom.paginate("/contacts")) seen.push((item as { id: string }).id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ status: 200, code: "invalid_response", message: "pagination: page 4 named as the next page one already read; stopping rather than looping" });
    expect(seen).toEqual(["c1", "c2", "c3"]);
    expect(asked).toHaveLength(3);
  });

  test("the first page's own query counts as followed: a page naming it again is a loop", async () => {
    const { asked, intercom } = scripted([contacts(["c1"], "a"), contacts(["c2"], "a")]);
    await expect(collect(intercom.paginate("/contacts", { params: { query: { starting_after: "a" } } as never }))).rejects.toThrow("pagination: page 2 named as the next page");
    expect(asked).toEqual([{ starting_after: "a" }]);
  });

  test("an abort before the walk starts sends nothing; one between pages asks for no next page", async () => {
    const before = scripted([contacts(["c1"], "c1")]);
    await expect(collect(before.intercom.paginate("/contacts", { signal: AbortSignal.abort() }))).rejects.toMatchObject({ name: "AbortError" });
    expect(before.asked).toHaveLength(0);
    const between = scripted([contacts(["c1"], "c1"), contacts(["c2"])]);
    const controller = new AbortController();
    const seen: string[] = [];
    const walk = (async () => {
      for await (const item of between.intercom.paginate("/contacts", { signal: controller.signal })) {
        seen.push((item as { id: string }).id);
        controller.abort(new Error("enough"));
      }
    })();
    await expect(walk).rejects.toThrow("enough");
    expect(seen).toEqual(["c1"]);
    expect(between.asked).toHaveLength(1);
  });

  test("page numbers: from the page the query starts at, by `pages.page`, until `total_pages`", async () => {
    const companies = (n: number, pages: Record<string, unknown>) => ({ type: "list", data: [{ type: "company", id: `co${n}` }], pages });
    const started = scripted([companies(2, { total_pages: 4 }), companies(3, { total_pages: 4 }), companies(4, { total_pages: 4 }), companies(5, {})]);
    expect(await ids(started.intercom.paginate("/companies", { params: { query: { page: 2 } } }))).toEqual(["co2", "co3", "co4"]);
    expect(started.asked.map((q) => q.page)).toEqual(["2", "3", "4"]);
    // The server's own page number wins over the one asked for.
    const told = scripted([companies(1, { page: 5, total_pages: 7 }), companies(6, { page: 6, total_pages: 7 }), companies(7, { page: 7, total_pages: 7 })]);
    expect(await ids(told.intercom.paginate("/companies"))).toEqual(["co1", "co6", "co7"]);
    expect(told.asked.map((q) => q.page)).toEqual([undefined, "6", "7"]);
  });

  test("page numbers: a `pages.next` without `total_pages` goes on; neither ends the walk", async () => {
    const companies = (n: number, pages: Record<string, unknown> | undefined) => ({ type: "list", data: [{ type: "company", id: `co${n}` }], pages });
    const { asked, intercom } = scripted([companies(1, { next: "https://api.intercom.io/companies?page=2" }), companies(2, { next: null }), companies(3, {})]);
    expect(await ids(intercom.paginate("/companies"))).toEqual(["co1", "co2"]);
    expect(asked.map((q) => q.page)).toEqual([undefined, "2"]);
    const bare = scripted([companies(1, undefined), companies(2, {})]);
    expect(await ids(bare.intercom.paginate("/companies"))).toEqual(["co1"]);
  });

  test("scroll: an empty or missing scroll_param ends the walk", async () => {
    const scroll = (id: string, param: unknown) => ({ type: "dataset.scroll", data: [{ type: "company", id }], scroll_param: param });
    for (const param of ["", null, 42, undefined]) {
      const { asked, intercom } = scripted([scroll("s1", param), scroll("never", "p")]);
      expect(await ids(intercom.paginate("/companies/scroll"))).toEqual(["s1"]);
      expect(asked).toHaveLength(1);
    }
    const noBody = scripted([]);
    expect(await ids(noBody.intercom.paginate("/companies/scroll"))).toEqual([]);
    const walked = scripted([scroll("s1", "p1"), scroll("s2", "p2"), { type: "dataset.scroll", data: [], scroll_param: "p3" }]);
    expect(await ids(walked.intercom.paginate("/companies/scroll"))).toEqual(["s1", "s2"]);
    expect(walked.asked.map((q) => q.scroll_param)).toEqual([undefined, "p1", "p2"]);
  });

  test.each([0, -1, 1.5, Number.NaN])("limit %s is refused before any request", (limit) => {
    const { asked, intercom } = scripted([]);
    expect(() => intercom.paginate("/contacts", { limit })).toThrow(`paginate: limit must be a positive integer, got ${limit}`);
    expect(asked).toHaveLength(0);
  });

  test("an unknown list is refused naming what can be paged", () => {
    const { intercom } = scripted([]);
    expect(() => intercom.paginate("/me" as never)).toThrow(`paginate: "/me" is not a list this version can page through; pageable: ${Object.keys(lists).join(", ")}`);
  });
});
