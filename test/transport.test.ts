import { inspect } from "node:util";
import { afterEach, describe, expect, test, vi } from "vitest";
import { IntercomError } from "../src/index.js";
import { createIntercom } from "../generated/2.11/index.js";
import { freePort } from "../scripts/lib/prism.mjs";
import { admin as answer, clocked, drive, later, T0, watch } from "./support/clocked-fetch.js";
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

// Retries on a fake clock, over an in-process fetch: which attempts are sent, and when (issue 22).
describe("retries on a fake clock (issue 22)", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  const rateLimited = (reset: number) => ({ "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
  const at = (sent: { at: number }[]) => sent.map((s) => s.at);
  const refused = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
  const event = { body: { event_name: "e", created_at: 1, user_id: "u" } } as never;

  test("backoff doubles from one retry to the next, each delay drawn at random below its step (full jitter)", async () => {
    const random = vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const { sent, intercom } = clocked(() => answer({}, 503), { retry: { limit: 4 } });
    const { response } = await drive(intercom.GET("/me"));
    expect(response.status).toBe(503);
    expect(at(sent).map((ms) => Math.round(ms / 10) * 10)).toEqual([0, 300, 900, 2100, 4500]);
    random.mockReturnValue(0.5);
    sent.length = 0;
    const start = Date.now() - T0 * 1000;
    await drive(intercom.GET("/me"));
    expect(at(sent).map((ms) => Math.round((ms - start) / 10) * 10)).toEqual([0, 150, 450, 1050, 2250]);
  });

  test("backoffLimit caps every delay, the first and the later ones", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const { sent, intercom } = clocked(() => answer({}, 500), { retry: { limit: 3, backoffLimit: 200 } });
    await drive(intercom.GET("/me"));
    expect(at(sent).map((ms) => Math.round(ms / 10) * 10)).toEqual([0, 200, 400, 600]);
  });

  test("Retry-After is honoured on every retry, not only the first", async () => {
    const { sent, intercom } = clocked((n) => (n < 3 ? answer({ "retry-after": "2" }, 503) : answer()), { retry: { limit: 3 } });
    const { response } = await drive(intercom.GET("/me"));
    expect(response.status).toBe(200);
    expect(at(sent)).toEqual([0, 2000, 4000]);
  });

  test("Retry-After as an HTTP date, and X-RateLimit-Reset as a UNIX time, on a later retry too", async () => {
    const { sent, intercom } = clocked(
      (n) =>
        n === 1
          ? answer({ "retry-after": new Date((T0 + 3) * 1000).toUTCString() }, 429)
          : n === 2
            ? answer({ "retry-after": new Date((T0 + 7) * 1000).toUTCString() }, 503)
            : n === 3
              ? answer(rateLimited(T0 + 12), 429)
              : answer(),
      { retry: { limit: 3 } },
    );
    expect((await drive(intercom.GET("/me"))).response.status).toBe(200);
    expect(at(sent)).toEqual([0, 3000, 7000, 12_000]);
  });

  test("a later retry asking for longer than maxRetryAfter returns that answer instead of waiting", async () => {
    const { sent, intercom } = clocked((n) => answer({ "retry-after": n === 1 ? "1" : "61" }, 503), { retry: { limit: 3 } });
    const { response } = await drive(intercom.GET("/me"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("61");
    expect(at(sent)).toEqual([0, 1000]);
  });

  test("a first answer asking for exactly maxRetryAfter is waited for; a millisecond more is not", async () => {
    const { sent, intercom } = clocked((n) => (n === 1 ? answer({ "retry-after": "5" }, 429) : answer()), { retry: { maxRetryAfter: 5000 } });
    expect((await drive(intercom.GET("/me"))).response.status).toBe(200);
    expect(at(sent)).toEqual([0, 5000]);
    const over = clocked(() => answer({ "retry-after": "5.001" }, 429), { retry: { maxRetryAfter: 5000 } });
    expect((await drive(over.intercom.GET("/me"))).response.status).toBe(429);
    expect(over.sent).toHaveLength(1);
  });

  test("a write resent after a rate-limit 429 is not resent again on a 503, nor on another 429 with calls left", async () => {
    for (const second of [answer({}, 503), answer({ "x-ratelimit-remaining": "5" }, 429), answer({}, 500)]) {
      const { sent, intercom } = clocked((n) => (n === 1 ? answer(rateLimited(T0 + 1), 429) : second.clone()), { retry: { limit: 3 } });
      const { response } = await drive(intercom.POST("/events", event));
      expect(response.status).toBe(second.status);
      expect(sent.map((s) => s.method)).toEqual(["POST", "POST"]);
      vi.useRealTimers();
    }
  });

  test("a write refused by the rate limit twice is resent twice, each after its window's reset", async () => {
    const { sent, intercom } = clocked((n) => (n === 1 ? answer(rateLimited(T0 + 1), 429) : n === 2 ? answer(rateLimited(T0 + 3), 429) : answer({}, 202)), { retry: { limit: 3 } });
    const { response } = await drive(intercom.POST("/events", event));
    expect(response.status).toBe(202);
    expect(at(sent)).toEqual([0, 1000, 3000]);
    expect(new Set(sent.map((s) => s.body)).size).toBe(1);
  });

  test("a write whose connection was refused was never sent, so it is retried; one reset mid-way is not", async () => {
    const { sent, intercom } = clocked((n) => (n < 3 ? Promise.reject(refused("ECONNREFUSED")) : answer({}, 202)), { retry: { limit: 3, backoffLimit: 10 } });
    expect((await drive(intercom.POST("/events", event))).response.status).toBe(202);
    expect(sent).toHaveLength(3);
    const reset = clocked(() => Promise.reject(refused("ECONNRESET")), { retry: { limit: 3, backoffLimit: 10 } });
    const error = await drive(reset.intercom.POST("/events", event)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntercomError", code: "network_error", status: 0, message: "POST /events failed: ECONNRESET" });
    expect(reset.sent).toHaveLength(1);
  });

  test("a write refused on a retry (after a rate-limit 429) is retried; reset on a retry, it is not", async () => {
    const { sent, intercom } = clocked((n) => (n === 1 ? answer(rateLimited(T0 + 1), 429) : n === 2 ? Promise.reject(refused("ECONNREFUSED")) : answer({}, 202)), {
      retry: { limit: 3, backoffLimit: 10 },
    });
    expect((await drive(intercom.POST("/events", event))).response.status).toBe(202);
    expect(sent).toHaveLength(3);
    const reset = clocked((n) => (n === 1 ? answer(rateLimited(T0 + 1), 429) : Promise.reject(refused("ECONNRESET"))), { retry: { limit: 3, backoffLimit: 10 } });
    await expect(drive(reset.intercom.POST("/events", event))).rejects.toMatchObject({ code: "network_error" });
    expect(reset.sent).toHaveLength(2);
  });

  test("a GET that keeps failing on the network is retried `limit` times, then fails with the cause's code", async () => {
    const { sent, intercom } = clocked(() => Promise.reject(refused("ECONNRESET")), { retry: { limit: 2, backoffLimit: 10 } });
    const error = await drive(intercom.GET("/me")).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntercomError", code: "network_error", message: "GET /me failed: ECONNRESET" });
    expect((error as Error).cause).toMatchObject({ code: "ECONNRESET" });
    expect(sent).toHaveLength(3);
    const once = clocked(() => Promise.reject(refused("ECONNRESET")), { retry: false });
    await expect(drive(once.intercom.GET("/me"))).rejects.toMatchObject({ code: "network_error" });
    expect(once.sent).toHaveLength(1);
  });

  test("an error of a custom fetch that is not a network failure is thrown as it is, not retried", async () => {
    const bug = new RangeError("a bug in the fetch");
    const { sent, intercom } = clocked(() => Promise.reject(bug));
    await expect(drive(intercom.GET("/me"))).rejects.toBe(bug);
    expect(sent).toHaveLength(1);
  });

  test("each attempt has its own timeout; the call fails with `timeout` after the last", async () => {
    const hang = (_: number, request: Request) => new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { sent, intercom } = clocked(hang, { timeout: 1000, retry: { limit: 2 } });
    const error = await drive(intercom.GET("/me")).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntercomError", code: "timeout", status: 0, message: "GET /me timed out after 1000 ms" });
    expect(at(sent).map((ms) => Math.round(ms / 10) * 10)).toEqual([0, 1000, 2000]);
    const write = clocked(hang, { timeout: 1000, retry: { limit: 2 } });
    await expect(drive(write.intercom.POST("/events", event))).rejects.toMatchObject({ code: "timeout" });
    expect(write.sent).toHaveLength(1);
  });

  test("a call's own `timeout` and `retry` replace the client's for that call", async () => {
    const hang = (_: number, request: Request) => new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const { sent, intercom } = clocked(hang, { timeout: 10_000, retry: { limit: 2 } });
    await expect(drive(intercom.GET("/me", { timeout: 500, retry: 0 }))).rejects.toMatchObject({ code: "timeout", message: "GET /me timed out after 500 ms" });
    expect(at(sent)).toEqual([0]);
    const failing = clocked(() => answer({}, 503), { retry: false });
    await drive(failing.intercom.GET("/me", { retry: { limit: 1, backoffLimit: 10 } }));
    expect(failing.sent).toHaveLength(2);
  });

  test("a retry's body is the first attempt's, for a read-only POST", async () => {
    const { sent, intercom } = clocked((n) => (n < 3 ? answer({}, 502) : Response.json({ type: "list", data: [] })), { retry: { limit: 2, backoffLimit: 10 } });
    const body = { query: { field: "email", operator: "=", value: "a@b.c" } } as const;
    await drive(intercom.POST("/contacts/search", { body }));
    expect(sent.map((s) => JSON.parse(s.body))).toEqual([body, body, body]);
  });

  test("behind a baseUrl with a path prefix, a read-only POST is still retried and a write still is not", async () => {
    vi.useFakeTimers({ now: T0 * 1000, toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    const paths: string[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => (paths.push(new URL(new Request(input, init).url).pathname), answer({}, 503));
    const intercom = createIntercom({ token: TOKEN, baseUrl: "https://proxy.example.test/intercom", fetch: fetch as typeof globalThis.fetch, retry: { limit: 1, backoffLimit: 10 } });
    await drive(intercom.POST("/contacts/search", { body: { query: { field: "email", operator: "=", value: "a@b.c" } } }));
    expect(paths).toEqual(["/intercom/contacts/search", "/intercom/contacts/search"]);
    paths.length = 0;
    await drive(intercom.POST("/contacts", { body: { email: "a@b.c" } }));
    expect(paths).toEqual(["/intercom/contacts"]);
  });

  test("an abort during a later retry's wait rejects with the caller's reason and sends nothing more", async () => {
    const { sent, intercom } = clocked(() => answer({ "retry-after": "5" }, 503), { retry: { limit: 3 } });
    const controller = new AbortController();
    const call = watch(intercom.GET("/me", { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(6_000);
    expect(sent).toHaveLength(2);
    const reason = new Error("stop");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(call).toMatchObject({ done: true, error: reason });
    expect(sent).toHaveLength(2);
  });

  test.each(["HEAD", "OPTIONS", "PUT", "DELETE"])("%s is idempotent: retried on every attempt", async (method) => {
    const { sent, intercom } = clocked((n) => (n < 3 ? answer({}, 503) : answer()), { retry: { limit: 2, backoffLimit: 10 } });
    const { response } = await drive((intercom as unknown as Record<string, (path: string, init?: unknown) => Promise<{ response: Response }>>)[method]!("/me"));
    expect(response.status).toBe(200);
    expect(sent.map((s) => s.method)).toEqual([method, method, method]);
  });

  test("a PATCH is sent once on a 503, and resent on every rate-limit 429", async () => {
    const patch = (intercom: unknown) => (intercom as { PATCH: (path: string, init?: unknown) => Promise<{ response: Response }> }).PATCH("/me", { body: {} });
    const once = clocked(() => answer({}, 503), { retry: { limit: 2, backoffLimit: 10 } });
    expect((await drive(patch(once.intercom))).response.status).toBe(503);
    expect(once.sent).toHaveLength(1);
    const limited = clocked((n) => (n < 3 ? answer(rateLimited(T0 + n), 429) : answer()), { retry: { limit: 2 } });
    expect((await drive(patch(limited.intercom))).response.status).toBe(200);
    expect(at(limited.sent)).toEqual([0, 1000, 2000]);
  });

  test("Retry-After on a status other than 429 and 503 is not a wait: the backoff applies", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const { sent, intercom } = clocked((n) => (n < 3 ? answer({ "retry-after": "30" }, n === 1 ? 500 : 502) : answer()), { retry: { limit: 2 } });
    await drive(intercom.GET("/me"));
    expect(at(sent).map((ms) => Math.round(ms / 10) * 10)).toEqual([0, 300, 900]);
  });

  test("a failed attempt's body is cancelled before the retry, not left to hold the connection", async () => {
    const cancelled: number[] = [];
    const { intercom } = clocked((n) =>
      n < 3 ? new Response(new ReadableStream({ pull: () => undefined, cancel: () => void cancelled.push(n) }), { status: 503, headers: { "content-type": "application/json" } }) : answer(),
    );
    await drive(intercom.GET("/me"));
    expect(cancelled).toContain(1);
  });

  test("a network error without a code names the error's message", async () => {
    const { intercom } = clocked(() => Promise.reject(new TypeError("fetch failed")), { retry: false });
    await expect(drive(intercom.GET("/me"))).rejects.toMatchObject({ code: "network_error", message: "GET /me failed: fetch failed" });
  });

  test("a call's bad `timeout` or `retry` is refused naming the call, before any request", async () => {
    const { sent, intercom } = clocked(() => answer());
    await expect(intercom.GET("/me", { timeout: -1 })).rejects.toThrow("GET /me: `timeout` must be a positive number of ms, got -1");
    await expect(intercom.GET("/me", { retry: "often" as never })).rejects.toThrow("GET /me: `retry` must be a number");
    expect(sent).toHaveLength(0);
  });

  test.each([1, 3])("a body that stalls after the headers times out, on attempt %i too", async (last) => {
    const stalled = () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"type":')) }), { headers: { "content-type": "application/json" } });
    const { sent, intercom } = clocked((n) => (n < last ? answer({}, 503) : stalled()), { timeout: 1000, retry: { limit: 2, backoffLimit: 10 } });
    await expect(drive(intercom.GET("/me"))).rejects.toMatchObject({ name: "IntercomError", code: "timeout" });
    expect(sent).toHaveLength(last);
  });

  test("a call admitted after its signal aborted is not sent, and frees its place for the next", async () => {
    // The debug logger hears of the hold as the call is admitted, before the call goes on: the abort lands in between.
    const controller = new AbortController();
    const reason = new Error("too late");
    const logger = { debug: (l: string) => void (l.includes("attempt 1 held") && controller.abort(reason)), info: () => undefined, warn: () => undefined, error: () => undefined };
    const { sent, intercom } = clocked(async () => (await later(100), answer()), { maxConcurrency: 1, logger, logLevel: "debug" });
    const first = watch(intercom.GET("/me"));
    const aborted = watch(intercom.GET("/me", { signal: controller.signal }));
    const third = watch(intercom.GET("/me"));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first.done).toBe(true);
    expect(aborted).toMatchObject({ done: true, error: reason });
    expect(third.done).toBe(true);
    expect(sent).toHaveLength(2);
  });

  test("the debug log tells each resend's attempt, reason and delay, and each hold", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const lines: string[] = [];
    const logger = { debug: (l: string) => lines.push(l), info: () => undefined, warn: () => undefined, error: () => undefined };
    const { intercom } = clocked((n) => (n === 1 ? Promise.reject(refused("ECONNRESET")) : n === 2 ? answer(rateLimited(T0 + 4), 429) : n === 3 ? answer(rateLimited(T0 + 10), 500) : answer()), {
      retry: { limit: 3 },
      logger,
      logLevel: "debug",
    });
    await drive(intercom.GET("/me"));
    const resends = lines.filter((l) => / attempt \d+ after /.test(l));
    expect(resends).toEqual([
      expect.stringContaining("GET /me: attempt 2 after 150 ms (network error (ECONNRESET))"),
      expect.stringContaining("GET /me: attempt 3 after 3850 ms (rate limited (429))"),
      expect.stringContaining("GET /me: attempt 4 after 600 ms (status 500)"),
    ]);
    // The third attempt went at 4000 ms and the fourth after 600 ms more; the window the third answer used up ends at 10 s.
    expect(lines.filter((l) => / held /.test(l))).toEqual([expect.stringContaining("GET /me: attempt 4 held 5400 ms by the rate-limit window")]);
  });

  test("the debug log names a timeout as the reason for a resend", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const lines: string[] = [];
    const logger = { debug: (l: string) => lines.push(l), info: () => undefined, warn: () => undefined, error: () => undefined };
    const { intercom } = clocked(
      (n, request) =>
        n === 1
          ? new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)))
          : n === 2
            ? Promise.reject(new TypeError("fetch failed"))
            : answer(),
      { timeout: 1000, logger, logLevel: "debug" },
    );
    await drive(intercom.GET("/me"));
    expect(lines.filter((l) => / attempt \d+ after /.test(l))).toEqual([
      expect.stringMatching(/attempt 2 after \d+ ms \(timeout\)$/),
      expect.stringMatching(/attempt 3 after \d+ ms \(network error\)$/),
    ]);
  });
});

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
