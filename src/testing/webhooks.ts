// Notifications for the fake's state changes, as Intercom sends them: the `notification_event`
// envelope, signed `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>` with the app's secret
// (Web Crypto), posted to `deliver` after the API call that caused them has been answered.
import type { Json, Workspace } from "./store.js";

export interface FakeWebhooksOptions {
  /** The app's client secret: the HMAC key Intercom signs with. Never appears in a message. */
  secret: string;
  /**
   * Receives each notification as Intercom would POST it, e.g. `createWebhooks({ secret }).fetchHandler`.
   * Without it, notifications are only kept in `fake.webhooks.sent`.
   */
  deliver?: (request: Request) => Response | Promise<Response>;
  /** The URL the requests are addressed to (default `https://webhooks.fake.intercom.test/`). */
  url?: string;
}

/** A notification the fake produced, and what became of its delivery. */
export interface SentWebhook {
  topic: string;
  /** The `notification_event` as sent. */
  notification: Json;
  /** The raw body, exactly as signed. */
  body: string;
  /** `X-Hub-Signature`'s value; undefined without a secret. */
  signature: string | undefined;
  /** The status `deliver` answered; undefined until delivered, or when nothing delivers. */
  status?: number;
  /** What `deliver` threw or rejected with, if it did. */
  error?: unknown;
}

export interface FakeWebhooks {
  /** Every notification so far, in order (cleared by `reset()`). */
  readonly sent: readonly SentWebhook[];
  /** Resolves when every notification produced so far has been delivered (or failed to be). */
  flush(): Promise<void>;
}

const encoder = new TextEncoder();

async function sign(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export function createWebhookQueue(options: FakeWebhooksOptions | undefined, ws: () => Workspace) {
  const sent: SentWebhook[] = [];
  const pending = new Set<Promise<void>>();

  async function deliver(entry: SentWebhook) {
    if (options) entry.signature = await sign(options.secret, entry.body);
    if (!options?.deliver) return;
    const request = new Request(options.url ?? "https://webhooks.fake.intercom.test/", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "intercom-fetch/testing", "x-hub-signature": entry.signature! },
      body: entry.body,
    });
    try {
      entry.status = (await options.deliver(request)).status;
    } catch (error) {
      entry.error = error;
    }
  }

  return {
    emit(topic: string, item: Json) {
      const workspace = ws();
      const now = workspace.seconds();
      const notification: Json = {
        type: "notification_event",
        app_id: workspace.appId,
        data: { type: "notification_event_data", item },
        links: {},
        id: `notif_${workspace.id("notification")}`,
        topic,
        delivery_status: "pending",
        delivery_attempts: 1,
        delivered_at: 0,
        first_sent_at: now,
        created_at: now,
        self: null,
      };
      const entry: SentWebhook = { topic, notification, body: JSON.stringify(notification), signature: undefined };
      sent.push(entry);
      // After the current call has answered, as Intercom delivers: never inside the request.
      const job: Promise<void> = Promise.resolve()
        .then(() => deliver(entry))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    api: {
      get sent() {
        return sent as readonly SentWebhook[];
      },
      async flush() {
        while (pending.size > 0) await Promise.all(pending);
      },
    } satisfies FakeWebhooks,
    clear() {
      sent.length = 0;
    },
  };
}
