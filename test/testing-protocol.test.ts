// The fake's rate limit (fixed windows, X-RateLimit-*, 429) with the client's scheduler, its signed
// webhooks read by the library's own receiver, and listen() over real loopback.
import { afterEach, describe, expect, test } from "vitest";
import { createIntercom, manifest } from "../generated/2.11/core.js";
import { createWebhooks } from "../src/webhooks/index.js";
import { createFakeIntercom } from "../src/testing/index.js";

const get = (fake: ReturnType<typeof createFakeIntercom>, path: string) => fake.fetch(`${fake.baseUrl}${path}`, { headers: { authorization: `Bearer ${fake.token}` } });

describe("rate limit", () => {
  test("off unless asked for: no X-RateLimit headers", async () => {
    const fake = createFakeIntercom({ manifest });
    expect((await get(fake, "/me")).headers.get("x-ratelimit-limit")).toBeNull();
  });

  test("limit calls per fixed window aligned to the clock, then 429 rate_limit_exceeded, and room again in the next window", async () => {
    let now = 1_700_000_003_000; // 3 s into a 10 s window
    const fake = createFakeIntercom({ manifest, rateLimit: { limit: 2, windowSeconds: 10 }, now: () => now });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(fake, "/me");
      answers.push([response.status, response.headers.get("x-ratelimit-limit"), response.headers.get("x-ratelimit-remaining"), response.headers.get("x-ratelimit-reset")]);
      if (response.status === 429) expect(await response.json()).toMatchObject({ type: "error.list", errors: [{ code: "rate_limit_exceeded" }] });
    }
    expect(answers).toEqual([
      [200, "2", "1", "1700000010"],
      [200, "2", "0", "1700000010"],
      [429, "2", "0", "1700000010"],
    ]);
    now = 1_700_000_010_000;
    const next = await get(fake, "/me");
    expect([next.status, next.headers.get("x-ratelimit-remaining"), next.headers.get("x-ratelimit-reset")]).toEqual([200, "1", "1700000020"]);
  });

  test("the client's scheduler holds requests for the next window instead of collecting 429s", async () => {
    const fake = createFakeIntercom({ manifest, rateLimit: { limit: 3, windowSeconds: 1 } });
    const statuses: number[] = [];
    const resets = new Set<string>();
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fake.fetch(input as Request, init);
      statuses.push(response.status);
      resets.add(response.headers.get("x-ratelimit-reset")!);
      return response;
    };
    const waits: number[] = [];
    const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch, onRateLimit: ({ waitMs }) => waits.push(waitMs) });
    await intercom.GET("/me"); // the first answer teaches the scheduler the window
    const results = await Promise.all(Array.from({ length: 6 }, () => intercom.GET("/me")));
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(resets.size).toBeGreaterThanOrEqual(2);
    expect(waits.length).toBeGreaterThan(0);
  });
});

