// The fake as MSW 2 request handlers (intercom-fetch/testing/msw) under MSW's Node interceptor,
// `setupServer`: a client that knows nothing of the fake (global fetch, Intercom's own hosts)
// reaches it, other handlers keep their requests, and intercom-fetch/testing never loads msw.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { manifest } from "../generated/2.11/core.js";
import { where } from "../src/index.js";
import { createFakeIntercom } from "../src/testing/index.js";
import { handlersFor } from "../src/testing/msw/index.js";

const fake = createFakeIntercom({ manifest, token: "msw-token" });
// The app's own handlers, after the fake's: they see only what the fake's leave.
const elsewhere = http.all("*", ({ request }) => Response.json({ elsewhere: request.url }, { status: 299 }));
const server = setupServer(...handlersFor(fake), elsewhere);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  fake.reset();
});
afterAll(() => server.close());

describe("handlersFor(fake) under setupServer", () => {
  test("a client on the global fetch and the fake's baseUrl talks to the fake: writes stick, searches run, an export's gzipped rows arrive", async () => {
    const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl });
    const created = await intercom.POST("/contacts", { body: { role: "user", email: "ada@example.com", custom_attributes: { plan: "pro" } } as never });
    expect(created.response.status).toBe(200);
    expect(fake.data.contacts.get(created.data!.id!)?.email).toBe("ada@example.com");
    fake.data.contacts.create({ email: "bob@example.com", custom_attributes: { plan: "free" } });

    const found = [];
    for await (const contact of intercom.search.contacts(where("custom_attributes.plan", "=", "pro"))) found.push(contact.email);
    expect(found).toEqual(["ada@example.com"]);

    await intercom.POST("/messages", {
      body: { message_type: "email", subject: "Welcome", body: "Hi", template: "plain", from: { type: "admin", id: 1 }, to: { type: "user", id: created.data!.id! } },
    });
    const now = Math.floor(Date.now() / 1000);
    const job = await intercom.exports.run({ from: new Date((now - 3600) * 1000), to: new Date(), interval: { initial: 1, max: 1 } });
    expect(job.download_url?.startsWith(`${fake.baseUrl}/`)).toBe(true);
    const rows = [];
    for await (const row of intercom.exports.rows(job as never)) rows.push([row.email, row.content_title]);
    expect(rows).toEqual([["ada@example.com", "Welcome"]]);
  });

  test.each(Object.entries(manifest.servers))("app code that takes no baseUrl (region %s, %s) reaches the fake, not Intercom", async (region) => {
    const intercom = createIntercom({ token: fake.token, region: region as keyof typeof manifest.servers });
    const { data, response } = await intercom.GET("/me");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(data?.email).toBe(fake.data.admins.list()[0]!.email);
    // A real token would stay here too: the fake answers it with Intercom's 401.
    const stray = await createIntercom({ token: "a-real-token", region: region as keyof typeof manifest.servers }).GET("/me");
    expect([stray.response.status, (stray.error as unknown as { errors?: { code: string }[] })?.errors?.[0]?.code]).toEqual([401, "unauthorized"]);
  });

  test("fake.origins is the fake's baseUrl, then the version's servers", () => {
    expect(fake.origins).toEqual([fake.baseUrl, ...Object.values(manifest.servers)]);
  });

  test("`origins` narrows what the fake answers; the app's other handlers keep the rest", async () => {
    // resetHandlers(...next) replaces the initial handlers, so the finally puts them back.
    server.resetHandlers(...handlersFor(fake, { origins: ["https://intercom.proxy.test/"] }), elsewhere);
    try {
      const viaProxy = await createIntercom({ token: fake.token, baseUrl: "https://intercom.proxy.test" }).GET("/me");
      expect(viaProxy.response.status).toBe(200);
      const direct = await fetch("https://api.intercom.io/me", { headers: { authorization: `Bearer ${fake.token}` } });
      expect([direct.status, await direct.json()]).toEqual([299, { elsewhere: "https://api.intercom.io/me" }]);
    } finally {
      server.resetHandlers(...handlersFor(fake), elsewhere);
    }
    const other = await fetch("https://example.test/ping");
    expect(other.status).toBe(299);
  });

  test("a wrong token, a path the fake does not serve and a wrong Intercom-Version are Intercom's errors, through MSW", async () => {
    const get = (pathname: string, headers: Record<string, string>) => fetch(`${fake.baseUrl}${pathname}`, { headers: { authorization: `Bearer ${fake.token}`, ...headers } });
    expect((await get("/me", { authorization: "Bearer nope" })).status).toBe(401);
    const missing = await get("/no-such-thing", {});
    expect([missing.status, ((await missing.json()) as { type: string }).type]).toEqual([404, "error.list"]);
    expect((await get("/me", { "intercom-version": "2.7" })).status).toBe(400);
  });

  test("bad arguments are TypeErrors naming what is wrong, before any handler exists", () => {
    expect(() => handlersFor({} as never)).toThrow(/handlersFor: pass a fake from createFakeIntercom/);
    expect(() => handlersFor(fake, { origins: [] })).toThrow(/`origins` must be a non-empty array/);
    expect(() => handlersFor(fake, { origins: ["api.intercom.io"] })).toThrow(TypeError);
    expect(() => handlersFor(fake, { origins: ["https://api.intercom.io/v1"] })).toThrow(/got "https:\/\/api.intercom.io\/v1"/);
    expect(() => handlersFor(fake, { origins: ["ftp://api.intercom.io"] })).toThrow(/http\(s\) origins/);
    expect(handlersFor(fake, { origins: [fake.baseUrl, `${fake.baseUrl}/`] })).toHaveLength(1);
  });
});

describe("packaging", () => {
  /** Every module an entry loads, following the static imports between dist/ chunks. */
  function graph(entry: string, seen = new Set<string>()) {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    for (const [, spec] of readFileSync(entry, "utf8").matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
      if (spec!.startsWith(".")) graph(path.resolve(path.dirname(entry), spec!), seen);
      else seen.add(spec!);
    }
    return seen;
  }

  test("intercom-fetch/testing never loads msw; intercom-fetch/testing/msw does, with the same fake", () => {
    for (const file of ["dist/testing/index.js", "dist/testing/msw/index.js"]) expect(existsSync(file), `${file} (run npx tsup)`).toBe(true);
    const isMsw = (spec: string) => spec === "msw" || spec.startsWith("msw/");
    expect([...graph(path.resolve("dist/testing/index.js"))].filter(isMsw)).toEqual([]);
    expect([...graph(path.resolve("dist/testing/index.cjs"))].filter(isMsw)).toEqual([]);
    expect([...graph(path.resolve("dist/testing/msw/index.js"))].filter(isMsw)).toEqual(["msw"]);
    for (const entry of ["dist/index.js", "dist/2.11/index.js", "dist/2.11/core.js"]) expect([...graph(path.resolve(entry))].filter(isMsw)).toEqual([]);
  });
});
