// Tickets and ticket types on the fake Intercom, driven by the library's client and its helpers
// (`intercom.tickets.*` replies, `intercom.search.tickets`): state kept between calls, each
// version's shapes (2.11's string state, 2.16's `ticket_state` object and integer assignee ids),
// the `ticket.*` webhooks, and the versions without tickets answering 404.
import { describe, expect, test } from "vitest";
import { manifest as manifest29 } from "../generated/2.9/core.js";
import { createIntercom as create211 } from "../generated/2.11/index.js";
import { manifest as manifest211 } from "../generated/2.11/core.js";
import { description as description211 } from "../generated/2.11/testing.js";
import { createIntercom as create216 } from "../generated/2.16/index.js";
import { manifest as manifest216 } from "../generated/2.16/core.js";
import { description as description216 } from "../generated/2.16/testing.js";
import { description as description29 } from "../generated/2.9/testing.js";
import { createWebhooks } from "../src/webhooks/index.js";
import { createFakeIntercom, type FakeIntercomOptions } from "../src/testing/index.js";

function setup211(options: Partial<FakeIntercomOptions> = {}) {
  const fake = createFakeIntercom({ manifest: manifest211, description: description211, ...options });
  const intercom = create211({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch, retry: { limit: 0 } });
  const contact = fake.data.contacts.create({ email: "ada@example.com", external_id: "u-1", name: "Ada" });
  return { fake, intercom, contactId: String(contact.id) };
}

function setup216() {
  const fake = createFakeIntercom({ manifest: manifest216, description: description216 });
  const intercom = create216({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch, retry: { limit: 0 } });
  const contact = fake.data.contacts.create({ email: "ada@example.com", external_id: "u-1" });
  return { fake, intercom, contactId: String(contact.id) };
}

describe("ticket types", () => {
  test("a ticket type is created with the two default attributes, gets more, is listed, read and updated", async () => {
    const { intercom } = setup211();
    const { data: type } = await intercom.POST("/ticket_types", { body: { name: "Bug", description: "Something broke", category: "Back-office", icon: "🐞" } });
    expect(type).toMatchObject({ type: "ticket_type", name: "Bug", category: "Back-office", archived: false });
    expect(type!.ticket_type_attributes.ticket_type_attributes.map((a) => [a.name, a.default])).toEqual([
      ["_default_title_", true],
      ["_default_description_", true],
    ]);
    const { data: attribute } = await intercom.POST("/ticket_types/{ticket_type_id}/attributes", {
      params: { path: { ticket_type_id: type!.id } },
      body: { name: "severity", description: "How bad", data_type: "integer", required_to_create: true },
    });
    expect(attribute).toMatchObject({ name: "severity", data_type: "integer", required_to_create: true, default: false, ticket_type_id: Number(type!.id), order: 2 });
    await intercom.PUT("/ticket_types/{ticket_type_id}/attributes/{attribute_id}", {
      params: { path: { ticket_type_id: type!.id, attribute_id: attribute!.id } },
      body: { description: "How bad it is" },
    });
    const { data: renamed } = await intercom.PUT("/ticket_types/{ticket_type_id}", { params: { path: { ticket_type_id: type!.id } }, body: { name: "Bugs" } });
    expect(renamed?.name).toBe("Bugs");
    const { data: fetched } = await intercom.GET("/ticket_types/{ticket_type_id}", { params: { path: { ticket_type_id: type!.id } } });
    expect(fetched?.ticket_type_attributes.ticket_type_attributes.at(-1)).toMatchObject({ name: "severity", description: "How bad it is" });
    const { data: list } = await intercom.GET("/ticket_types");
    expect(list?.data?.map((t) => t.name)).toEqual(["Bugs"]);
    const missing = await intercom.GET("/ticket_types/{ticket_type_id}", { params: { path: { ticket_type_id: "nope" } } });
    expect(missing.response.status).toBe(404);
  });
});

