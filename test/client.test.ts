import { inspect } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { IntercomError } from "../src/index.js";
import { createIntercom as create210, apiVersion as v210 } from "../generated/2.10/index.js";
import { createIntercom, apiVersion } from "../generated/2.11/index.js";
import { createIntercom as createUnstable, apiVersion as vUnstable } from "../generated/unstable/index.js";
import { loadSpec } from "./support/versions.js";
import { json, startFakeServer, type FakeServer } from "./support/fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fetch that records the request and answers without any network. */
function capture() {
  const seen: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init));
    return Response.json({ type: "admin", id: "1" });
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

describe("apiVersion", () => {
  test("is each pinned file's info.version, Preview for Unstable at this commit", () => {
    expect(v210).toBe(loadSpec("2.10").info.version);
    expect(apiVersion).toBe(loadSpec("2.11").info.version);
    expect(vUnstable).toBe(loadSpec("unstable").info.version);
    expect([v210, apiVersion, vUnstable]).toEqual(["2.10", "2.11", "Preview"]);
  });
});

describe("createIntercom sends", () => {
  test("Authorization, Accept and the pinned Intercom-Version on every request", async () => {
    const { seen, fetch } = capture();
    const intercom = createIntercom({ token: "tok_123", fetch, headers: { "X-Trace": "abc" } });
    await intercom.GET("/me");
    await intercom.POST("/contacts/search", { body: { query: { field: "email", operator: "=", value: "a@b.c" } } });
    for (const request of seen) {
      expect(request.headers.get("authorization")).toBe("Bearer tok_123");
      expect(request.headers.get("accept")).toBe("application/json");
      expect(request.headers.get("intercom-version")).toBe("2.11");
      expect(request.headers.get("x-trace")).toBe("abc");
    }
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(["GET https://api.intercom.io/me", "POST https://api.intercom.io/contacts/search"]);
  });

  test("each version its own header value", async () => {
    const a = capture();
    const b = capture();
    await create210({ token: "t", fetch: a.fetch }).GET("/me");
    await createUnstable({ token: "t", fetch: b.fetch }).GET("/me");
    expect(a.seen[0]!.headers.get("intercom-version")).toBe("2.10");
    expect(b.seen[0]!.headers.get("intercom-version")).toBe("Preview");
  });

  test.each([
    ["us", "https://api.intercom.io/me"],
    ["eu", "https://api.eu.intercom.io/me"],
    ["au", "https://api.au.intercom.io/me"],
  ] as const)("region %s to the spec's server", async (region, url) => {
    const { seen, fetch } = capture();
    await createIntercom({ token: "t", region, fetch }).GET("/me");
    expect(seen[0]!.url).toBe(url);
  });

  test("baseUrl over region, keeping its path prefix", async () => {
    const { seen, fetch } = capture();
    await createIntercom({ token: "t", region: "eu", baseUrl: "http://127.0.0.1:9/proxy/", fetch }).GET("/me");
    expect(seen[0]!.url).toBe("http://127.0.0.1:9/proxy/me");
  });

  test("query parameters in the style each declares", async () => {
    const { seen, fetch } = capture();
    // GET /events takes its filter object as form-exploded parameters, not filter[user_id]=...
    await createIntercom({ token: "t", fetch }).GET("/events", {
      params: { query: { filter: { user_id: "u 1" }, type: "user", per_page: 5 } as never },
    });
    expect(new URL(seen[0]!.url).search).toBe("?user_id=u%201&type=user&per_page=5");
    // GET /content/search (Unstable) takes comma-separated arrays.
    const u = capture();
    await createUnstable({ token: "t", fetch: u.fetch }).GET("/content/search", {
      params: { query: { query: "refund", states: ["published", "draft"], tag_ids: [1, 2] } as never },
    });
    expect(new URL(u.seen[0]!.url).search).toBe("?query=refund&states=published,draft&tag_ids=1,2");
  });

  test("names and object keys are percent-encoded: a key from input cannot add parameters (issue 22)", async () => {
    const { seen, fetch } = capture();
    await createIntercom({ token: "t", fetch }).GET("/events", {
      params: { query: { filter: { "user_id&admin=1": "u" }, "type&x=1": "user", nested: { "a]&b=1": "v" } } as never },
    });
    const params = new URL(seen[0]!.url).searchParams;
    expect([...params.keys()].sort()).toEqual(["nested[a]&b=1]", "type&x=1", "user_id&admin=1"]);
    expect(params.get("user_id&admin=1")).toBe("u");
    expect(params.has("admin")).toBe(false);
    expect(params.has("x")).toBe(false);
    expect(params.has("b")).toBe(false);
  });
});

