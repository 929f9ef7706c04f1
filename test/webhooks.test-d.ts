// Compile-time behaviour of intercom-fetch/webhooks: items typed by topic from the version's
// `components`, `unknown` where a version lacks the schema or the topic is not in the table,
// narrowing on `topic`, and listeners typed by topic and by wildcard.
import { describe, expectTypeOf, test } from "vitest";
import type { components as C27 } from "../generated/2.7/index.js";
import type { components as C211 } from "../generated/2.11/index.js";
import type { components as C216 } from "../generated/2.16/index.js";
import {
  createWebhooks,
  isWebhookTopic,
  parseWebhook,
  type KnownWebhookNotification,
  type WebhookNotificationOf,
  type UnknownWebhookTopic,
  type WebhookContactTag,
  type WebhookDeletedItem,
  type WebhookItem,
  type WebhookNotification,
  type WebhookPingItem,
  type WebhookTopic,
} from "../src/webhooks/index.js";

type S211 = C211["schemas"];

describe("the item is typed by topic from the pinned version's schemas", () => {
  test("conversation, contact, ticket, company topics get their schemas", () => {
    expectTypeOf<WebhookItem<C211, "conversation.admin.replied">>().toEqualTypeOf<S211["conversation"]>();
    expectTypeOf<WebhookItem<C211, "conversation.user.created">>().toEqualTypeOf<S211["conversation"]>();
    expectTypeOf<WebhookItem<C211, "contact.user.created">>().toEqualTypeOf<S211["contact"]>();
    expectTypeOf<WebhookItem<C211, "ticket.created">>().toEqualTypeOf<S211["ticket"]>();
    expectTypeOf<WebhookItem<C211, "company.updated">>().toEqualTypeOf<S211["company"]>();
    expectTypeOf<WebhookItem<C211, "conversation_part.tag.created">>().toEqualTypeOf<S211["conversation_part"]>();
    expectTypeOf<WebhookItem<C211, "event.created">>().toEqualTypeOf<S211["data_event"]>();
  });

  test("webhook-only shapes: deleted, contact tags, ping", () => {
    expectTypeOf<WebhookItem<C211, "contact.deleted">>().toEqualTypeOf<WebhookDeletedItem>();
    expectTypeOf<WebhookItem<C211, "contact.user.tag.created">>().toEqualTypeOf<WebhookContactTag<C211>>();
    expectTypeOf<WebhookItem<C211, "contact.user.tag.created">["tag"]>().toEqualTypeOf<S211["tag"]>();
    expectTypeOf<WebhookItem<C211, "ping">>().toEqualTypeOf<WebhookPingItem>();
    expectTypeOf<WebhookItem<C211, "contact.merged">["merged_from"]>().toEqualTypeOf<{ type: "contact"; id: string }>();
  });

  test("unknown where the version lacks the schema, or the topic is not in the table", () => {
    expectTypeOf<WebhookItem<C27, "ticket.created">>().toBeUnknown(); // 2.7 has no ticket schema
    expectTypeOf<WebhookItem<C211, "call.started">>().toBeUnknown(); // calls arrive in 2.14
    expectTypeOf<WebhookItem<C216, "call.started">>().toEqualTypeOf<C216["schemas"]["call"]>();
    expectTypeOf<WebhookItem<C216, "job.completed">>().toEqualTypeOf<C216["schemas"]["jobs"]>();
    expectTypeOf<WebhookItem<C211, "user.created">>().toBeUnknown();
    expectTypeOf<WebhookItem<C211, "conversation.contact.attached">>().toBeUnknown();
    expectTypeOf<WebhookItem<unknown, "conversation.admin.replied">>().toBeUnknown(); // no components given
  });

  test("topics are the table's", () => {
    expectTypeOf<"conversation.admin.replied">().toExtend<WebhookTopic>();
    // @ts-expect-error not an Intercom topic
    expectTypeOf<"conversation.admin.repiled">().toExtend<WebhookTopic>();
  });
});

describe("a parsed notification narrows to a topic", () => {
  test("isWebhookTopic narrows to the topic's item; comparing topic narrows the known ones", async () => {
    const n = await parseWebhook<C211>({ body: "", signature: null, secret: "s" });
    expectTypeOf(n).toEqualTypeOf<WebhookNotification<C211>>();
    expectTypeOf(n).toEqualTypeOf<KnownWebhookNotification<C211> | WebhookNotificationOf<C211, UnknownWebhookTopic>>();
    expectTypeOf(n.id).toEqualTypeOf<string | null | undefined>(); // ping's may be null or absent
    if (isWebhookTopic(n, "conversation.admin.replied")) {
      expectTypeOf(n.data.item).toEqualTypeOf<S211["conversation"]>();
      expectTypeOf(n.id).toEqualTypeOf<string>();
      // @ts-expect-error a conversation has no email
      void n.data.item.email;
    }
    if (isWebhookTopic(n, ["contact.user.created", "contact.lead.created"])) expectTypeOf(n.data.item).toEqualTypeOf<S211["contact"]>();
    // @ts-expect-error not a topic of the table
    isWebhookTopic(n, "conversation.admin.repiled");
    // A topic the table does not know: its item is unknown, and comparing the topic cannot rule it out.
    if (n.topic === "conversation.admin.replied") expectTypeOf(n.data.item).toBeUnknown();

    const known = n as KnownWebhookNotification<C211>;
    switch (known.topic) {
      case "ticket.created":
        expectTypeOf(known.data.item).toEqualTypeOf<S211["ticket"]>();
        break;
      case "ping":
        expectTypeOf(known.data.item.message).toEqualTypeOf<string | undefined>();
        break;
    }
  });
});

describe("listeners", () => {
  const webhooks = createWebhooks<C211>({ secret: "s" });

  test("a topic's listener gets that topic's item", () => {
    webhooks.on("conversation.admin.replied", (n) => {
      expectTypeOf(n.topic).toEqualTypeOf<"conversation.admin.replied">();
      expectTypeOf(n.data.item).toEqualTypeOf<S211["conversation"]>();
    });
    webhooks.on("ticket.state.updated", (n) => expectTypeOf(n.data.item.ticket_state).toEqualTypeOf<S211["ticket"]["ticket_state"]>());
    webhooks.on("some.future.topic", (n) => {
      expectTypeOf(n.topic).toEqualTypeOf<"some.future.topic">();
      expectTypeOf(n.data.item).toBeUnknown();
    });
  });

  test("a wildcard's listener gets the union of its topics, plus topics the table does not know", () => {
    webhooks.on("contact.user.*", (n) => {
      expectTypeOf(n.topic).toEqualTypeOf<"contact.user.created" | "contact.user.updated" | "contact.user.tag.created" | "contact.user.tag.deleted" | UnknownWebhookTopic>();
      if (isWebhookTopic(n, "contact.user.created")) expectTypeOf(n.data.item).toEqualTypeOf<S211["contact"]>();
    });
    webhooks.on("*", (n) => expectTypeOf(n).toEqualTypeOf<WebhookNotification<C211>>());
  });

  test("on() chains; listeners may be async; a listener must be a function", () => {
    expectTypeOf(webhooks.on("ping", async () => {})).toEqualTypeOf(webhooks);
    // @ts-expect-error not a function
    webhooks.on("ping", "listener");
  });

  test("the handlers' shapes", () => {
    expectTypeOf(webhooks.fetchHandler).toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf(webhooks.nodeHandler).returns.toEqualTypeOf<Promise<void>>();
  });
});