describe("tickets (2.11)", () => {
  test("a ticket is created for a contact, fetched with its parts, replied to with the reply helpers, resolved and assigned", async () => {
    const { fake, intercom, contactId } = setup211();
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const { data: ticket } = await intercom.POST("/tickets", {
      body: { ticket_type_id: String(type.id), contacts: [{ id: contactId }], ticket_attributes: { _default_title_: "Login fails", _default_description_: "Since Monday" } },
    });
    expect(ticket).toMatchObject({
      type: "ticket",
      ticket_state: "submitted",
      category: "Customer",
      open: true,
      ticket_attributes: { _default_title_: "Login fails" },
      contacts: { contacts: [{ id: contactId, external_id: "u-1" }] },
      admin_assignee_id: "0",
    });

    const reply = await intercom.tickets.replyAsAdmin(ticket!.id, { admin_id: "1", body: "Looking into it" });
    expect(reply).toMatchObject({ type: "ticket_part", part_type: "comment", body: "Looking into it", author: { type: "admin", id: "1" } });
    await intercom.tickets.note(ticket!.id, { admin_id: "1", body: "Known bug" });
    await intercom.tickets.replyAsContact(ticket!.id, { intercom_user_id: contactId, body: "Thanks" });

    const { data: updated } = await intercom.PUT("/tickets/{ticket_id}", {
      params: { path: { ticket_id: ticket!.id } },
      body: { state: "resolved", open: false, assignment: { admin_id: "1", assignee_id: "1" } },
    });
    expect(updated).toMatchObject({ ticket_state: "resolved", ticket_state_internal_label: "Resolved", open: false, admin_assignee_id: "1" });
    const { data: fetched } = await intercom.GET("/tickets/{ticket_id}", { params: { path: { ticket_id: ticket!.id } } });
    expect(fetched?.ticket_parts?.ticket_parts?.map((p) => p.part_type)).toEqual(["comment", "note", "comment", "ticket_state_updated_by_admin", "close", "assignment"]);
    expect(fetched?.ticket_parts?.ticket_parts?.[3]).toMatchObject({ previous_ticket_state: "submitted", ticket_state: "resolved" });
  });

  test("a contact named by email that does not exist is created, as Intercom does", async () => {
    const { fake, intercom } = setup211();
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const { data: ticket } = await intercom.POST("/tickets", { body: { ticket_type_id: String(type.id), contacts: [{ email: "new@example.com" }] } });
    const contactId = ticket!.contacts.contacts![0]!.id!;
    expect(fake.data.contacts.get(contactId)).toMatchObject({ email: "new@example.com", role: "user" });
  });

  test("Intercom's errors: an unknown ticket type, an unknown contact, an unknown ticket", async () => {
    const { fake, intercom, contactId } = setup211();
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const badType = await intercom.POST("/tickets", { body: { ticket_type_id: "999", contacts: [{ id: contactId }] } });
    expect(badType.response.status).toBe(404);
    expect(badType.error).toMatchObject({ errors: [{ code: "not_found", field: "ticket_type_id" }] });
    const badContact = await intercom.POST("/tickets", { body: { ticket_type_id: String(type.id), contacts: [{ id: "nobody" }] } });
    expect(badContact.error).toMatchObject({ errors: [{ code: "not_found", field: "contacts[0].id" }] });
    const missing = await intercom.GET("/tickets/{ticket_id}", { params: { path: { ticket_id: "404" } } });
    expect(missing.response.status).toBe(404);
    await expect(intercom.tickets.replyAsAdmin("404", { admin_id: "1", body: "x" })).rejects.toMatchObject({ status: 404 });
  });

  test("search finds tickets by state, attribute and contact, with the version's operators, and pages", async () => {
    const { fake, intercom, contactId } = setup211();
    const other = fake.data.contacts.create({ email: "bob@example.com" });
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const a = fake.data.tickets.create({ ticketTypeId: String(type.id), contactId, title: "Login fails", attributes: { severity: 3 } });
    fake.data.tickets.create({ ticketTypeId: String(type.id), contactId: String(other.id), title: "Export broken", attributes: { severity: 1 } });
    const c = fake.data.tickets.create({ ticketTypeId: String(type.id), contactId, title: "Login slow", attributes: { severity: 2 } });
    await intercom.PUT("/tickets/{ticket_id}", { params: { path: { ticket_id: String(c.id) } }, body: { state: "in_progress" } });

    const ids = async (query: Parameters<typeof intercom.search.tickets>[0]) => {
      const found: string[] = [];
      for await (const ticket of intercom.search.tickets(query, { perPage: 1 })) found.push(ticket.id!);
      return found;
    };
    expect(await ids({ field: "title", operator: "^", value: "Login" })).toEqual([a.id, c.id]);
    expect(await ids({ field: "state", operator: "=", value: "in_progress" })).toEqual([c.id]);
    expect(await ids({ field: "contact_ids", operator: "=", value: contactId })).toEqual([a.id, c.id]);
    expect(await ids({ field: "ticket_attribute.severity", operator: ">", value: 1 })).toEqual([a.id, c.id]);
    expect(
      await ids({
        operator: "AND",
        value: [
          { field: "open", operator: "=", value: true },
          { field: "title", operator: "~", value: "Export" },
        ],
      }),
    ).toEqual([expect.any(String)]);
    // A field the version does not document for tickets: Intercom's invalid_field.
    const refused = await fake.fetch(`${fake.baseUrl}/tickets/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: JSON.stringify({ query: { field: "email", operator: "=", value: "x" } }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0]).toMatchObject({ code: "invalid_field" });
  });

  test("tags are applied to and removed from a ticket", async () => {
    const { fake, intercom, contactId } = setup211();
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const ticket = fake.data.tickets.create({ ticketTypeId: String(type.id), contactId, title: "t" });
    const tag = fake.data.tags.create({ name: "urgent" });
    const { data: applied } = await intercom.POST("/tickets/{ticket_id}/tags", { params: { path: { ticket_id: String(ticket.id) } }, body: { id: String(tag.id), admin_id: "1" } });
    expect(applied).toMatchObject({ type: "tag", id: tag.id, name: "urgent", applied_by: { type: "admin", id: "1" } });
    expect(fake.data.tickets.get(String(ticket.id))?.tags).toEqual([expect.objectContaining({ id: tag.id })]);
    await intercom.DELETE("/tickets/{ticket_id}/tags/{tag_id}", { params: { path: { ticket_id: String(ticket.id), tag_id: String(tag.id) } }, body: { admin_id: "1" } });
    expect(fake.data.tickets.get(String(ticket.id))?.tags).toEqual([]);
    const again = await intercom.DELETE("/tickets/{ticket_id}/tags/{tag_id}", { params: { path: { ticket_id: String(ticket.id), tag_id: String(tag.id) } }, body: { admin_id: "1" } });
    expect(again.response.status).toBe(404);
  });

  test("webhooks: ticket.created, ticket.admin.replied, ticket.note.created, ticket.contact.replied, ticket.state.updated, verified by createWebhooks", async () => {
    const secret = "fake-app-secret";
    const received: string[] = [];
    const receiver = createWebhooks({ secret });
    receiver.on("*", (notification) => void received.push(notification.topic));
    const { fake, intercom, contactId } = setup211({ webhooks: { secret, deliver: receiver.fetchHandler } });
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const { data: ticket } = await intercom.POST("/tickets", { body: { ticket_type_id: String(type.id), contacts: [{ id: contactId }] } });
    await intercom.tickets.replyAsAdmin(ticket!.id, { admin_id: "1", body: "Hi" });
    await intercom.tickets.note(ticket!.id, { admin_id: "1", body: "psst" });
    await intercom.tickets.replyAsContact(ticket!.id, { email: "ada@example.com", body: "Hello" });
    await intercom.PUT("/tickets/{ticket_id}", { params: { path: { ticket_id: ticket!.id } }, body: { state: "in_progress" } });
    await fake.webhooks.flush();
    const topics = ["ticket.created", "ticket.admin.replied", "ticket.note.created", "ticket.contact.replied", "ticket.state.updated"];
    expect(fake.webhooks.sent.map((w) => [w.topic, w.status])).toEqual(topics.map((t) => [t, 200]));
    // Each is delivered on its own (signing is async), so they may arrive in any order, as from Intercom.
    expect([...received].sort()).toEqual([...topics].sort());
    expect(fake.webhooks.sent[0]!.notification).toMatchObject({ data: { item: { type: "ticket", id: ticket!.id } } });
  });
});

describe("tickets (2.16)", () => {
  test("2.16's shapes: a ticket_state object, ticket_state_id and assignee_id on update, integer assignee ids", async () => {
    const { fake, intercom, contactId } = setup216();
    const type = fake.data.ticketTypes.create({ name: "Question" });
    const { data: ticket } = await intercom.POST("/tickets", { body: { ticket_type_id: String(type.id), contacts: [{ id: contactId }] } });
    expect(ticket).toMatchObject({ ticket_state: { type: "ticket_state", category: "submitted" }, admin_assignee_id: 0, previous_ticket_state_id: null });
    const { data: states } = await intercom.GET("/ticket_states");
    const resolved = states!.data!.find((s) => s?.category === "resolved")!;
    const { data: updated } = await intercom.PUT("/tickets/{ticket_id}", { params: { path: { ticket_id: ticket!.id! } }, body: { ticket_state_id: resolved.id, assignee_id: "1", admin_id: 1 } });
    expect(updated).toMatchObject({ ticket_state: { id: resolved.id, category: "resolved" }, admin_assignee_id: 1, previous_ticket_state_id: ticket!.ticket_state!.id });
    const { data: deleted } = await intercom.DELETE("/tickets/{ticket_id}", { params: { path: { ticket_id: ticket!.id! } } });
    expect(deleted).toMatchObject({ id: ticket!.id, deleted: true });
    expect(fake.data.tickets.list()).toEqual([]);
  });
});

describe("versions and options", () => {
  test("2.9 (whose reply takes an admin's note only) and a fake without `description` serve no tickets: 404", async () => {
    for (const fake of [createFakeIntercom({ manifest: manifest29, description: description29 }), createFakeIntercom({ manifest: manifest211 })]) {
      expect(fake.routes.filter((r) => r.includes("ticket"))).toEqual([]);
      const response = await fake.fetch(`${fake.baseUrl}/ticket_types`, { headers: { authorization: `Bearer ${fake.token}` } });
      expect(response.status).toBe(404);
      expect(() => fake.data.ticketTypes.create({ name: "Bug" })).toThrow(/description/);
    }
  });

  test("a description of another version than the manifest's is refused", () => {
    expect(() => createFakeIntercom({ manifest: manifest211, description: description216 })).toThrow(/2\.16's but `manifest` is 2\.11's/);
    expect(() => createFakeIntercom({ manifest: manifest211, description: {} as never })).toThrow(TypeError);
  });

  test("reset() empties tickets and ticket types", () => {
    const { fake, contactId } = setup211();
    const type = fake.data.ticketTypes.create({ name: "Q" });
    fake.data.tickets.create({ ticketTypeId: String(type.id), contactId });
    fake.reset();
    expect(fake.data.tickets.list()).toEqual([]);
    expect(fake.data.ticketTypes.list()).toEqual([]);
  });
});