describe("createIntercom refuses bad options at once", () => {
  test.each([
    [{}, /`token` is required/],
    [{ token: "" }, /`token` is required/],
    [{ token: "a b" }, /whitespace/],
    [{ token: "t", region: "mars" }, /unknown region "mars"; Intercom 2\.11 has us, eu, au/],
    [{ token: "t", baseUrl: "api.intercom.io" }, /not an absolute URL/],
    [{ token: "t", baseUrl: "ftp://x" }, /must be http\(s\)/],
    [{ token: "t", baseUrl: "https://u:p@x" }, /credentials/],
    [{ token: "t", timeout: 0 }, /`timeout` must be a positive number/],
    [{ token: "t", timeout: Number.NaN }, /`timeout`/],
    [{ token: "t", retry: -1 }, /`retry.limit` must be a non-negative integer/],
    [{ token: "t", retry: { maxRetryAfter: 1.5 } }, /`retry.maxRetryAfter`/],
    [{ token: "t", headers: { authorization: "Bearer other" } }, /must not set authorization/],
    [{ token: "t", headers: { "Intercom-Version": "2.9" } }, /must not set Intercom-Version/],
    [{ token: "t", fetch: "nope" }, /`fetch` must be a function/],
    [{ token: "t\u0000x" }, /control characters/],
    [{ token: "t", baseUrl: "http://proxy.example.com" }, /http: to proxy\.example\.com, which would send the token unencrypted/],
    [{ token: "t", baseUrl: "http://10.0.0.5:8080/intercom" }, /allowInsecureHttp/],
    [{ token: "t\u001b[2Jx" }, /control characters/],
    [{ token: "t", retry: { backoffLimit: 2 ** 31 } }, /`retry.backoffLimit` must be at most 2147483647/],
    [{ token: "t", retry: { maxRetryAfter: 2 ** 31 } }, /`retry.maxRetryAfter` must be at most 2147483647/],
    [{ token: "t", timeout: 2 ** 31 }, /`timeout`/],
  ])("%j", (options, message) => {
    expect(() => createIntercom(options as never)).toThrow(message);
  });

  test("an http: baseUrl: loopback accepted, anything else only with allowInsecureHttp (issue 22)", () => {
    for (const baseUrl of ["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010", "https://proxy.example.com"]) expect(() => createIntercom({ token: "t", baseUrl })).not.toThrow();
    expect(() => createIntercom({ token: "t", baseUrl: "http://proxy.internal", allowInsecureHttp: true })).not.toThrow();
  });

  test("and the message never carries the token", () => {
    for (const token of ["secret token with spaces", "secret\u0000token"]) {
      expect(() => createIntercom({ token })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(token) }));
    }
  });
});

describe("responses", () => {
  test("decode to data, and an Intercom error body to error", async () => {
    server = await startFakeServer((req, res) =>
      req.url === "/me"
        ? json(res, 200, { type: "admin", id: "7", email: "a@b.c" })
        : json(res, 404, { type: "error.list", request_id: "req-1", errors: [{ code: "not_found", message: "Contact Not Found" }] }),
    );
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const me = await intercom.GET("/me");
    expect(me.data).toMatchObject({ id: "7", email: "a@b.c" });
    const missing = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "x" } } });
    expect(missing.data).toBeUndefined();
    expect(missing.error).toMatchObject({ type: "error.list", errors: [{ code: "not_found" }] });
    expect(missing.response.status).toBe(404);
  });
});

describe("IntercomError (issue 22)", () => {
  test("util.inspect, JSON.stringify and spreading do not print the response or its URL's query", async () => {
    const response = new Response("{}", { status: 403 });
    Object.defineProperty(response, "url", { value: "https://bucket.example.com/export.gz?X-Amz-Signature=SECRET_SIGNATURE" });
    const error = IntercomError.from({ error: { type: "error.list", errors: [{ code: "forbidden" }] }, response });
    expect(error.response).toBe(response);
    for (const text of [inspect(error, { depth: 10 }), JSON.stringify(error), JSON.stringify({ ...error })]) expect(text).not.toContain("SECRET_SIGNATURE");
  });
});
