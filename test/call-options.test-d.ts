// Per-call `timeout` and `retry` are typed on every path method and helper call.
import { trace } from "@opentelemetry/api";
import { describe, expectTypeOf, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { where } from "../src/index.js";
import { withTracing } from "../src/otel/index.js";

const intercom = createIntercom({ token: "t" });

describe("per-call options", () => {
  test("path methods take timeout and retry in the client's forms", () => {
    void intercom.GET("/me", { timeout: 100 });
    void intercom.GET("/me", { retry: false });
    void intercom.GET("/me", { retry: { limit: 1, backoffLimit: 50 } });
    void intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "1" } }, timeout: 100, retry: 0, signal: AbortSignal.timeout(1000), headers: { "X-Trace": "1" } });
    void intercom.request("get", "/me", { timeout: 100 });
    // @ts-expect-error a timeout is a number of ms
    void intercom.GET("/me", { timeout: "1s" });
    // @ts-expect-error retry is a count, false or options
    void intercom.GET("/me", { retry: "2" });
    // @ts-expect-error no such retry option
    void intercom.GET("/me", { retry: { retries: 2 } });
    // @ts-expect-error the operation's own params are still checked
    void intercom.GET("/contacts/{contact_id}", { params: { path: {} }, timeout: 100 });
  });

  test("helpers take them where they take a signal", () => {
    void intercom.search.contacts(where("email", "=", "a@b.c"), { timeout: 100, retry: 0 });
    void intercom.paginate("/contacts", { timeout: 100, retry: false });
    void intercom.conversations.note("1", { admin_id: "7", body: "hi" }, { timeout: 100 });
    void intercom.exports.get("job", { timeout: 100, retry: 1 });
    void intercom.exports.wait("job", { retry: 1 });
    // @ts-expect-error a timeout is a number of ms
    void intercom.search.contacts(where("email", "=", "a@b.c"), { timeout: "1s" });
    // @ts-expect-error a timeout is a number of ms
    void intercom.paginate("/contacts", { timeout: "1s" });
  });
});

describe("logging and tracing options", () => {
  test("the README's examples compile; a wrong level or logger does not", () => {
    const logged = createIntercom({ token: "t", logger: console, logLevel: "debug", logBodies: true });
    expectTypeOf(withTracing(logged)).toEqualTypeOf<typeof logged>();
    withTracing(logged, { tracerProvider: trace.getTracerProvider() });
    // @ts-expect-error no such level
    createIntercom({ token: "t", logLevel: "verbose" });
    // @ts-expect-error a logger needs debug, info, warn and error
    createIntercom({ token: "t", logger: { info() {} } });
    // @ts-expect-error unknown options are refused by the types too
    createIntercom({ token: "t", retries: 3 });
  });
});
