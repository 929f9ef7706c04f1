// What the client logs at each level, through a capturing logger, against a loopback server.
import { afterEach, describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import type { Limiter, LogLevel } from "../src/index.js";
import { json, startFakeServer, type FakeServer, type Handler } from "./support/fake-server.js";

const TOKEN = "tok_LOGGING_never_in_lines";
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Level = "debug" | "info" | "warn" | "error";
function capturing() {
  const lines: { level: Level; message: string }[] = [];
  const at = (level: Level) => (message: string) => void lines.push({ level, message });
  const logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines, of: (level: Level) => lines.filter((line) => line.level === level).map((line) => line.message) };
}

const admin = { type: "admin", id: "1", email: "a@b.c" };
const ok: Handler = (_req, res) => json(res, 200, admin, { "x-request-id": "req-42" });

async function client(handler: Handler, logLevel: LogLevel | undefined, extra: Record<string, unknown> = {}) {
  server = await startFakeServer(handler);
  const log = capturing();
  const intercom = createIntercom({ token: TOKEN, baseUrl: server.url, logger: log.logger, retry: { limit: 2, backoffLimit: 5 }, ...(logLevel ? { logLevel } : {}), ...extra });
  return { intercom, ...log };
}

describe("logLevel", () => {
  test("is checked at construction, as is the logger", () => {
    expect(() => createIntercom({ token: "t", logLevel: "verbose" as never })).toThrow(/`logLevel` must be one of "off", "error", "warn", "info", "debug", got "verbose"/);
    expect(() => createIntercom({ token: "t", logger: { info() {} } as never })).toThrow(/`logger` must have debug, info, warn and error methods.*missing debug, warn, error/);
    expect(() => createIntercom({ token: "t", logBodies: "yes" as never })).toThrow(/`logBodies` must be a boolean/);
  });

  test.each([undefined, "off", "error", "warn"] as const)("%s logs no call", async (level) => {
    const { intercom, lines } = await client(ok, level);
    await intercom.GET("/me");
    expect(lines).toEqual([]);
  });

  test("info: one line per call with method, path template, status, duration, attempts and request id", async () => {
    const { intercom, lines } = await client((req, res, n) => (n === 2 ? json(res, 404, { type: "error.list", errors: [] }) : ok(req, res, n)), "info");
    await intercom.GET("/me");
    await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "c-77" } } });
    expect(lines.map((line) => line.level)).toEqual(["info", "info"]);
    expect(lines[0]!.message).toMatch(/^intercom-fetch: GET \/me 200 in \d+ ms, 1 attempt, request id req-42$/);
    // The template, not the id-bearing URL.
    expect(lines[1]!.message).toMatch(/^intercom-fetch: GET \/contacts\/\{contact_id\} 404 in \d+ ms, 1 attempt$/);
  });

  test("info counts the attempts of a retried call, and logs no retry line", async () => {
    const { intercom, lines } = await client((req, res, n) => (n < 3 ? json(res, 503, {}) : ok(req, res, n)), "info");
    await intercom.GET("/me");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toMatch(/GET \/me 200 in \d+ ms, 3 attempts, request id req-42$/);
  });

  test("info logs a call that fails without a response, with why", async () => {
    const { intercom, lines } = await client(() => new Promise(() => {}), "info", { timeout: 50, retry: 0 });
    await expect(intercom.GET("/me")).rejects.toThrow(/timed out/);
    expect(lines.map((line) => line.message)).toEqual([expect.stringMatching(/^intercom-fetch: GET \/me failed \(timeout\) after \d+ ms, 1 attempt$/)]);
  });

  test("debug: also each retry with its reason and delay", async () => {
    const { intercom, of } = await client((req, res, n) => (n === 1 ? json(res, 503, {}) : n === 2 ? json(res, 500, {}) : ok(req, res, n)), "debug");
    await intercom.GET("/me");
    expect(of("debug")).toEqual([
      expect.stringMatching(/^intercom-fetch: GET \/me: attempt 2 after \d+ ms \(status 503\)$/),
      expect.stringMatching(/^intercom-fetch: GET \/me: attempt 3 after \d+ ms \(status 500\)$/),
    ]);
    expect(of("info")).toEqual([expect.stringMatching(/3 attempts/)]);
  });

  test("debug: rate-limit holds with their wait", async () => {
    const headers = () => ({ "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 1) });
    const { intercom, of } = await client((_req, res, n) => json(res, 200, admin, n === 1 ? headers() : {}), "debug");
    await intercom.GET("/me");
    await intercom.GET("/me");
    const debug = of("debug");
    expect(debug[0]).toMatch(/^intercom-fetch: rate limit: 0 of 10 left \(status 200\) until \S+Z; holding requests \d+ ms$/);
    expect(debug[1]).toMatch(/^intercom-fetch: GET \/me: attempt 1 held \d+ ms by the rate-limit window$/);
    expect(Number(/held (\d+) ms/.exec(debug[1]!)![1])).toBeGreaterThan(0);
  });

  test("the limiter's failure is one warn line by default, every fallback a debug line, nothing when off", async () => {
    const broken: Limiter = { take: () => Promise.reject(new Error("redis down")), observe: () => Promise.reject(new Error("redis down")) };
    const headers = { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "99", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 60) };
    for (const level of ["off", "warn", "debug"] as const) {
      const { intercom, of, lines } = await client((_req, res) => json(res, 200, admin, headers), level, { limiter: broken });
      await intercom.GET("/me");
      await intercom.GET("/me");
      await server!.close();
      if (level === "off") expect(lines).toEqual([]);
      else expect(of("warn")).toEqual([expect.stringMatching(/^intercom-fetch: the shared rate limiter failed \(redis down\); counting in this process alone/)]);
      if (level === "debug") expect(of("debug")).toContainEqual(expect.stringMatching(/shared limiter unavailable \(redis down\)/));
      else expect(of("debug")).toEqual([]);
    }
  });

  test("a response that is not JSON (a download) is never read for a log line", async () => {
    const { intercom, of } = await client(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end("a,b\n1,2\n");
      },
      "debug",
      { logBodies: true },
    );
    const { data } = await intercom.GET("/me", { parseAs: "stream" });
    expect(await new Response(data as ReadableStream).text()).toBe("a,b\n1,2\n");
    expect(of("debug").filter((line) => line.includes(" body: "))).toEqual([]);
    expect(of("info")).toEqual([expect.stringMatching(/GET \/me 200/)]);
  });

  test("bodies only at debug with logBodies, secret-looking fields redacted", async () => {
    const handler: Handler = (_req, res) => json(res, 200, { type: "contact", id: "1", custom_attributes: { api_key: "k-123", note: "hi" } });
    const body = { role: "user" as const, email: "a@b.c", custom_attributes: { password: "p-456" } };
    for (const [level, logBodies, expected] of [
      ["debug", true, 2],
      ["debug", false, 0],
      ["info", true, 0],
    ] as const) {
      const { intercom, of } = await client(handler, level, { logBodies });
      await intercom.POST("/contacts", { body });
      await server!.close();
      const bodies = of("debug").filter((line) => line.includes(" body: "));
      expect(bodies).toHaveLength(expected);
      for (const line of bodies) expect(line).not.toMatch(/k-123|p-456/);
      if (expected) expect(bodies.join("\n")).toMatch(/"password":"\[redacted\]".*\n.*"api_key":"\[redacted\]","note":"hi"/);
    }
  });
});
