// The README's "Testing your integration" example, as written there (imports from the sources).
import { describe, expect, test } from "vitest";
import { createIntercom, manifest, type components } from "../generated/2.11/core.js";
import { withHelpers, search, where } from "../src/index.js";
import { createFakeIntercom } from "../src/testing/index.js";
import { createWebhooks } from "../src/webhooks/index.js";

describe("tagging VIPs", () => {
  test("tags every contact on the pro plan, and Intercom notifies us", async () => {
    const received: string[] = [];
    const receiver = createWebhooks<components>({ secret: "test-secret" }).on("contact.user.tag.created", (n) => {
      received.push(n.data.item.contact.id);
    });
    const fake = createFakeIntercom({ manifest, webhooks: { secret: "test-secret", deliver: receiver.fetchHandler } });
    const pro = fake.data.contacts.create({ email: "ada@example.com", custom_attributes: { plan: "pro" } });
    fake.data.contacts.create({ email: "bob@example.com", custom_attributes: { plan: "free" } });

    // Your code under test, given a client pointed at the fake:
    const intercom = withHelpers(createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch }), search);
    const { data: tag } = await intercom.POST("/tags", { body: { name: "VIP" } });
    for await (const contact of intercom.search.contacts(where("custom_attributes.plan", "=", "pro"))) {
      await intercom.POST("/contacts/{contact_id}/tags", { params: { path: { contact_id: contact.id } }, body: { id: tag!.id! } });
    }

    await fake.webhooks.flush();
    expect(fake.data.contacts.get(pro.id as string)?.tags).toMatchObject({ data: [{ id: tag!.id }] });
    expect(received).toEqual([pro.id]);
  });
});

describe("requests checked against the description", () => {
  test("the README's ticket example: 200, and the same with a numeric contact id is a 400 naming contacts[0].id", async () => {
    const { manifest } = await import("../generated/2.16/core.js");
    const { description } = await import("../generated/2.16/testing.js");
    const fake = createFakeIntercom({ manifest, description });
    const bug = fake.data.ticketTypes.create({ name: "Bug" });
    const ada = fake.data.contacts.create({ email: "ada@example.com" });
    const post = (contacts: unknown) =>
      fake.fetch(`${fake.baseUrl}/tickets`, {
        method: "POST",
        headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
        body: JSON.stringify({ ticket_type_id: bug.id, contacts, ticket_attributes: { _default_title_: 42 } }),
      });
    expect((await post([{ id: ada.id }])).status).toBe(200);
    const refused = await post([{ id: 1 }]);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toMatchObject([{ code: "parameter_invalid", field: "contacts[0].id" }]);
  });
});
