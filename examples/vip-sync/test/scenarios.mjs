// The app's tests, written once for both suites: `app.test.mjs` runs them in vitest with the fake
// in-process (`fake.fetch`), `browser.mjs` in Chromium with the fake behind MSW's service worker.
// Each scenario gets a fresh fake (`fake`), the app wired to it (`app`) and its webhook endpoint
// (`receiver`), so nothing here knows which transport carries the calls.
import { manifest } from "intercom-fetch/2.11/core";
import { description } from "intercom-fetch/2.11/testing";
import { createFakeIntercom } from "intercom-fetch/testing";
import { createReceiver } from "../app.mjs";

export const WEBHOOK_SECRET = "vip-sync-test-secret";

/** A fake workspace whose notifications go to a fresh receiver of the app. */
export function workspace() {
  const receiver = createReceiver({ secret: WEBHOOK_SECRET });
  // With the version's description: requests are checked against it, and tickets are served.
  const fake = createFakeIntercom({ manifest, description, webhooks: { secret: WEBHOOK_SECRET, deliver: receiver.fetchHandler } });
  return { fake, receiver };
}

/** Deep equality by JSON, so the same assertion runs in vitest and in a bare browser page. */
export function assertEqual(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const PEOPLE = [
  { id: "cust-1", email: "ada@example.com", name: "Ada", plan: "enterprise" },
  { id: "cust-2", email: "bob@example.com", name: "Bob", plan: "starter" },
  { id: "cust-3", email: "cy@example.com", name: "Cy", plan: "enterprise" },
];

export const scenarios = [
  {
    name: "syncs contacts: creates the new ones, updates the known ones by external_id",
    async run({ fake, app, receiver }) {
      fake.data.contacts.create({ role: "user", external_id: "cust-2", email: "old-bob@example.com", custom_attributes: { plan: "free" } });
      const ids = await app.syncContacts(PEOPLE);
      const byExternalId = Object.fromEntries(fake.data.contacts.list().map((c) => [c.external_id, [c.id, c.email, c.custom_attributes.plan]]));
      assertEqual(
        byExternalId,
        {
          "cust-2": [ids["cust-2"], "bob@example.com", "starter"],
          "cust-1": [ids["cust-1"], "ada@example.com", "enterprise"],
          "cust-3": [ids["cust-3"], "cy@example.com", "enterprise"],
        },
        "contacts after the sync",
      );
      // Syncing again changes nothing and creates nobody.
      assertEqual(await app.syncContacts(PEOPLE), ids, "ids on the second sync");
      assertEqual(fake.data.contacts.list().length, 3, "contacts after the second sync");
      await fake.webhooks.flush();
      assertEqual(
        receiver.events.filter((e) => e.topic === "contact.user.created").map((e) => e.id),
        [ids["cust-1"], ids["cust-3"]],
        "contact.user.created received",
      );
    },
  },
  {
    name: "tags the VIPs a search finds, and hears Intercom's tag notifications",
    async run({ fake, app, receiver }) {
      const ids = await app.syncContacts(PEOPLE);
      const tagged = await app.tagVips("VIP");
      assertEqual(tagged, [ids["cust-1"], ids["cust-3"]], "tagged");
      const vip = fake.data.tags.list().find((t) => t.name === "VIP");
      const tagsOf = (id) => fake.data.contacts.get(id).tags.data.map((t) => t.id);
      assertEqual([tagsOf(ids["cust-1"]), tagsOf(ids["cust-2"]), tagsOf(ids["cust-3"])], [[vip.id], [], [vip.id]], "tags in the workspace");
      await fake.webhooks.flush();
      assertEqual(
        receiver.events.filter((e) => e.topic === "contact.user.tag.created"),
        [ids["cust-1"], ids["cust-3"]].map((id) => ({ topic: "contact.user.tag.created", id, tag: "VIP" })),
        "tag notifications",
      );
      assertEqual(
        fake.webhooks.sent.every((w) => w.status === 200),
        true,
        "every notification answered 200",
      );
    },
  },
  {
    name: "replies to the open tickets only, and hears Intercom's ticket notifications",
    async run({ fake, app, receiver }) {
      const ada = fake.data.contacts.create({ role: "user", email: "ada@example.com", external_id: "cust-1" });
      const type = fake.data.ticketTypes.create({ name: "Question" });
      const ticket = (title) => String(fake.data.tickets.create({ ticketTypeId: String(type.id), contactId: String(ada.id), title }).id);
      const [login, old, billing] = [ticket("Login fails"), ticket("Old question"), ticket("Billing")];
      const closed = await app.intercom.PUT("/tickets/{ticket_id}", { params: { path: { ticket_id: old } }, body: { state: "resolved", open: false } });
      assertEqual(closed.response.status, 200, "closing a ticket");

      assertEqual(await app.replyToOpenTickets("Thanks, we are on it."), [login, billing], "tickets answered");
      const got = await app.intercom.GET("/tickets/{ticket_id}", { params: { path: { ticket_id: login } } });
      const lastPart = got.data.ticket_parts.ticket_parts.at(-1);
      assertEqual([lastPart.part_type, lastPart.body.includes("Thanks, we are on it."), lastPart.author.type], ["comment", true, "admin"], "the reply on the ticket");
      await fake.webhooks.flush();
      assertEqual(
        receiver.events.filter((e) => e.topic === "ticket.admin.replied").map((e) => e.id),
        [login, billing],
        "ticket.admin.replied received",
      );
    },
  },
  {
    name: "reads the messages sent from a content data export, as rows",
    async run({ app }) {
      const ids = await app.syncContacts(PEOPLE.slice(0, 2));
      const from = new Date(Date.now() - 3_600_000);
      for (const [id, subject] of [
        [ids["cust-1"], "Welcome, Ada"],
        [ids["cust-2"], "Your plan, Bob"],
      ]) {
        const sent = await app.intercom.POST("/messages", { body: { message_type: "email", subject, body: "Hello", template: "plain", from: { type: "admin", id: 1 }, to: { type: "user", id } } });
        assertEqual(sent.response.status, 200, "POST /messages");
      }
      const rows = await app.sentMessages({ from, to: new Date(), pollMs: 1 });
      assertEqual(
        rows.map((r) => [r.email, r.title, typeof r.receivedAt]),
        [
          ["ada@example.com", "Welcome, Ada", "number"],
          ["bob@example.com", "Your plan, Bob", "number"],
        ],
        "export rows",
      );
    },
  },
  {
    name: "the webhook endpoint refuses a notification that Intercom did not sign",
    async run({ receiver }) {
      const body = JSON.stringify({ type: "notification_event", id: "notif_1", topic: "contact.user.created", data: { item: { type: "contact", id: "forged" } } });
      const response = await receiver.fetchHandler(new Request("https://app.example/webhooks", { method: "POST", body, headers: { "x-hub-signature": `sha1=${"0".repeat(40)}` } }));
      assertEqual([response.status, await response.json()], [401, { error: "signature_mismatch" }], "forged notification");
      assertEqual(receiver.events, [], "events heard");
    },
  },
];
