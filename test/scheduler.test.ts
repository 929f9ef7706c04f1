// The rate-limit scheduler in the transport, against scripted loopback servers: what it admits,
// what it holds and in which order, and which 429s are resent.
import { afterEach, describe, expect, test, vi } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { json, startFakeServer, type FakeServer, type Handler } from "./support/fake-server.js";
import { manifest } from "../generated/2.11/core.js";
import { createFakeIntercom } from "../src/testing/index.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const windowHeaders = (limit: number, remaining: number, reset: number) => ({
  "x-ratelimit-limit": String(limit),
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": String(reset),
});
const event = (id: string) => ({ body: { event_name: "e", created_at: 1, user_id: "u", metadata: { load_id: id } } as never });

describe("429s", () => {
  test("a write refused by the rate limit (Remaining 0) is resent after the reset, and applied once", async () => {
    let reset = 0;
    let applied = 0;
    server = await startFakeServer((_req, res, n) => {
      if (n === 1) {
        reset = Math.floor(Date.now() / 1000) + 1;
        return json(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] }, windowHeaders(10, 0, reset));
      }
      applied++;
      json(res, 202, {}, windowHeaders(10, 9, reset + 1));
    });
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const { response } = await intercom.POST("/events", event("a"));
    expect(response.status).toBe(202);
    expect(applied).toBe(1);
    expect(server.requests.map((r) => JSON.parse(r.body).metadata.load_id)).toEqual(["a", "a"]);
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 50);
  });

  test("the exports API's one-active-job 429 (a window with calls left) is not resent", async () => {
    server = await startFakeServer((_req, res) =>
      json(
        res,
        429,
        { type: "error.list", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 1 pending message data export jobs" }] },
        windowHeaders(10, 7, Math.floor(Date.now() / 1000) + 5),
      ),
    );
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const { response } = await intercom.POST("/export/content/data", { body: { created_at_after: 1, created_at_before: 2 } });
    expect(response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  test("retry: false sends a rate-limited write once", async () => {
    server = await startFakeServer((_req, res) => json(res, 429, {}, windowHeaders(10, 0, Math.floor(Date.now() / 1000) + 1)));
    const intercom = createIntercom({ token: "t", baseUrl: server.url, retry: false });
    expect((await intercom.POST("/events", event("a"))).response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });
});

/**
 * The fake Intercom with 1-second windows of `limit` calls, and what it answered: the calls let
 * through per window (by `X-RateLimit-Reset`), and the 429s.
 */
function rateLimitedFake(limit: number) {
  const fake = createFakeIntercom({ manifest, rateLimit: { limit, windowSeconds: 1 } });
  const admitted = new Map<string, number>();
  let tooMany = 0;
  return {
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: async (input: Request | string | URL, init?: RequestInit) => {
      const response = await fake.fetch(input, init);
      if (response.status === 429) tooMany++;
      else admitted.set(response.headers.get("x-ratelimit-reset")!, (admitted.get(response.headers.get("x-ratelimit-reset")!) ?? 0) + 1);
      return response;
    },
    stats: () => ({ tooMany, perWindow: [...admitted.values()] }),
  };
}

describe("admission", () => {
  test("requests beyond the window's room wait for the next window, in the order they came", async () => {
    const limited = rateLimitedFake(5);
    const intercom = createIntercom({ token: limited.token, baseUrl: limited.baseUrl, fetch: limited.fetch });
    await intercom.GET("/me"); // calibrates: limit 5, the window's end
    const order: number[] = [];
    await Promise.all(Array.from({ length: 12 }, (_, i) => intercom.GET("/me").then(() => order.push(i))));
    const { tooMany, perWindow } = limited.stats();
    expect(tooMany).toBe(0);
    expect(perWindow.every((admitted) => admitted <= 5)).toBe(true);
    // Held requests go in arrival order, window after window.
    expect(order.slice(0, 4).every((i) => i < 4)).toBe(true);
    expect(order.slice(-4).every((i) => i >= 8)).toBe(true);
    expect(intercom.rateLimit.limit).toBe(5);
  });

  test("waitForRateLimit: false sends at once and lets the 429s come", async () => {
    const limited = rateLimitedFake(3);
    const intercom = createIntercom({ token: limited.token, baseUrl: limited.baseUrl, fetch: limited.fetch, waitForRateLimit: false, retry: false });
    await intercom.GET("/me");
    const statuses = await Promise.all(Array.from({ length: 6 }, () => intercom.GET("/me").then((r) => r.response.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(limited.stats().tooMany).toBe(statuses.filter((s) => s === 429).length);
  });

  test("maxConcurrency caps the requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const slow: Handler = async (_req, res) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      json(res, 200, { type: "admin", id: "1" });
    };
    server = await startFakeServer(slow);
    const intercom = createIntercom({ token: "t", baseUrl: server.url, maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => intercom.GET("/me")));
    expect(server.requests).toHaveLength(12);
    expect(most).toBe(3);
  });

  test("an abort while held in the queue rejects that call only, and sends nothing", async () => {
    server = await startFakeServer(async (_req, res) => (await new Promise((r) => setTimeout(r, 100)), json(res, 200, { type: "admin", id: "1" })));
    const intercom = createIntercom({ token: "t", baseUrl: server.url, maxConcurrency: 1 });
    const controller = new AbortController();
    const first = intercom.GET("/me");
    const held = intercom.GET("/me", { signal: controller.signal });
    controller.abort();
    await expect(held).rejects.toMatchObject({ name: "AbortError" });
    await first;
    expect(server.requests).toHaveLength(1);
  });
});

describe("options", () => {
  test.each([
    [{ maxConcurrency: 0 }, /`maxConcurrency` must be a positive integer/],
    [{ maxConcurrency: 1.5 }, /`maxConcurrency`/],
    [{ limiter: {} }, /`limiter` must have `take` and `observe`/],
    [{ onLimiterError: "warn" }, /`onLimiterError` must be a function/],
  ])("%j is refused at construction", (options, message) => {
    expect(() => createIntercom({ token: "t", ...(options as object) })).toThrow(message);
  });
});

describe("a shared limiter that answers nonsense (issue 22)", () => {
  test.each([
    ["a string", "3"],
    ["null", null],
    ["-1", -1],
    ["NaN", Number.NaN],
    ["1.5", 1.5],
  ])("take() resolving %s counts as a limiter failure: calls go on, counted alone, without spinning", async (_name, answer) => {
    const fake = createFakeIntercom({ manifest, rateLimit: { limit: 100, windowSeconds: 2 } });
    let takes = 0;
    const errors: unknown[] = [];
    const limiter = { take: async () => (takes++, answer as number), observe: async () => undefined };
    const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch, limiter, onLimiterError: (e) => errors.push(e) });
    await intercom.GET("/me"); // calibrates: the limiter is asked from the next call on
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => intercom.GET("/me")));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(takes).toBeLessThanOrEqual(2);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/limiter\.take\(\) resolved/);
  });
});

describe("the wake timer (issue 22)", () => {
  test("is cleared when the last held request aborts: nothing keeps the process alive until the window's end", async () => {
    const set = vi.spyOn(globalThis, "setTimeout");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    try {
      const reset = Math.floor(Date.now() / 1000) + 30;
      const fetch = async () => Response.json({ type: "admin", id: "1" }, { headers: windowHeaders(10, 0, reset) });
      const intercom = createIntercom({ token: "t", baseUrl: "http://127.0.0.1:9", fetch, retry: false });
      await intercom.GET("/me"); // Remaining 0: the next call waits for the reset
      const controller = new AbortController();
      const held = intercom.GET("/me", { signal: controller.signal });
      await new Promise((r) => setImmediate(r));
      // The one timer set for the window's end, some 30 s away.
      const at = set.mock.calls.findIndex(([, ms]) => typeof ms === "number" && ms > 20_000 && ms <= 30_000);
      expect(at).not.toBe(-1);
      const wake = set.mock.results[at]!.value;
      controller.abort();
      await expect(held).rejects.toMatchObject({ name: "AbortError" });
      expect(clear).toHaveBeenCalledWith(wake);
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });
});
