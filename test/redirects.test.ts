// The client's own redirect handling, over a custom `fetch` that does what the Fetch standard does
// not promise for every implementation: it follows nothing and strips nothing. Whatever the token
// does or does not reach is then the client's doing (Node's fetch, which the loopback tests use,
// would strip Authorization across origins by itself and hide a regression).
import { describe, expect, test } from "vitest";
import { IntercomError } from "../src/index.js";
import { createIntercom as createVersioned } from "../generated/2.11/index.js";

const TOKEN = "tok_redirects";
const BASE = "https://api.intercom.test";

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  redirect: RequestRedirect | undefined;
}

type Answer = (sent: Sent, n: number) => Response;

/** A fetch that records what it is given and answers from `answer`; it never follows a redirect itself. */
function rawFetch(answer: Answer) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const entry = { method: request.method, url: request.url, headers: request.headers, body: await request.text(), redirect: init?.redirect };
    sent.push(entry);
    return answer(entry, sent.length);
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

const redirect = (status: number, location?: string, body?: BodyInit) => new Response(body ?? null, { status, headers: location === undefined ? {} : { location } });
const ok = (body: unknown = { type: "admin", id: "1" }) => Response.json(body);
const client = (fetch: typeof globalThis.fetch, options: Record<string, unknown> = {}) => createVersioned({ token: TOKEN, baseUrl: BASE, fetch, retry: false, ...options });
const note = { body: { body: "hi" } } as const;

describe("credentials", () => {
  test("a redirect to another origin drops Authorization, Cookie and Proxy-Authorization; other headers go on", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(302, "https://files.elsewhere.test/dl?sig=x") : ok()));
    const intercom = client(fetch);
    const { data } = await intercom.GET("/me", { headers: { cookie: "session=1", "proxy-authorization": "Basic cHJveHk=", "x-trace": "t1" } });
    expect(data).toEqual({ type: "admin", id: "1" });
    expect(sent.map((s) => s.url)).toEqual([`${BASE}/me`, "https://files.elsewhere.test/dl?sig=x"]);
    expect(sent[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(sent[0]!.headers.get("cookie")).toBe("session=1");
    const [, second] = sent;
    expect(second!.headers.get("authorization")).toBeNull();
    expect(second!.headers.get("cookie")).toBeNull();
    expect(second!.headers.get("proxy-authorization")).toBeNull();
    expect(second!.headers.get("x-trace")).toBe("t1");
    expect(second!.headers.get("intercom-version")).toBe("2.11");
  });

  test("a same-origin redirect keeps every header, Authorization included", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(301, "/admins/1") : ok()));
    await client(fetch).GET("/me", { headers: { cookie: "session=1" } });
    expect(sent.map((s) => s.url)).toEqual([`${BASE}/me`, `${BASE}/admins/1`]);
    expect(sent[1]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(sent[1]!.headers.get("cookie")).toBe("session=1");
  });

  test("credentials dropped on the way out stay dropped when a later hop comes back to the first origin", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(302, "https://cdn.elsewhere.test/a") : n === 2 ? redirect(302, `${BASE}/admins/1`) : ok()));
    await client(fetch).GET("/me");
    expect(sent.map((s) => s.headers.get("authorization"))).toEqual([`Bearer ${TOKEN}`, null, null]);
  });

  test("each hop's Location is read against the URL of that hop, not the first request's", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(302, "https://cdn.elsewhere.test/a/b") : n === 2 ? redirect(302, "c") : ok()));
    await client(fetch).GET("/me");
    expect(sent.map((s) => s.url)).toEqual([`${BASE}/me`, "https://cdn.elsewhere.test/a/b", "https://cdn.elsewhere.test/a/c"]);
  });

  test("the custom fetch is asked not to follow redirects itself", async () => {
    const { sent, fetch } = rawFetch(() => ok());
    await client(fetch).GET("/me");
    expect(sent[0]!.redirect).toBe("manual");
  });
});

