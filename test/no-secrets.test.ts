// The token and secrets never reach a log line (at any level, bodies included), a span attribute,
// a span event or a span's status, whatever the call's outcome.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import type { LogLevel } from "../src/index.js";
import { withTracing } from "../src/otel/index.js";
import { json, startFakeServer, type FakeServer } from "./support/fake-server.js";

// Recognizable, so that any copy of it (or of its distinctive part) is found.
const TOKEN = "tok_RECOGNIZABLE_5ecr3t_9f8e7d6c";
const SECRET = "whsec_RECOGNIZABLE_c0ffee";
const NEEDLES = [TOKEN, "5ecr3t_9f8e7d6c", SECRET, "c0ffee", "Bearer"];

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer((req, res, n) => {
    if (req.url.startsWith("/slow")) return new Promise(() => {});
    if (req.url === "/busy" && n % 2 === 1) return json(res, 429, { type: "error.list", errors: [] }, { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "retry-after": "0" });
    if (req.url === "/broken") return json(res, 503, { type: "error.list", errors: [{ code: "x", message: "echo: no secret here" }] });
    // Echoes a secret-bearing body, as an API might.
    return json(res, 200, { type: "admin", id: "1", client_secret: SECRET, auth: { access_token: TOKEN } }, { "x-request-id": "req-1" });
  });
});
afterAll(() => server.close());

test.each(["off", "error", "warn", "info", "debug"] as const)("at %s, with bodies asked for and tracing on", async (logLevel: LogLevel) => {
  const lines: string[] = [];
  const capture = (message: unknown, ...rest: unknown[]) => void lines.push([message, ...rest].map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" "));
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const failing = { take: () => Promise.reject(new Error("limiter down")), observe: () => Promise.reject(new Error("limiter down")) };
  const intercom = withTracing(
    createIntercom({
      token: TOKEN,
      baseUrl: server.url,
      logger: { debug: capture, info: capture, warn: capture, error: capture },
      logLevel,
      logBodies: true,
      limiter: failing,
      timeout: 100,
      retry: { limit: 1, backoffLimit: 5, maxRetryAfter: 1000 },
    }),
    { tracerProvider: provider },
  );

  await intercom.GET("/me");
  await intercom.POST("/contacts", { body: { role: "user", email: "a@b.c", custom_attributes: { password: SECRET, api_token: TOKEN } } });
  await intercom.GET("/busy" as never);
  await intercom.GET("/broken" as never);
  await expect(intercom.GET("/slow" as never)).rejects.toThrow(/timed out/);
  await expect(
    createIntercom({ token: TOKEN, baseUrl: "http://127.0.0.1:9", retry: 0, logger: { debug: capture, info: capture, warn: capture, error: capture }, logLevel }).GET("/me"),
  ).rejects.toThrow();

  const spans = exporter.getFinishedSpans();
  const seen = [...lines, ...spans.flatMap((span) => [span.name, JSON.stringify(span.attributes), JSON.stringify(span.events), JSON.stringify(span.status)])].join("\n");
  // Something was recorded, so the check below is not vacuous.
  expect(spans.length).toBe(5);
  if (logLevel === "debug") expect(lines.some((line) => line.includes("body:"))).toBe(true);
  for (const needle of NEEDLES) expect(seen).not.toContain(needle);
});
