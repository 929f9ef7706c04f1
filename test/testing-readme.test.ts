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
