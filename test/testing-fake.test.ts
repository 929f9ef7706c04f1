// The fake Intercom (intercom-fetch/testing) driven by the library's own client: state kept
// between calls, Intercom's errors and protocol, per-version list shapes.
import { describe, expect, test } from "vitest";
import { IntercomError, unwrap } from "../src/core/errors.js";
import { createIntercom, manifest as manifest211 } from "../generated/2.11/core.js";
import { createIntercom as createFull211 } from "../generated/2.11/index.js";
import { manifest as manifest216 } from "../generated/2.16/core.js";
import { createFakeIntercom, type FakeIntercomOptions } from "../src/testing/index.js";

function setup(options: Partial<FakeIntercomOptions> = {}) {
  const fake = createFakeIntercom({ manifest: manifest211, ...options });
  const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch, retry: { limit: 0 } });
  return { fake, intercom };
}

const raw = (fake: ReturnType<typeof createFakeIntercom>, path: string, init: RequestInit & { token?: string } = {}) =>
  fake.fetch(`${fake.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${init.token ?? fake.token}`, "content-type": "application/json", ...(init.headers as Record<string, string>) } });

describe("contacts", () => {
  test("a contact created is there when fetched, updated with merged custom attributes, then deleted", async () => {
    const { fake, intercom } = setup();
    const { data: created } = await intercom.POST("/contacts", { body: { role: "user", email: "ada@example.com", external_id: "u-1", custom_attributes: { plan: "pro" } } });
    expect(created?.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created).toMatchObject({ type: "contact", role: "user", email: "ada@example.com", email_domain: "example.com", external_id: "u-1" });

    const { data: fetched } = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: created!.id } } });
    expect(fetched).toEqual(created);

    const { data: updated } = await intercom.PUT("/contacts/{contact_id}", { params: { path: { contact_id: created!.id } }, body: { name: "Ada", custom_attributes: { seats: 3 } as never } });
    expect(updated).toMatchObject({ name: "Ada", custom_attributes: { plan: "pro", seats: 3 } });
    expect(fake.data.contacts.get(created!.id)).toMatchObject({ name: "Ada", custom_attributes: { plan: "pro", seats: 3 } });

    const { data: deleted } = await intercom.DELETE("/contacts/{contact_id}", { params: { path: { contact_id: created!.id } } });
    expect(deleted).toMatchObject({ id: created!.id, deleted: true });
    expect(fake.data.contacts.list()).toEqual([]);
    const gone = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: created!.id } } });
    expect(gone.response.status).toBe(404);
  });

  test("a second user with the same email is a 409 conflict naming the first", async () => {
    const { fake } = setup();
    const first = fake.data.contacts.create({ email: "a@x.io" });
    const response = await raw(fake, "/contacts", { method: "POST", body: JSON.stringify({ email: "a@x.io" }) });
    expect(response.status).toBe(409);
    expect((await response.json()).errors[0]).toMatchObject({ code: "conflict", message: expect.stringContaining(first.id as string) });
  });

  test("archived contacts leave lists and gets until unarchived", async () => {
    const { fake } = setup();
    const a = fake.data.contacts.create({ email: "a@x.io" });
    fake.data.contacts.create({ email: "b@x.io" });
    expect((await raw(fake, `/contacts/${a.id}/archive`, { method: "POST" })).status).toBe(200);
    expect((await (await raw(fake, "/contacts")).json()).total_count).toBe(1);
    expect((await raw(fake, `/contacts/${a.id}`)).status).toBe(404);
    await raw(fake, `/contacts/${a.id}/unarchive`, { method: "POST" });
    expect((await (await raw(fake, "/contacts")).json()).total_count).toBe(2);
  });

  test("the list walks cursor pages with the paginate helper, every contact once, in order", async () => {
    // 2.16's description gives GET /contacts no cursor parameter, so walk it as 2.11.
    const fake = createFakeIntercom({ manifest: manifest211 });
    const intercom = createFull211({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
    const ids = Array.from({ length: 7 }, (_, i) => fake.data.contacts.create({ email: `c${i}@x.io` }).id);
    const seen: unknown[] = [];
    for await (const contact of intercom.paginate("/contacts", { params: { query: { per_page: 3 } } })) seen.push((contact as { id: string }).id);
    expect(seen).toEqual(ids);
  });
});

