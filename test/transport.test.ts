import { inspect } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { IntercomError } from "../src/index.js";
import { createIntercom } from "../generated/2.11/index.js";
import { freePort } from "../scripts/lib/prism.mjs";
import { json, startFakeServer, type FakeServer, type Handler } from "./support/fake-server.js";

const TOKEN = "tok_SECRET_never_in_messages";
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(handler: Handler, options: Record<string, unknown> = {}) {
  server = await startFakeServer(handler);
  // Tiny backoff keeps the suite fast; the rules under test do not depend on the delay.
  return createIntercom({ token: TOKEN, baseUrl: server.url, retry: { limit: 2, backoffLimit: 5 }, ...options });
}

const admin = { type: "admin", id: "1" };
const fail =
  (status: number, headers: Record<string, string> = {}) =>
  (_: unknown, res: Parameters<Handler>[1]) =>
    json(res, status, { type: "error.list", errors: [{ code: "server_error", message: "boom" }] }, headers);

describe("retries", () => {
  test.each([408, 429, 500, 502, 503, 504])("a GET answered %i is retried until it succeeds", async (status) => {
    const intercom = await client((req, res, n) => (n < 3 ? fail(status)(req, res) : json(res, 200, admin)));
    const { data } = await intercom.GET("/me");
    expect(data).toEqual(admin);
    expect(server!.requests).toHaveLength(3);
  });

  test("gives up after `limit` retries and returns the last error response", async () => {
    const intercom = await client(fail(500));
    const { error, response } = await intercom.GET("/me");
    expect(response.status).toBe(500);
    expect(error).toMatchObject({ errors: [{ code: "server_error" }] });
    expect(server!.requests).toHaveLength(3);
  });

  test.each([400, 401, 403, 404, 409, 422])("a %i is not retried", async (status) => {
    const intercom = await client(fail(status));
    await intercom.GET("/me");
    expect(server!.requests).toHaveLength(1);
  });

  test("PUT and DELETE are idempotent and retried", async () => {
    const intercom = await client((req, res, n) => (n % 2 === 1 ? fail(503)(req, res) : json(res, 200, { id: "1" })));
    await intercom.PUT("/contacts/{contact_id}", { params: { path: { contact_id: "1" } }, body: { name: "x" } });
    await intercom.DELETE("/contacts/{contact_id}", { params: { path: { contact_id: "1" } } });
    expect(server!.requests.map((r) => r.method)).toEqual(["PUT", "PUT", "DELETE", "DELETE"]);
  });

  test("a POST that writes is sent once, even on 503", async () => {
    const intercom = await client(fail(503));
    const { response } = await intercom.POST("/contacts", { body: { email: "a@b.c" } });
    expect(response.status).toBe(503);
    expect(server!.requests).toHaveLength(1);
  });

  test("a search POST only reads and is retried, with its body intact", async () => {
    const body = { query: { field: "email", operator: "=", value: "a@b.c" } } as const;
    const intercom = await client((req, res, n) => (n === 1 ? fail(502)(req, res) : json(res, 200, { type: "list", data: [] })));
    const { data } = await intercom.POST("/contacts/search", { body });
    expect(data).toMatchObject({ type: "list" });
    expect(server!.requests.map((r) => JSON.parse(r.body))).toEqual([body, body]);
  });

  test("Retry-After is honoured", async () => {
    const intercom = await client((req, res, n) => (n === 1 ? fail(429, { "retry-after": "1" })(req, res) : json(res, 200, admin)));
    const started = Date.now();
    await intercom.GET("/me");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server!.requests).toHaveLength(2);
  });

  test("Intercom's X-RateLimit-Reset (a UNIX time) is honoured", async () => {
    let reset = 0;
    const intercom = await client((req, res, n) => {
      if (n > 1) return json(res, 200, admin);
      reset = Math.ceil(Date.now() / 1000) + 1;
      return fail(429, { "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) })(req, res);
    });
    await intercom.GET("/me");
    expect(server!.requests).toHaveLength(2);
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 50);
  });

  test("a wait longer than maxRetryAfter is not waited for: the 429 comes back at once", async () => {
    const intercom = await client(fail(429, { "retry-after": "120" }));
    const started = Date.now();
    const { response } = await intercom.GET("/me");
    expect(response.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server!.requests).toHaveLength(1);
  });

  test("retry: false sends once", async () => {
    const intercom = await client(fail(503), { retry: false });
    await intercom.GET("/me");
    expect(server!.requests).toHaveLength(1);
  });
});

