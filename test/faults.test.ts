// Fault injection: a loopback server misbehaves by scenario, and each scenario checks the outcome
// a long-running sync needs: recovered without the caller noticing, or failed with the right
// error; a write applied at most once; the token in no error and no log line. Every scenario ends
// by itself within seconds.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { IntercomError } from "../src/index.js";
import { createIntercom } from "../generated/2.11/index.js";
import { manifest } from "../generated/2.11/meta.js";

const TOKEN = "tok_FAULT_SUITE_SECRET";
const admin = { type: "admin", id: "1", name: "A", email: "a@example.com" };

interface Row {
  scenario: string;
  requests: number;
  recovered: boolean;
  failedAsExpected: boolean;
  duplicatedWrites: number;
}
const table: Row[] = [];
const logged: string[] = [];

type Behaviour = (req: IncomingMessage & { body: string }, res: ServerResponse, n: number) => unknown;

/** A server whose nth request (1-based, per scenario) gets `behave`; writes count once their body is read. */
async function misbehaving(behave: Behaviour, options: { resetBeforeRead?: number; port?: number } = {}) {
  const state = { requests: 0, writesApplied: 0, connections: 0, authorizations: [] as (string | undefined)[] };
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    state.requests++;
    state.authorizations.push(req.headers.authorization);
    // A write is any POST but those the version's manifest lists as read-only (its searches).
    if (req.method === "POST" && !(manifest.readOnlyPosts as readonly string[]).includes(req.url!)) state.writesApplied++;
    await behave(Object.assign(req, { body }), res, state.requests);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // Reset the first connections before a byte of the request is read.
    if (++state.connections <= (options.resetBeforeRead ?? 0)) socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};
const errorList = (code: string) => ({ type: "error.list", request_id: null, errors: [{ code, message: code }] });

/** Requests the client put on the wire in the current scenario, refused connections included. */
let sent = 0;
const countingFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  sent++;
  return globalThis.fetch(input, init);
}) as typeof globalThis.fetch;

function clientFor(url: string, extra: Record<string, unknown> = {}) {
  return createIntercom({ token: TOKEN, baseUrl: url, timeout: 1000, retry: { limit: 2, backoffLimit: 20, maxRetryAfter: 5000 }, fetch: countingFetch, ...extra });
}

function leaks(value: unknown) {
  return [String(value), inspect(value, { depth: 8 }), JSON.stringify(value) ?? ""].some((text) => text.includes(TOKEN));
}

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

beforeAll(() => {
  // The client must log nothing with the token in it: capture every console line of the suite.
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => inspect(a)).join(" ")));
  }
});

