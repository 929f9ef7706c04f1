// Per-call `timeout` and `retry` override the client's for that call only, on the path methods and
// the helpers, against a slow and a failing loopback server.
import { afterEach, describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { where } from "../src/index.js";
import { json, startFakeServer, type FakeServer, type Handler } from "./support/fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(handler: Handler) {
  server = await startFakeServer(handler);
  // The client's own settings: a long timeout, two retries (with a tiny backoff, to keep it fast).
  return createIntercom({ token: "t", baseUrl: server.url, timeout: 60_000, retry: { limit: 2, backoffLimit: 5 } });
}

const admin = { type: "admin", id: "1" };
const failing: Handler = (_req, res) => json(res, 503, { type: "error.list", errors: [] });
/** Answers after `ms`. */
const slow =
  (ms: number): Handler =>
  (_req, res) =>
    new Promise<void>((resolve) => setTimeout(() => resolve(json(res, 200, admin)), ms));

describe("per-call timeout", () => {
  test("fires at 100 ms while the client's is 60 s, and does not leak to the next call", async () => {
    const intercom = await client(slow(400));
    const started = performance.now();
    await expect(intercom.GET("/me", { timeout: 100, retry: 0 })).rejects.toThrow("GET /me timed out after 100 ms");
    expect(performance.now() - started).toBeLessThan(380);
    // The next call waits the client's 60 s, so the 400 ms answer arrives.
    const { data } = await intercom.GET("/me");
    expect(data).toEqual(admin);
  });

  test("applies to every attempt of the call", async () => {
    const intercom = await client(slow(400));
    await expect(intercom.GET("/me", { timeout: 50, retry: 1 })).rejects.toThrow("timed out after 50 ms");
    expect(server!.requests).toHaveLength(2);
  });
});

describe("per-call retry", () => {
  test("0 against the client's 2: one attempt; the next call has three again", async () => {
    const intercom = await client(failing);
    expect((await intercom.GET("/me", { retry: 0 })).response.status).toBe(503);
    expect(server!.requests).toHaveLength(1);
    await intercom.GET("/me");
    expect(server!.requests).toHaveLength(4);
  });

  test.each([
    [false, 1],
    [1, 2],
    [{ limit: 3 }, 4],
  ] as const)("%j: %i attempts, keeping the client's backoff", async (retry, attempts) => {
    const intercom = await client(failing);
    await intercom.GET("/me", { retry });
    expect(server!.requests).toHaveLength(attempts);
  });

  test("never makes a write retryable", async () => {
    const intercom = await client(failing);
    await intercom.POST("/contacts", { body: { email: "a@b.c" }, retry: 3 });
    expect(server!.requests).toHaveLength(1);
  });
});

describe("per-call options are checked before any request", () => {
  test.each([
    [{ timeout: 0 }, RangeError, /GET \/me: `timeout` must be a positive number of ms, got 0/],
    [{ timeout: "1s" }, RangeError, /`timeout` must be a positive number of ms, got "1s"/],
    [{ retry: -1 }, RangeError, /`retry.limit` must be a non-negative integer/],
    [{ retry: "2" }, TypeError, /`retry` must be a number, false or/],
    [{ retry: { retries: 2 } }, TypeError, /unknown option `retry.retries`/],
  ])("%j", async (init, type, message) => {
    const intercom = await client(() => {
      throw new Error("no request expected");
    });
    const call = intercom.GET("/me", init as never);
    await expect(call).rejects.toThrow(type);
    await expect(call).rejects.toThrow(message);
    expect(server!.requests).toHaveLength(0);
  });
});

describe("helpers take them too", () => {
  const page = { type: "list", data: [{ id: "1" }], total_count: 1, pages: {} };

  test("search: timeout checked at once; without per-call options the client's retry applies", async () => {
    const intercom = await client((req, res, n) => (n === 1 ? failing(req, res, n) : json(res, 200, page)));
    const query = where("email", "=", "a@b.c");
    expect(() => intercom.search.contacts(query, { timeout: "1s" as never })).toThrow(RangeError);
    const found = [];
    for await (const contact of intercom.search.contacts(query)) found.push(contact);
    expect(found).toEqual([{ id: "1" }]);
    expect(server!.requests).toHaveLength(2);
  });

  test("search with retry 0 gets the 503 as an error, one request", async () => {
    const intercom = await client(failing);
    const results = intercom.search.contacts(where("email", "=", "a@b.c"), { retry: 0 });
    await expect(results[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 503 });
    expect(server!.requests).toHaveLength(1);
  });

  test("paginate: per-call timeout on each page", async () => {
    const intercom = await client(slow(400));
    await expect(intercom.paginate("/contacts", { timeout: 50, retry: 0 })[Symbol.asyncIterator]().next()).rejects.toThrow("GET /contacts timed out after 50 ms");
  });

  test("replies: retry 0 on a reply (a write, never retried anyway) and a timeout", async () => {
    const intercom = await client(slow(400));
    await expect(intercom.conversations.note("1", { admin_id: "7", body: "hi" }, { timeout: 50 })).rejects.toThrow("timed out after 50 ms");
    await expect(intercom.conversations.note("1", { admin_id: "7", body: "hi" }, { timeout: -5 })).rejects.toThrow(RangeError);
  });

  test("exports: get with retry 0 against the client's 2", async () => {
    const intercom = await client(failing);
    await expect(intercom.exports.get("job-1", { retry: 0 })).rejects.toMatchObject({ status: 503 });
    expect(server!.requests).toHaveLength(1);
  });
});
