// How each runtime's fetch fails, as the transport sees it (src/core/network-errors.ts). The real
// runtimes are in test/runtimes.test.ts; these are the shapes, through a `fetch` that fails like each.
import { describe, expect, test } from "vitest";
import { isConnectionRefused, isNetworkError } from "../src/core/network-errors.js";
import { IntercomError } from "../src/index.js";
import { createIntercom } from "../generated/2.11/index.js";

const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
const workerd = new Error("Network connection lost.");

describe("isNetworkError", () => {
  test.each([
    ["undici (Node)", refused, true],
    ["a browser", new TypeError("Failed to fetch"), true],
    ["workerd", workerd, true],
    ["a bug in a custom fetch", new RangeError("Invalid array length"), false],
    ["a plain Error about something else", new Error("boom"), false],
    ["a subclass that happens to say it", Object.assign(new (class Custom extends Error {})("Network connection lost.")), false],
    ["not an Error", "Network connection lost.", false],
  ])("%s", (_, error, expected) => {
    expect(isNetworkError(error)).toBe(expected);
  });

  test("is false while the signal is aborted: that failure is the abort", () => {
    expect(isNetworkError(workerd, AbortSignal.abort())).toBe(false);
  });

  test("a refusal is known only where the runtime says so", () => {
    // As Bun 1.4 and Deno 2.9 reject a fetch to a closed loopback port.
    const bun = Object.assign(new TypeError("ECONNREFUSED: Unable to connect. Is the computer able to access the url?"), { code: "ECONNREFUSED" });
    const deno = new TypeError("fetch failed", {
      cause: new Error("error sending request for url (http://127.0.0.1:45999/): client error (Connect): tcp connect error: Connection refused (os error 111)"),
    });
    const reset = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    expect([refused, bun, deno, workerd, new TypeError("Failed to fetch"), reset].map(isConnectionRefused)).toEqual([true, true, true, false, false, false]);
  });
});

describe("the transport, given workerd's failures", () => {
  test("a lost connection is retried, then surfaces as IntercomError network_error", async () => {
    let calls = 0;
    const intercom = createIntercom({ token: "tok_SECRET", retry: { limit: 2, backoffLimit: 5 }, fetch: async () => (calls++, Promise.reject(new Error("Network connection lost."))) });
    const error = await intercom.GET("/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect((error as IntercomError).code).toBe("network_error");
    expect((error as IntercomError).message).toBe("GET /me failed: Network connection lost.");
    expect(calls).toBe(3);
  });

  test("a POST that may have been sent is not repeated", async () => {
    let calls = 0;
    const intercom = createIntercom({ token: "t", retry: { limit: 2, backoffLimit: 5 }, fetch: async () => (calls++, Promise.reject(new Error("Network connection lost."))) });
    const error = await intercom.POST("/notes" as never, {} as never).catch((e: unknown) => e);
    expect((error as IntercomError).code).toBe("network_error");
    expect(calls).toBe(1);
  });

  test("an abort rejects with the caller's reason, even when fetch rejects with a copy", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const intercom = createIntercom({
      token: "t",
      fetch: (_, init) => new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error(String((init.signal!.reason as Error).message))))),
    });
    const call = intercom.GET("/me", { signal: controller.signal });
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});