describe("tags, companies, notes, events", () => {
  test("tagging a contact shows in its tags and in the contact", async () => {
    const { fake, intercom } = setup();
    const contact = fake.data.contacts.create({ email: "vip@x.io" });
    const { data: tag } = await intercom.POST("/tags", { body: { name: "VIP" } });
    await intercom.POST("/contacts/{contact_id}/tags", { params: { path: { contact_id: contact.id as string } }, body: { id: tag!.id! } });
    const { data: tags } = await intercom.GET("/contacts/{contact_id}/tags", { params: { path: { contact_id: contact.id as string } } });
    expect(tags?.data?.map((t) => t.name)).toEqual(["VIP"]);
    expect(fake.data.contacts.get(contact.id as string)?.tags).toMatchObject({ data: [{ type: "tag", id: tag!.id }] });
    await intercom.DELETE("/contacts/{contact_id}/tags/{tag_id}", { params: { path: { contact_id: contact.id as string, tag_id: tag!.id! } } });
    expect(fake.data.contacts.get(contact.id as string)?.tags).toMatchObject({ data: [] });
  });

  test("companies are created or updated by company_id, page-numbered, and take contacts", async () => {
    const { fake, intercom } = setup();
    const first = await intercom.POST("/companies", { body: { company_id: "acme", name: "Acme" } });
    const again = await intercom.POST("/companies", { body: { company_id: "acme", name: "Acme Inc", monthly_spend: 100 } });
    expect(again.data?.id).toBe(first.data?.id);
    expect(fake.data.companies.list()).toHaveLength(1);
    expect(fake.data.companies.list()[0]).toMatchObject({ name: "Acme Inc", monthly_spend: 100 });
    for (let i = 0; i < 4; i++) fake.data.companies.create({ company_id: `c${i}` });
    const page2 = await raw(fake, "/companies?per_page=2&page=2");
    expect(await page2.json()).toMatchObject({ total_count: 5, pages: { page: 2, per_page: 2, total_pages: 3 }, data: [{ company_id: "c1" }, { company_id: "c2" }] });

    const contact = fake.data.contacts.create({ email: "a@acme.io" });
    await intercom.POST("/contacts/{contact_id}/companies", { params: { path: { contact_id: contact.id as string } }, body: { id: first.data!.id } });
    const listed = await (await raw(fake, `/contacts/${contact.id}/companies`)).json();
    expect(listed[manifest211.lists["/contacts/{contact_id}/companies"].items]).toMatchObject([{ company_id: "acme", user_count: 1 }]);
    await intercom.DELETE("/contacts/{contact_id}/companies/{company_id}", { params: { path: { contact_id: contact.id as string, company_id: first.data!.id } } });
    expect(fake.data.companies.get(first.data!.id)?.user_count).toBe(0);
  });

  test("notes and data events are kept per contact", async () => {
    const { fake, intercom } = setup();
    const contact = fake.data.contacts.create({ email: "n@x.io", external_id: "ext-1" });
    const { data: note } = await intercom.POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: contact.id as string } }, body: { body: "Called them" } });
    expect(note).toMatchObject({ type: "note", body: "<p>Called them</p>", contact: { id: contact.id }, author: { id: "1" } });
    const posted = await intercom.POST("/events", { body: { event_name: "ordered", created_at: 1_700_000_000, user_id: "ext-1" } });
    expect(posted.response.status).toBe(202);
    await intercom.POST("/events", { body: { event_name: "ordered", created_at: 1_700_086_400, id: contact.id as string } });
    const { data: summary } = await intercom.GET("/events", { params: { query: { type: "user", filter: { user_id: "ext-1" } } } });
    expect(summary?.events).toEqual([{ name: "ordered", first: "2023-11-14T22:13:20.000+00:00", last: "2023-11-15T22:13:20.000+00:00", count: 2 }]);
  });
});

describe("conversations and messages", () => {
  test("a contact starts one, an admin replies and closes it, the contact's reply reopens it", async () => {
    const { fake, intercom } = setup();
    const contact = fake.data.contacts.create({ email: "c@x.io" });
    const { data: message } = await intercom.POST("/conversations", { body: { from: { type: "user", id: contact.id as string }, body: "Help!" } });
    const id = String(message!.conversation_id);
    await intercom.POST("/conversations/{conversation_id}/reply", { params: { path: { conversation_id: id } }, body: { message_type: "comment", type: "admin", admin_id: "1", body: "On it" } });
    await intercom.POST("/conversations/{conversation_id}/parts", { params: { path: { conversation_id: id } }, body: { message_type: "close", type: "admin", admin_id: "1" } });
    expect(fake.data.conversations.get(id)).toMatchObject({ open: false, state: "closed" });
    await intercom.POST("/conversations/{conversation_id}/reply", {
      params: { path: { conversation_id: id } },
      body: { message_type: "comment", type: "user", intercom_user_id: contact.id as string, body: "Thanks" },
    });
    const { data: conversation } = await intercom.GET("/conversations/{conversation_id}", { params: { path: { conversation_id: id } } });
    expect(conversation).toMatchObject({ open: true, state: "open", source: { body: "Help!", author: { type: "user", id: contact.id } } });
    expect(conversation?.conversation_parts?.conversation_parts?.map((p) => [p.part_type, p.author.type, p.body])).toEqual([
      ["comment", "admin", "On it"],
      ["close", "admin", null],
      ["comment", "user", "Thanks"],
    ]);
    const listed = await (await raw(fake, "/conversations")).json();
    expect(listed[manifest211.lists["/conversations"].items]).toHaveLength(1);
  });

  test("POST /messages starts an admin-initiated conversation and is kept", async () => {
    const { fake, intercom } = setup();
    const contact = fake.data.contacts.create({ email: "m@x.io" });
    const { data } = await intercom.POST("/messages", {
      body: { message_type: "email", subject: "Hi", body: "Hello", template: "plain", from: { type: "admin", id: 1 }, to: { type: "user", id: contact.id as string } },
    });
    expect(data).toMatchObject({ type: "admin_message", message_type: "email", subject: "Hi" });
    expect(fake.data.conversations.get(String(data!.conversation_id))).toMatchObject({ source: { delivered_as: "admin_initiated", author: { type: "admin" } } });
    expect(fake.data.messages.list()).toMatchObject([{ contact_id: contact.id, subject: "Hi" }]);
  });
});