afterAll(() => {
  vi.restoreAllMocks();
  expect(logged.filter((line) => line.includes(TOKEN))).toEqual([]);
  const header = ["scenario", "requests sent", "recovered", "failed as expected", "duplicated writes"];
  const rows = table.map((r) => [r.scenario, String(r.requests), r.recovered ? "yes" : "", r.failedAsExpected ? "yes" : "", String(r.duplicatedWrites)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(["", line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
  const totals = table.reduce((t, r) => ({ requests: t.requests + r.requests, dup: t.dup + r.duplicatedWrites }), { requests: 0, dup: 0 });
  console.log(
    `${table.length} scenarios, ${totals.requests} requests, ${table.filter((r) => r.recovered).length} recovered, ${table.filter((r) => r.failedAsExpected).length} failed as expected, ${totals.dup} duplicated writes`,
  );
  expect(totals.dup).toBe(0);
});

/** Runs one scenario: `expectation` says whether the call must succeed or fail, and how. */
async function scenario(
  name: string,
  server: Awaited<ReturnType<typeof misbehaving>>,
  call: () => Promise<unknown>,
  expectation: { recovers: true } | { fails: (error: unknown) => void },
  options: { started?: boolean } = {},
) {
  servers.push(server);
  if (!options.started) sent = 0;
  let outcome: unknown;
  let threw = false;
  try {
    outcome = await call();
  } catch (error) {
    threw = true;
    outcome = error;
  }
  const duplicatedWrites = Math.max(0, server.state.writesApplied - 1);
  table.push({ scenario: name, requests: sent, recovered: !threw && "recovers" in expectation, failedAsExpected: threw && "fails" in expectation, duplicatedWrites });
  expect(leaks(outcome), "the token leaked into the outcome").toBe(false);
  expect(duplicatedWrites).toBe(0);
  if ("recovers" in expectation) {
    expect(threw, `expected recovery, got ${String(outcome)}`).toBe(false);
  } else {
    expect(threw, "expected a failure").toBe(true);
    expectation.fails(outcome);
  }
  return outcome;
}

const get = (intercom: ReturnType<typeof clientFor>) => async () => {
  const result = await intercom.GET("/me");
  if (!result.response.ok) throw IntercomError.from(result);
  return result.data;
};
const write = (intercom: ReturnType<typeof clientFor>) => async () => {
  const result = await intercom.POST("/contacts", { body: { email: "new@example.com" } });
  if (!result.response.ok) throw IntercomError.from(result);
  return result.data;
};
const isError = (code: string, status?: number) => (error: unknown) => {
  expect(error).toBeInstanceOf(IntercomError);
  expect(error).toMatchObject({ code, ...(status === undefined ? {} : { status }) });
};

describe("fault injection", () => {
  test("connection reset before the request is read: a GET is retried", async () => {
    const server = await misbehaving((_req, res) => send(res, 200, admin), { resetBeforeRead: 1 });
    await scenario("reset before read, GET", server, get(clientFor(server.url)), { recovers: true });
  });

  test("connection reset before the request is read: a write fails and is not repeated", async () => {
    const server = await misbehaving((_req, res) => send(res, 200, { type: "contact", id: "1" }), { resetBeforeRead: 1 });
    await scenario("reset before read, POST", server, write(clientFor(server.url)), { fails: isError("network_error", 0) });
    expect(server.state.writesApplied).toBe(0);
  });

  test("connection refused (no byte sent): even a write is retried, and applied once", async () => {
    // The server comes up on its port only after the first attempt has been refused.
    const probe = await misbehaving(() => undefined);
    const port = new URL(probe.url).port;
    await probe.close();
    const intercom = clientFor(`http://127.0.0.1:${port}`, { retry: { limit: 3, backoffLimit: 400 } });
    sent = 0;
    const pending = write(intercom)();
    await new Promise((r) => setTimeout(r, 50));
    const server = await misbehaving((_req, res) => send(res, 200, { type: "contact", id: "1" }), { port: Number(port) });
    await scenario("connection refused, POST", server, () => pending, { recovers: true }, { started: true });
    expect(server.state.writesApplied).toBe(1);
  });

  test("connection reset after the request is read: a GET is retried", async () => {
    const server = await misbehaving((req, res, n) => (n === 1 ? req.socket.resetAndDestroy() : send(res, 200, admin)));
    await scenario("reset after read, GET", server, get(clientFor(server.url)), { recovers: true });
  });

  test("connection reset after the request is read: the write may have happened, so it is not sent again", async () => {
    const server = await misbehaving((req, res, n) => (n === 1 ? req.socket.resetAndDestroy() : send(res, 200, { type: "contact", id: "1" })));
    await scenario("reset after read, POST", server, write(clientFor(server.url)), { fails: isError("network_error", 0) });
    expect(server.state.writesApplied).toBe(1);
  });

  test("a reply slower than the timeout: a GET is retried", async () => {
    const server = await misbehaving((_req, res, n) => void setTimeout(() => send(res, 200, admin), n === 1 ? 1500 : 0));
    await scenario("delay past timeout, GET", server, get(clientFor(server.url)), { recovers: true });
  });

  test("a reply slower than the timeout: a write times out once", async () => {
    const server = await misbehaving((_req, res) => void setTimeout(() => send(res, 200, { type: "contact", id: "1" }), 1500));
    await scenario("delay past timeout, POST", server, write(clientFor(server.url)), { fails: isError("timeout", 0) });
  });

  test.each([500, 502, 503])("a burst of %i: a GET recovers", async (status) => {
    const server = await misbehaving((_req, res, n) => (n <= 2 ? send(res, status, errorList("server_error")) : send(res, 200, admin)));
    await scenario(`burst of ${status}, GET`, server, get(clientFor(server.url)), { recovers: true });
  });

  test("a burst of 503 on a write: returned to the caller, not repeated", async () => {
    const server = await misbehaving((_req, res) => send(res, 503, errorList("service_unavailable")));
    await scenario("burst of 503, POST", server, write(clientFor(server.url)), { fails: isError("service_unavailable", 503) });
  });

  test("429 with Retry-After: waited for, then recovered", async () => {
    const server = await misbehaving((_req, res, n) => (n === 1 ? send(res, 429, errorList("rate_limit_exceeded"), { "retry-after": "1" }) : send(res, 200, admin)));
    const started = Date.now();
    await scenario("429 with Retry-After", server, get(clientFor(server.url)), { recovers: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test("429 with X-RateLimit-Reset: waited for, then recovered; the hook heard of it", async () => {
    const events: unknown[] = [];
    const server = await misbehaving((_req, res, n) => {
      const reset = String(Math.ceil(Date.now() / 1000) + 1);
      if (n === 1) return send(res, 429, errorList("rate_limit_exceeded"), { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
      send(res, 200, admin, { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "99", "x-ratelimit-reset": reset });
    });
    const intercom = clientFor(server.url, { onRateLimit: (e: unknown) => events.push(e) });
    await scenario("429 with X-RateLimit-Reset", server, get(intercom), { recovers: true });
    expect(events).toEqual([expect.objectContaining({ status: 429, remaining: 0, limit: 100 })]);
    expect(intercom.rateLimit).toMatchObject({ limit: 100, remaining: 99 });
  });

  test("Remaining 0 on a success: the next request waits for the reset instead of collecting a 429", async () => {
    let reset = 0;
    const server = await misbehaving((_req, res, n) => {
      if (n === 1) reset = Math.ceil(Date.now() / 1000) + 1;
      const exhausted = n === 1;
      if (!exhausted && Date.now() < reset * 1000 - 50) return send(res, 429, errorList("rate_limit_exceeded"));
      send(res, 200, admin, { "x-ratelimit-limit": "2", "x-ratelimit-remaining": exhausted ? "0" : "1", "x-ratelimit-reset": String(reset) });
    });
    const intercom = clientFor(server.url, { retry: false });
    await scenario("Remaining 0, then a request", server, async () => (await get(intercom)(), await get(intercom)()), { recovers: true });
    expect(server.state.requests).toBe(2);
  });

  test.each([
    ["malformed JSON", (res: ServerResponse) => send(res, 200, '{"type":"admin",'), "not valid JSON"],
    ["an HTML page", (res: ServerResponse) => (res.writeHead(200, { "content-type": "text/html" }), res.end("<html>Gateway</html>")), "text/html where JSON was expected: <html>Gateway</html>"],
    ["an empty 200", (res: ServerResponse) => (res.writeHead(200, { "content-type": "application/json" }), res.end()), "an empty body"],
  ] as const)("%s: IntercomError with the status and the first bytes, not a SyntaxError", async (name, behave, message) => {
    const server = await misbehaving((_req, res) => behave(res));
    const error = await scenario(name, server, get(clientFor(server.url)), { fails: isError("invalid_response", 200) });
    expect((error as Error).message).toContain(message);
  });

  test("a truncated body (the connection drops mid-body): IntercomError, not a SyntaxError", async () => {
    const server = await misbehaving((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"type":"admin","id":"1","na');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await scenario("truncated body", server, get(clientFor(server.url, { retry: false })), { fails: isError("invalid_response", 200) });
  });

  test("a cross-origin redirect: followed, without the Authorization header", async () => {
    const other = await misbehaving((_req, res) => send(res, 200, admin));
    servers.push(other);
    const server = await misbehaving((_req, res) => (res.writeHead(302, { location: `${other.url}/me` }), res.end()));
    await scenario("cross-origin redirect", server, get(clientFor(server.url)), { recovers: true });
    expect(server.state.authorizations).toEqual([`Bearer ${TOKEN}`]);
    expect(other.state.authorizations).toEqual([undefined]);
  });

  test("a same-origin redirect keeps the Authorization header", async () => {
    const server = await misbehaving((req, res) => (req.url === "/me" ? (res.writeHead(307, { location: "/admins/1" }), res.end()) : send(res, 200, admin)));
    await scenario("same-origin redirect", server, get(clientFor(server.url)), { recovers: true });
    expect(server.state.authorizations).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  test("a redirect loop: one error after 5 hops, not retried as a network error (issue 22)", async () => {
    const server = await misbehaving((_req, res) => (res.writeHead(302, { location: "/me" }), res.end()));
    await scenario("redirect loop, GET", server, get(clientFor(server.url)), { fails: isError("too_many_redirects", 302) });
    expect(server.state.requests).toBe(6);
  });

  test("a 50 MB list page is read, and paging goes on", async () => {
    const filler = "x".repeat(1000);
    const big = JSON.stringify({
      type: "list",
      data: Array.from({ length: 50_000 }, (_, i) => ({ type: "contact", id: `c${i}`, notes: filler })),
      total_count: 50_001,
      pages: { type: "pages", next: { per_page: 50_000, starting_after: "c49999" } },
    });
    expect(big.length).toBeGreaterThan(50_000_000);
    const server = await misbehaving((req, res) =>
      req.url!.includes("starting_after") ? send(res, 200, { type: "list", data: [{ type: "contact", id: "last" }], total_count: 50_001, pages: { type: "pages", next: null } }) : send(res, 200, big),
    );
    const intercom = clientFor(server.url, { timeout: 20_000 });
    let count = 0;
    await scenario(
      "50 MB list page",
      server,
      async () => {
        for await (const _ of intercom.paginate("/contacts")) count++;
      },
      { recovers: true },
    );
    expect(count).toBe(50_001);
    expect(server.state.requests).toBe(2);
  }, 30_000);
});

describe("ids that would change the path (issue 22)", () => {
  /** A server that counts what reaches it: a refused id must reach nothing. */
  const recording = () => misbehaving((_req, res) => send(res, 200, { type: "list", data: [], pages: { type: "pages", next: null } }));
  const received = (server: Awaited<ReturnType<typeof recording>>) => server.state.requests;
  const refused = (param: string, template: string) => (error: unknown) => {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`\`${param}\``);
    expect((error as Error).message).toContain(template);
  };
  const ok = async (call: Promise<{ response: Response; error?: unknown }>) => {
    const result = await call;
    if (!result.response.ok) throw IntercomError.from(result as never);
    return result;
  };

  test('DELETE /contacts/{contact_id}/tags/{tag_id} with contact_id ".." is refused, and /tags/42 is never reached', async () => {
    const server = await recording();
    const intercom = clientFor(server.url);
    await scenario('id "..": detach a tag', server, () => ok(intercom.DELETE("/contacts/{contact_id}/tags/{tag_id}", { params: { path: { contact_id: "..", tag_id: "42" } } })), {
      fails: refused("contact_id", "/contacts/{contact_id}/tags/{tag_id}"),
    });
    expect(received(server)).toBe(0);
  });

  test('DELETE /contacts/{contact_id}/companies/{company_id} with contact_id ".." is refused', async () => {
    const server = await recording();
    const intercom = clientFor(server.url);
    await scenario('id "..": detach a company', server, () => ok(intercom.DELETE("/contacts/{contact_id}/companies/{company_id}", { params: { path: { contact_id: "..", company_id: "7" } } })), {
      fails: refused("contact_id", "/contacts/{contact_id}/companies/{company_id}"),
    });
    expect(received(server)).toBe(0);
  });

  test.each([".", ""])("GET /contacts/{contact_id} with %j is refused rather than listing contacts", async (id) => {
    const server = await recording();
    const intercom = clientFor(server.url);
    const call = () => ok(intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } }));
    await scenario(`id ${JSON.stringify(id)}: get a contact`, server, call, { fails: refused("contact_id", "/contacts/{contact_id}") });
    expect(received(server)).toBe(0);
  });

  test("paginate over /companies/{company_id}/contacts with '..' is refused before the first page", async () => {
    const server = await recording();
    const intercom = clientFor(server.url);
    await scenario(
      'id "..": paginate a company\'s contacts',
      server,
      async () => {
        for await (const _ of intercom.paginate("/companies/{company_id}/contacts", { params: { path: { company_id: ".." } } } as never)) void _;
      },
      { fails: refused("company_id", "/companies/{company_id}/contacts") },
    );
    expect(received(server)).toBe(0);
  });

  test("replies and exports refuse '..' as an id", async () => {
    const server = await recording();
    const intercom = clientFor(server.url);
    for (const call of [
      () => intercom.conversations.reply("..", { type: "user", message_type: "comment", intercom_user_id: "1", body: "hi" } as never),
      () => intercom.exports.get(".."),
      () => intercom.exports.cancel("."),
      () => intercom.exports.download({ job_identifier: "..", status: "completed" } as never),
    ]) {
      await expect(call()).rejects.toThrow(TypeError);
    }
    await scenario('id "..": replies and exports', server, () => intercom.exports.get(".."), { fails: refused("job_identifier", "/export/content/data/{job_identifier}") });
    expect(received(server)).toBe(0);
  });

  test("percent-encoded and reserved characters stay inside their segment", async () => {
    const paths: string[] = [];
    const server = await misbehaving((req, res) => (paths.push(req.url!), send(res, 200, { type: "contact", id: "1" })));
    const intercom = clientFor(server.url);
    const ids = ["%2e", "%2e%2e", "..%2f", "../x", "a/../..", "?x=1", "#frag", ".%2e", "..."];
    await scenario(
      "encoded ids stay in their segment",
      server,
      async () => {
        for (const id of ids) await ok(intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } }));
      },
      { recovers: true },
    );
    expect(paths).toEqual(ids.map((id) => `/contacts/${encodeURIComponent(id)}`));
  });

  test("a per-call pathSerializer or baseUrl cannot send the request elsewhere: the URL guard refuses it", async () => {
    const server = await recording();
    const other = await recording();
    servers.push(other);
    const intercom = clientFor(`${server.url}/proxy`);
    const plain = (path: string, params: Record<string, unknown>) => path.replace(/\{(\w+)\}/g, (_, n: string) => String(params[n]));
    await scenario(
      "custom serializer or baseUrl off the base",
      server,
      async () => {
        await expect(ok(intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "../.." } }, pathSerializer: plain } as never))).rejects.toThrow(/outside the client's base URL/);
        await expect(ok(intercom.DELETE("/contacts/{contact_id}/tags/{tag_id}", { params: { path: { contact_id: "x/..", tag_id: "1" } }, pathSerializer: plain } as never))).rejects.toThrow(
          /another path/,
        );
        await expect(ok(intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: ".." } }, pathSerializer: plain } as never))).rejects.toThrow(/another path/);
        await ok(intercom.GET("/me", { baseUrl: other.url } as never));
      },
      { fails: (error) => expect(error).toBeInstanceOf(TypeError) },
    );
    expect(received(server) + received(other)).toBe(0);
  });
});

