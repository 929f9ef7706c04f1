// withTracing from intercom-fetch/otel, through the SDK's in-memory exporter: one CLIENT span per
// call with the stable HTTP client attributes, Intercom's request id, and events for holds and resends.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from "@opentelemetry/semantic-conventions";
import { ATTR_URL_TEMPLATE } from "@opentelemetry/semantic-conventions/incubating";
import { afterEach, describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { where } from "../src/index.js";
import { withTracing } from "../src/otel/index.js";
import { json, startFakeServer, type FakeServer, type Handler } from "./support/fake-server.js";

let server: FakeServer | undefined;
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterEach(async () => {
  await server?.close();
  server = undefined;
  exporter.reset();
});

const admin = { type: "admin", id: "1" };

async function traced(handler: Handler, extra: Record<string, unknown> = {}) {
  server = await startFakeServer(handler);
  return withTracing(createIntercom({ token: "t", baseUrl: server.url, retry: { limit: 2, backoffLimit: 5 }, ...extra }), { tracerProvider: provider });
}

describe("withTracing", () => {
  test("one CLIENT span per call, named after the path template, with the stable HTTP attributes", async () => {
    const intercom = await traced((_req, res) => json(res, 200, admin, { "x-request-id": "req-7" }));
    await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "c-1" } } });
    const [span, ...others] = exporter.getFinishedSpans();
    expect(others).toEqual([]);
    const port = Number(new URL(server!.url).port);
    expect(span!.name).toBe("GET /contacts/{contact_id}");
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toEqual({
      [ATTR_HTTP_REQUEST_METHOD]: "GET",
      [ATTR_URL_TEMPLATE]: "/contacts/{contact_id}",
      [ATTR_URL_FULL]: `${server!.url}/contacts/c-1`,
      [ATTR_SERVER_ADDRESS]: "127.0.0.1",
      [ATTR_SERVER_PORT]: port,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
      "intercom.request_id": "req-7",
    });
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
  });

  test("resends: a resend count and one event per retry with its reason and delay", async () => {
    const intercom = await traced((_req, res, n) => (n < 3 ? json(res, 503, {}) : json(res, 200, admin)));
    await intercom.GET("/me");
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT]).toBe(2);
    expect(span!.events.map((e) => [e.name, e.attributes?.attempt, e.attributes?.reason])).toEqual([
      ["intercom-fetch.retry", 2, "status 503"],
      ["intercom-fetch.retry", 3, "status 503"],
    ]);
    expect(span!.events.every((e) => typeof e.attributes?.delay_ms === "number")).toBe(true);
  });

  test("a rate-limit hold is an event with its wait", async () => {
    const reset = () => String(Math.floor(Date.now() / 1000) + 1);
    const intercom = await traced((_req, res, n) => json(res, 200, admin, n === 1 ? { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset() } : {}));
    await intercom.GET("/me");
    await intercom.GET("/me");
    const [, second] = exporter.getFinishedSpans();
    expect(second!.events).toEqual([expect.objectContaining({ name: "intercom-fetch.rate_limit_hold", attributes: { attempt: 1, wait_ms: expect.any(Number) } })]);
    expect(second!.events[0]!.attributes!.wait_ms as number).toBeGreaterThan(0);
  });

  test("an error status and a failure set error.type and the span's status", async () => {
    const intercom = await traced((req, res) => (req.url === "/me" ? json(res, 404, { type: "error.list", errors: [] }) : new Promise(() => {})), { timeout: 50 });
    await intercom.GET("/me");
    await expect(intercom.GET("/admins", { retry: 1 })).rejects.toThrow(/timed out/);
    const [notFound, timedOut] = exporter.getFinishedSpans();
    expect(notFound!.attributes[ATTR_ERROR_TYPE]).toBe("404");
    expect(notFound!.status.code).toBe(SpanStatusCode.ERROR);
    expect(timedOut!.attributes[ATTR_ERROR_TYPE]).toBe("timeout");
    expect(timedOut!.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT]).toBe(1);
    expect(timedOut!.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBeUndefined();
    expect(timedOut!.status).toEqual({ code: SpanStatusCode.ERROR, message: "GET /admins timed out after 50 ms" });
  });

  test("helpers' requests are traced, each its own span", async () => {
    const intercom = await traced((_req, res) => json(res, 200, { type: "list", data: [{ id: "1" }], total_count: 1, pages: {} }));
    for await (const _ of intercom.search.contacts(where("email", "=", "a@b.c"))) void _;
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["POST /contacts/search"]);
  });

  test("url.full keeps the query but not the value of a secret-looking parameter", async () => {
    const intercom = await traced((_req, res) => json(res, 200, { type: "list", data: [] }));
    await intercom.GET("/contacts", { params: { query: { per_page: 5, api_key: "k-1" } as never } });
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes[ATTR_URL_FULL]).toBe(`${server!.url}/contacts?per_page=5&api_key=REDACTED`);
  });

  test("the global provider by default; a client without withTracing makes no span", async () => {
    trace.setGlobalTracerProvider(provider);
    try {
      server = await startFakeServer((_req, res) => json(res, 200, admin));
      await createIntercom({ token: "t", baseUrl: server.url }).GET("/me");
      expect(exporter.getFinishedSpans()).toEqual([]);
      await withTracing(createIntercom({ token: "t", baseUrl: server.url })).GET("/me");
      expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["GET /me"]);
    } finally {
      trace.disable();
    }
  });

  test("refuses what is not a client, and traces a client once however often it is given", async () => {
    expect(() => withTracing({} as never)).toThrow(/expected a client from intercom-fetch/);
    const intercom = await traced((_req, res) => json(res, 200, admin));
    withTracing(intercom, { tracerProvider: provider });
    await intercom.GET("/me");
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });
});

describe("packaging", () => {
  /** Every file an entry loads, following the imports and requires between dist/ chunks. */
  function graph(entry: string, seen = new Set<string>()) {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const text = readFileSync(entry, "utf8");
    for (const [, spec] of text.matchAll(/(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)) {
      if (spec!.startsWith(".")) graph(path.resolve(path.dirname(entry), spec!), seen);
      else seen.add(spec!);
    }
    return seen;
  }

  test("only intercom-fetch/otel loads @opentelemetry/api; the core and the version entries never do", () => {
    expect(existsSync("dist/otel/index.js")).toBe(true);
    expect([...graph(path.resolve("dist/otel/index.js"))]).toContain("@opentelemetry/api");
    for (const entry of ["dist/index.js", "dist/2.11/index.js", "dist/2.11/core.js", "dist/unstable/index.js", "dist/redis/index.js", "dist/webhooks/index.js"]) {
      const loaded = [...graph(path.resolve(entry))];
      expect(loaded.filter((f) => f.startsWith("@opentelemetry/") || f.includes("/otel/"))).toEqual([]);
      for (const file of loaded.filter((f) => f.startsWith("/"))) expect(readFileSync(file, "utf8")).not.toContain("rate_limit_hold");
    }
  });

  test("the CommonJS build of the core requires no @opentelemetry package either", () => {
    for (const entry of ["dist/index.cjs", "dist/2.11/index.cjs"]) {
      const loaded = [...graph(path.resolve(entry))];
      expect(loaded.length).toBeGreaterThan(1);
      expect(loaded.filter((f) => f.startsWith("@opentelemetry/"))).toEqual([]);
    }
    expect([...graph(path.resolve("dist/otel/index.cjs"))]).toContain("@opentelemetry/api");
  });
});