describe("errors and protocol", () => {
  test("a wrong token is 401 unauthorized, with the request id in the body and the header, and the token nowhere", async () => {
    const fake = createFakeIntercom({ manifest: manifest211, token: "right-token" });
    const intercom = createIntercom({ token: "wrong-token", baseUrl: fake.baseUrl, fetch: fake.fetch });
    const viaClient = await intercom.GET("/me");
    expect(viaClient.response.status).toBe(401);
    expect(viaClient.error).toMatchObject({ errors: [{ code: "unauthorized" }] });
    const response = await raw(fake, "/me", { token: "wrong-token" });
    const body = await response.json();
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ type: "error.list", errors: [{ code: "unauthorized" }] });
    expect(body.request_id).toBe(response.headers.get("x-request-id"));
    expect(JSON.stringify(body)).not.toContain("right-token");
    expect(JSON.stringify(body)).not.toContain("wrong-token");
  });

  test("the client's IntercomError carries Intercom's code, request id and the field of a 400", async () => {
    const { fake, intercom } = setup();
    const contact = fake.data.contacts.create({ email: "x@x.io" });
    const missing = await intercom.POST("/contacts/{contact_id}/notes", { params: { path: { contact_id: contact.id as string } }, body: {} as never });
    expect(missing.response.status).toBe(400);
    expect(missing.error).toMatchObject({ type: "error.list", errors: [{ code: "parameter_not_found", field: "body" }] });
    const wrongType = await intercom.PUT("/contacts/{contact_id}", { params: { path: { contact_id: contact.id as string } }, body: { owner_id: "seven" as never } });
    expect(wrongType.error).toMatchObject({ errors: [{ code: "parameter_invalid", field: "owner_id" }] });
    const notFound = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "nope" } } });
    expect(notFound.response.status).toBe(404);
    expect(notFound.error).toMatchObject({ errors: [{ code: "not_found" }] });
    const thrown = await unwrap(intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "nope" } } })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(IntercomError);
    expect(thrown).toMatchObject({ status: 404, code: "not_found", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  test("an Intercom-Version the fake was not created for is refused like Intercom's intercom_version_invalid", async () => {
    const fake = createFakeIntercom({ manifest: manifest216 });
    const as211 = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
    const { response, error } = await as211.GET("/me");
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ errors: [{ code: "intercom_version_invalid" }] });
    expect((await raw(fake, "/me", { headers: { "intercom-version": "2.16" } })).status).toBe(200);
    expect((await raw(fake, "/me")).status).toBe(200);
  });

  test("a route the fake does not serve is a 404 that says so; a body that is not JSON a 400", async () => {
    const { fake } = setup();
    const response = await raw(fake, "/articles");
    expect(response.status).toBe(404);
    expect((await response.json()).errors[0].message).toContain("serves no GET /articles");
    const bad = await raw(fake, "/contacts", { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].code).toBe("parameter_invalid");
  });

  test("ids and timestamps are deterministic with a clock, and reset() starts over", async () => {
    let now = Date.UTC(2024, 0, 1);
    const a = createFakeIntercom({ manifest: manifest211, now: () => now });
    const first = a.data.contacts.create({ email: "a@x.io" });
    now += 5000;
    const second = a.data.contacts.create({ email: "b@x.io" });
    expect(first).toMatchObject({ id: "c00000000000000000000001", created_at: Date.UTC(2024, 0, 1) / 1000 });
    expect(second).toMatchObject({ id: "c00000000000000000000002", created_at: Date.UTC(2024, 0, 1) / 1000 + 5 });
    a.reset();
    expect(a.data.contacts.list()).toEqual([]);
    expect(a.data.admins.list()).toHaveLength(1);
    expect(a.data.contacts.create({ email: "c@x.io" }).id).toBe("c00000000000000000000001");
    const custom = createFakeIntercom({ manifest: manifest211, ids: (kind, n) => `${kind}-${n}` });
    expect(custom.data.contacts.create({ email: "a@x.io" }).id).toBe("contact-1");
  });

  test("bad options are TypeErrors and RangeErrors naming the option, before anything runs", () => {
    expect(() => createFakeIntercom({} as FakeIntercomOptions)).toThrow(/`manifest`/);
    expect(() => createFakeIntercom({ manifest: manifest211, token: "" })).toThrow(TypeError);
    expect(() => createFakeIntercom({ manifest: manifest211, rateLimit: { limit: 0, windowSeconds: 1 } })).toThrow(/rateLimit.limit/);
    expect(() => createFakeIntercom({ manifest: manifest211, webhooks: { secret: "" } })).toThrow(/webhooks.secret/);
  });
});