describe("bodies under the call's deadline, signal and size cap (issue 22)", () => {
  /** A server that sends headers at once, then `chunk` every `every` ms until the client goes away. */
  const dripping = (status: number, chunk: string, every: number, headers: Record<string, string> = { "content-type": "application/json" }) =>
    misbehaving((_req, res) => {
      res.writeHead(status, headers);
      res.write(chunk);
      const timer = setInterval(() => res.write(chunk), every);
      res.on("close", () => clearInterval(timer));
    });
  const within = async (ms: number, call: () => Promise<unknown>) => {
    const started = Date.now();
    try {
      return await call();
    } finally {
      expect(Date.now() - started).toBeLessThan(ms);
    }
  };

  test("a JSON body sent one byte every 300 ms: the call's timeout ends it", async () => {
    const server = await dripping(200, " ", 300);
    const intercom = clientFor(server.url, { timeout: 1000, retry: false });
    const error = await scenario("body dripped past the timeout", server, () => within(3000, get(intercom)), { fails: isError("timeout", 200) });
    expect((error as Error).message).toContain("did not arrive within 1000 ms");
  });

  test("an error body sent one byte every 300 ms: the call's timeout ends it too", async () => {
    const server = await dripping(500, " ", 300);
    const intercom = clientFor(server.url, { timeout: 1000, retry: false });
    await scenario("error body dripped past the timeout", server, () => within(3000, get(intercom)), { fails: isError("timeout", 500) });
  });

  test("a dripped body: the caller's signal ends it", async () => {
    const server = await dripping(200, " ", 300);
    const intercom = clientFor(server.url, { timeout: 60_000, retry: false });
    const signal = AbortSignal.timeout(1000);
    await scenario("body dripped past the caller's signal", server, () => within(3000, () => intercom.GET("/me", { signal })), {
      fails: (error) => expect(error).toBe(signal.reason),
    });
  });

  test("an endless JSON body is ended at maxResponseBytes with response_too_large", async () => {
    const server = await dripping(200, `[${"0,".repeat(32 * 1024)}`, 1);
    const intercom = clientFor(server.url, { retry: false, maxResponseBytes: 1024 * 1024 });
    const before = process.memoryUsage().rss;
    const error = await scenario("endless body", server, () => within(5000, get(intercom)), { fails: isError("response_too_large", 200) });
    expect((error as Error).message).toContain("maxResponseBytes (1048576 bytes)");
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  test("a Content-Length above maxResponseBytes is refused before reading, error bodies too", async () => {
    const server = await misbehaving((_req, res) => {
      res.writeHead(502, { "content-type": "text/html", "content-length": String(10 * 1024 * 1024) });
      res.write("<html>");
    });
    const intercom = clientFor(server.url, { retry: false, maxResponseBytes: 1024 * 1024 });
    await scenario("declared oversized error body", server, () => within(3000, get(intercom)), { fails: isError("response_too_large", 502) });
  });

  test("maxResponseBytes is checked at construction", () => {
    for (const value of [0, -1, 1.5, Number.NaN, "1"]) expect(() => clientFor("http://127.0.0.1:9", { maxResponseBytes: value })).toThrow(/maxResponseBytes/);
  });

  /** An exports server: the job is completed, and its download is `body` (plain CSV, not gzip). */
  const exportServer = (download: (res: ServerResponse) => void) =>
    misbehaving((req, res) => {
      if (req.url!.startsWith("/download/")) return download(res);
      send(res, 200, { job_identifier: "j1", status: "completed", download_url: "", download_expires_at: "" });
    });
  const header = "user_id,email\n";

  test("download(): the caller's signal ends the stream, and a stalled stream times out", async () => {
    const server = await exportServer((res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write(header);
      const timer = setInterval(() => res.write("1,a@example.com\n"), 50);
      res.on("close", () => clearInterval(timer));
    });
    const intercom = clientFor(server.url, { retry: false });
    const controller = new AbortController();
    await scenario(
      "download stream after abort",
      server,
      () =>
        within(3000, async () => {
          const reader = (await intercom.exports.download("j1", { signal: controller.signal })).getReader();
          await reader.read();
          controller.abort(new Error("stop"));
          for (;;) if ((await reader.read()).done) break;
        }),
      { fails: (error) => expect((error as Error).message).toBe("stop") },
    );

    const stalled = await exportServer((res) => (res.writeHead(200, { "content-type": "application/octet-stream" }), res.write(header)));
    const slow = clientFor(stalled.url, { retry: false, timeout: 500 });
    await scenario(
      "download stream stalled",
      stalled,
      () =>
        within(3000, async () => {
          const reader = (await slow.exports.download("j1")).getReader();
          for (;;) if ((await reader.read()).done) break;
        }),
      { fails: isError("timeout", 200) },
    );
  });

  test("rows(): no row is yielded after the caller's signal aborts", async () => {
    const rows = Array.from({ length: 24 }, (_, i) => `${i},u${i}@example.com\n`).join("");
    const server = await exportServer((res) => (res.writeHead(200, { "content-type": "application/octet-stream" }), res.end(header + rows)));
    const intercom = clientFor(server.url, { retry: false });
    const controller = new AbortController();
    let seen = 0;
    await scenario(
      "rows after abort",
      server,
      async () => {
        for await (const _ of intercom.exports.rows("j1", { signal: controller.signal })) if (++seen === 4) controller.abort(new Error("enough"));
      },
      { fails: (error) => expect((error as Error).message).toBe("enough") },
    );
    expect(seen).toBe(4);
  });

  test("rows(): a line that never ends is ended at maxRowLength with row_too_large, and the download canceled", async () => {
    let written = 0;
    const server = await exportServer((res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write(`${header}1,`);
      const piece = "x".repeat(64 * 1024);
      // Up to 8 MiB (a bound for the suite's sake), as fast as the client reads.
      const more = () => {
        while (written < 8 * 1024 ** 2 && !res.destroyed) {
          written += piece.length;
          if (!res.write(piece)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    });
    const intercom = clientFor(server.url, { retry: false });
    await scenario(
      "row that never ends, rows()",
      server,
      () =>
        within(10_000, async () => {
          for await (const _ of intercom.exports.rows("j1", { maxRowLength: 1024 ** 2 })) void _;
        }),
      { fails: isError("row_too_large", 200) },
    );
    expect(written).toBeLessThan(8 * 1024 ** 2);
  });

  test("download() and rows(): a gzip bomb is ended at maxBytes of inflated CSV", async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from(header), Buffer.alloc(32 * 1024 * 1024, "1")]));
    expect(bomb.length).toBeLessThan(256 * 1024);
    const server = await exportServer((res) => (res.writeHead(200, { "content-type": "application/octet-stream" }), res.end(bomb)));
    const intercom = clientFor(server.url, { retry: false });
    await scenario(
      "gzip bomb through download()",
      server,
      () =>
        within(5000, async () => {
          const reader = (await intercom.exports.download("j1", { maxBytes: 1024 * 1024 })).getReader();
          for (;;) if ((await reader.read()).done) break;
        }),
      { fails: isError("response_too_large", 200) },
    );
    await expect(
      (async () => {
        for await (const _ of intercom.exports.rows("j1", { maxBytes: 1024 * 1024 })) void _;
      })(),
    ).rejects.toMatchObject({ code: "response_too_large" });
    await expect(intercom.exports.download("j1", { maxBytes: 0 })).rejects.toThrow(RangeError);
  });
});
