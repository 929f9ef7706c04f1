// Signed notifications for the webhook tests, signed here with node:crypto (never with the code
// under test), so a test compares the package's answer with an independent HMAC-SHA1.
import { createHash, createHmac } from "node:crypto";

/** A made-up client secret: every test also checks that it never leaks. */
export const SECRET = "wh-secret-7f3c9a1e-do-not-leak";

export const sign = (body: string | Uint8Array, secret = SECRET) => `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`;
export const sha256Signature = (body: string | Uint8Array, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
export const digest = (body: string | Uint8Array) => createHash("sha1").update(body).digest("hex");

/** A notification envelope as Intercom sends it. */
export function notification(topic: string, item: unknown, id: string | null = `notif_${topic.replaceAll(".", "-")}-1`) {
  return {
    type: "notification_event",
    app_id: "a86dr8yl",
    data: { type: "notification_event_data", item },
    links: {},
    id,
    topic,
    delivery_status: "pending",
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: 1763740800,
    created_at: 1763740800,
    self: null,
  };
}

/** Intercom's bytes: compact JSON, with a non-ASCII name so that UTF-8 matters. */
export const conversationBody = JSON.stringify(
  notification("conversation.admin.replied", { type: "conversation", id: "123", state: "open", title: "Zoë's refund — €20", body_marker: "BODY-MARKER-42" }),
);
export const pingBody = JSON.stringify(notification("ping", { type: "ping", message: "something something interzen" }, null));