describe("webhooks", () => {
  test("state changes are signed notifications that the library's receiver verifies, in order, and kept for assertions", async () => {
    const secret = "whsec-test";
    const received: string[] = [];
    const receiver = createWebhooks({ secret }).on("*", (notification) => {
      received.push(notification.topic);
    });
    const fake = createFakeIntercom({ manifest, webhooks: { secret, deliver: receiver.fetchHandler } });
    const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });

    const { data: user } = await intercom.POST("/contacts", { body: { role: "user", email: "u@x.io" } });
    await intercom.POST("/contacts", { body: { role: "lead", email: "l@x.io" } });
    const { data: tag } = await intercom.POST("/tags", { body: { name: "VIP" } });
    await intercom.POST("/contacts/{contact_id}/tags", { params: { path: { contact_id: user!.id } }, body: { id: tag!.id! } });
    const { data: message } = await intercom.POST("/conversations", { body: { from: { type: "user", id: user!.id }, body: "Hi" } });
    const path = { conversation_id: String(message!.conversation_id) };
    await intercom.POST("/conversations/{conversation_id}/reply", { params: { path }, body: { message_type: "comment", type: "user", intercom_user_id: user!.id, body: "Anyone?" } });
    await intercom.POST("/conversations/{conversation_id}/reply", { params: { path }, body: { message_type: "comment", type: "admin", admin_id: "1", body: "Yes" } });
    await intercom.POST("/conversations/{conversation_id}/parts", { params: { path }, body: { message_type: "close", type: "admin", admin_id: "1" } });
    await fake.webhooks.flush();

    const topics = [
      "contact.user.created",
      "contact.lead.created",
      "contact.user.tag.created",
      "conversation.user.created",
      "conversation.user.replied",
      "conversation.admin.replied",
      "conversation.admin.closed",
    ];
    expect(received).toEqual(topics);
    expect(fake.webhooks.sent.map((s) => [s.topic, s.status])).toEqual(topics.map((t) => [t, 200]));
    const closed = fake.webhooks.sent.at(-1)!;
    expect(closed.signature).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(closed.notification).toMatchObject({ type: "notification_event", topic: "conversation.admin.closed", data: { item: { id: path.conversation_id, state: "closed" } } });
    expect(fake.webhooks.sent[2]!.notification).toMatchObject({ data: { item: { type: "contact_tag", tag: { name: "VIP" }, contact: { id: user!.id } } } });
    expect(JSON.stringify(fake.webhooks.sent)).not.toContain(secret);
  });

  test("a receiver with another secret refuses them (401), and the fake keeps what it answered", async () => {
    const fake = createFakeIntercom({ manifest, webhooks: { secret: "right", deliver: createWebhooks({ secret: "wrong" }).fetchHandler } });
    await fake.fetch(`${fake.baseUrl}/contacts`, { method: "POST", headers: { authorization: `Bearer ${fake.token}` }, body: JSON.stringify({ email: "a@x.io" }) });
    await fake.webhooks.flush();
    expect(fake.webhooks.sent.map((s) => [s.topic, s.status])).toEqual([["contact.user.created", 401]]);
  });

  test("seeding produces no notifications; reset() clears the sent ones", async () => {
    const fake = createFakeIntercom({ manifest, webhooks: { secret: "s" } });
    fake.data.contacts.create({ email: "seed@x.io" });
    expect(fake.webhooks.sent).toEqual([]);
    await fake.fetch(`${fake.baseUrl}/contacts`, { method: "POST", headers: { authorization: `Bearer ${fake.token}` }, body: JSON.stringify({ email: "api@x.io" }) });
    await fake.webhooks.flush();
    expect(fake.webhooks.sent).toHaveLength(1);
    fake.reset();
    expect(fake.webhooks.sent).toEqual([]);
  });
});

describe("listen()", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  test("serves the same workspace over loopback to plain fetch", async () => {
    const fake = createFakeIntercom({ manifest });
    const server = await fake.listen();
    close = server.close;
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { authorization: `Bearer ${fake.token}`, "content-type": "application/json", "intercom-version": "2.11" };
    const created = await fetch(`${server.url}/contacts`, { method: "POST", headers, body: JSON.stringify({ email: "net@x.io" }) });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    expect(fake.data.contacts.get(id)).toMatchObject({ email: "net@x.io" });
    const fetched = await fetch(`${server.url}/contacts/${id}`, { headers });
    expect(await fetched.json()).toMatchObject({ id, email: "net@x.io" });
    const refused = await fetch(`${server.url}/me`, { headers: { authorization: "Bearer nope" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("the library's client talks to it by URL", async () => {
    const fake = createFakeIntercom({ manifest });
    const server = await fake.listen();
    close = server.close;
    const intercom = createIntercom({ token: fake.token, baseUrl: server.url });
    const { data } = await intercom.GET("/me");
    expect(data).toMatchObject({ type: "admin", id: "1" });
  });
});