describe("methods and bodies", () => {
  test("303 turns a POST into a GET without its body or content headers", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(303, "/notes/1") : ok({ type: "note", id: "1" })));
    await client(fetch).POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: "c1" } }, ...note });
    expect(sent.map((s) => s.method)).toEqual(["POST", "GET"]);
    expect(sent[0]!.body).toBe('{"body":"hi"}');
    expect(sent[1]!.body).toBe("");
    expect(sent[1]!.headers.get("content-type")).toBeNull();
    expect(sent[1]!.headers.get("content-length")).toBeNull();
    expect(sent[1]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  test.each([301, 302])("%i turns a POST into a GET, as browsers do", async (status) => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(status, "/notes/1") : ok()));
    await client(fetch).POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: "c1" } }, ...note });
    expect(sent.map((s) => [s.method, s.body])).toEqual([
      ["POST", '{"body":"hi"}'],
      ["GET", ""],
    ]);
  });

  test.each([307, 308])("%i resends a POST as a POST, with the same body and content type", async (status) => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(status, "/v2/notes") : ok()));
    await client(fetch).POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: "c1" } }, ...note });
    expect(sent.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", `${BASE}/contacts/c1/notes`, '{"body":"hi"}'],
      ["POST", `${BASE}/v2/notes`, '{"body":"hi"}'],
    ]);
    expect(sent[1]!.headers.get("content-type")).toBe("application/json");
  });

  test("302 keeps a PUT a PUT, with its body: only a POST is turned into a GET", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? redirect(302, "/contacts/2") : ok({ type: "contact", id: "2" })));
    await client(fetch).PUT("/contacts/{contact_id}", { params: { path: { contact_id: "1" } }, body: { name: "x" } });
    expect(sent.map((s) => [s.method, s.body])).toEqual([
      ["PUT", '{"name":"x"}'],
      ["PUT", '{"name":"x"}'],
    ]);
  });

  test("a 3xx that is not a redirect, or a redirect without Location, is the answer", async () => {
    for (const response of [() => redirect(304), () => redirect(300, "/elsewhere"), () => redirect(302)]) {
      const { sent, fetch } = rawFetch(response);
      const { response: got } = await client(fetch).GET("/me");
      expect(sent).toHaveLength(1);
      expect(got.status).toBe(response().status);
    }
  });

  test("the redirect's own body is cancelled, not left to hold the connection", async () => {
    let cancelled = false;
    const body = new ReadableStream({ pull: () => undefined, cancel: () => void (cancelled = true) });
    const { fetch } = rawFetch((_, n) => (n === 1 ? redirect(302, "/admins/1", body) : ok()));
    await client(fetch).GET("/me");
    expect(cancelled).toBe(true);
  });
});

describe("loops", () => {
  test("five redirects are followed", async () => {
    const { sent, fetch } = rawFetch((_, n) => (n <= 5 ? redirect(302, `/hop/${n}`) : ok()));
    const { data } = await client(fetch).GET("/me");
    expect(data).toEqual({ type: "admin", id: "1" });
    expect(sent).toHaveLength(6);
  });

  test("a sixth is a loop: IntercomError too_many_redirects with the redirect's status, not retried", async () => {
    const { sent, fetch } = rawFetch(() => redirect(307, "/me"));
    const error = await client(fetch, { retry: { limit: 2, backoffLimit: 1 } })
      .GET("/me")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ code: "too_many_redirects", status: 307, message: "GET /me: more than 5 redirects (a redirect loop?)" });
    expect(sent).toHaveLength(6);
  });
});

describe("where the platform follows", () => {
  test("an opaque redirect (a browser's manual mode) is sent again for the platform to follow, body and all", async () => {
    const opaque = () => Object.defineProperty(new Response(null, { status: 200 }), "type", { value: "opaqueredirect" });
    const { sent, fetch } = rawFetch((_, n) => (n === 1 ? opaque() : ok()));
    const { data } = await client(fetch).POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: "c1" } }, ...note });
    expect(data).toEqual({ type: "admin", id: "1" });
    expect(sent.map((s) => [s.method, s.body, s.redirect])).toEqual([
      ["POST", '{"body":"hi"}', "manual"],
      ["POST", '{"body":"hi"}', undefined],
    ]);
  });

  test("a call that asks not to follow gets the redirect itself", async () => {
    const { sent, fetch } = rawFetch(() => redirect(302, "https://elsewhere.test/"));
    const { response } = await client(fetch).GET("/me", { redirect: "manual" } as never);
    expect(response.status).toBe(302);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.redirect).toBeUndefined();
  });
});