describe("timeouts and aborts", () => {
  const slow: Handler = (_req, res) => new Promise((resolve) => setTimeout(() => resolve(json(res, 200, admin)), 400));

  test("a timeout becomes IntercomError code timeout; a GET is retried, a write is not", async () => {
    const intercom = await client(slow, { timeout: 100 });
    const get = await intercom.GET("/me").catch((e: unknown) => e);
    expect(get).toBeInstanceOf(IntercomError);
    expect(get).toMatchObject({ status: 0, code: "timeout", message: "GET /me timed out after 100 ms" });
    expect(server!.requests).toHaveLength(3);
    const post = await intercom.POST("/contacts", { body: { email: "a@b.c" } }).catch((e: unknown) => e);
    expect(post).toMatchObject({ code: "timeout" });
    expect(server!.requests).toHaveLength(4);
  });

  test("an abort cancels the request in flight", async () => {
    const controller = new AbortController();
    // Aborted once the server holds the request, not after a fixed delay: on a loaded machine the
    // request may not have left by then, and the test would pass without a request in flight.
    const intercom = await client((req, res, n) => {
      controller.abort();
      return slow(req, res, n);
    });
    await expect(intercom.GET("/me", { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(server!.requests).toHaveLength(1);
  });

  test("an abort during a retry wait cancels every pending retry", async () => {
    const intercom = await client(fail(503, { "retry-after": "5" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(intercom.GET("/me", { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 200));
    expect(server!.requests).toHaveLength(1);
  });
});

describe("errors never carry the token", () => {
  const leaks = (error: unknown) => [String(error), inspect(error, { depth: 10 }), JSON.stringify(error)].some((text) => text.includes(TOKEN));

  test("network failure", async () => {
    const port = await freePort();
    const intercom = createIntercom({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}`, retry: { limit: 1, backoffLimit: 5 } });
    const error = await intercom.GET("/me").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntercomError", status: 0, code: "network_error" });
    expect(leaks(error)).toBe(false);
  });

  test("timeout", async () => {
    const intercom = await client((_req, res) => void setTimeout(() => json(res, 200, admin), 300), { timeout: 50, retry: false });
    const error = await intercom.GET("/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(leaks(error)).toBe(false);
  });

  test("IntercomError.from an error response, with Intercom's fields", async () => {
    const intercom = await client((_req, res) => json(res, 404, { type: "error.list", request_id: "req-42", errors: [{ code: "not_found", message: "User Not Found" }] }));
    const result = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "9" } } });
    const error = IntercomError.from(result);
    expect(error).toMatchObject({
      status: 404,
      code: "not_found",
      requestId: "req-42",
      errors: [{ code: "not_found", message: "User Not Found" }],
      message: "Intercom answered 404 to /contacts/9: not_found: User Not Found",
    });
    expect(error.response).toBe(result.response);
    expect(leaks(error)).toBe(false);
  });

  test("IntercomError.from a body that is not Intercom's JSON quotes its first bytes", async () => {
    const intercom = await client(
      (_req, res) => {
        res.writeHead(502, { "content-type": "text/html", "x-request-id": "edge-7" });
        res.end("<html><body>Bad gateway</body></html>");
      },
      { retry: false },
    );
    const error = IntercomError.from(await intercom.GET("/me"));
    expect(error).toMatchObject({ status: 502, requestId: "edge-7", code: undefined });
    expect(error.message).toBe("Intercom answered 502 to /me: <html><body>Bad gateway</body></html>");
  });
});
