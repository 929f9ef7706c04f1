// A notification as Intercom sends it (the `notification_event` envelope), typed by topic from a
// version's `components`, and `parseWebhook`, which verifies before it parses.
import { checkSignature, type VerifyWebhookInput } from "./signature.js";
import type { webhookTopics, WebhookTopic } from "./topics.js";

type Schemas<C> = C extends { schemas: infer S } ? S : {};
/** `components["schemas"][name]`, or `unknown` where the version has no such schema. */
type Schema<C, Name> = Name extends keyof Schemas<C> ? Schemas<C>[Name] : unknown;

/** What every `*.deleted` topic sends: identifying fields only, not the resource. */
export interface WebhookDeletedItem {
  type?: string;
  id?: string;
  [field: string]: unknown;
}

/** `ping`'s item: Intercom sends it when a subscription is set up, and from time to time. */
export interface WebhookPingItem {
  type: "ping";
  message?: string;
  [field: string]: unknown;
}

/** The item of `contact.*.tag.*` topics: a webhook-only object, not in the API's descriptions. */
export interface WebhookContactTag<C = unknown> {
  type: "contact_tag";
  created_at: number;
  tag: Schema<C, "tag">;
  contact: Schema<C, "contact">;
}

/** The item of `content_stat.*` topics: a webhook-only object, typed from Intercom's documentation. */
export interface WebhookContentStat<C = unknown> {
  /** The topic again, e.g. `content_stat.series`. */
  type: string;
  created_at: string;
  content_stat: {
    id: string | number;
    content_type: string;
    content_id: string | number;
    stat_type: string;
    content_title?: string | null;
    ruleset_id?: string | number;
    ruleset_version_id?: string | number;
    receipt_id?: string | number;
    series_id?: string | number | null;
    series_title?: string | null;
    node_id?: string | number | null;
    [field: string]: unknown;
  };
  contact: Schema<C, "contact">;
  company?: Schema<C, "company">;
  [field: string]: unknown;
}

/** What a value of the topic table stands for, in version `C`. */
type ItemKind<C, K> = K extends "deleted"
  ? WebhookDeletedItem
  : K extends "ping"
    ? WebhookPingItem
    : K extends "contact_tag"
      ? WebhookContactTag<C>
      : K extends "content_stat"
        ? WebhookContentStat<C>
        : K extends "contact_merged"
          ? Schema<C, "contact"> & { merged_from: { type: "contact"; id: string } }
          : K extends "unknown"
            ? unknown
            : Schema<C, K>;

/** The `data.item` of a topic in version `C`: `unknown` for a topic the table does not know. */
export type WebhookItem<C, T extends string> = T extends WebhookTopic ? ItemKind<C, (typeof webhookTopics)[T]> : unknown;

declare const unknownTopic: unique symbol;
/** A topic the table does not list (one Intercom added later, or a legacy `user.*` one). */
export type UnknownWebhookTopic = string & { readonly [unknownTopic]: true };

/** Intercom's `notification_event` envelope for topic `T`, its item typed from version `C`. */
export interface WebhookNotificationOf<C, T extends string> {
  type: "notification_event";
  /** The notification's id: the same on every redelivery, so the key to deduplicate on. `ping`'s may be null or absent. */
  id: T extends "ping" ? string | null | undefined : string;
  topic: T;
  app_id: string;
  /** UNIX seconds. */
  created_at: number;
  delivery_attempts: number;
  /** UNIX seconds. */
  first_sent_at: number;
  delivery_status?: string;
  delivered_at?: number;
  self?: string | null;
  links?: unknown;
  data: { type: "notification_event_data"; item: WebhookItem<C, T> };
}

/** A notification of one of the table's topics, typed from version `C`: a union that narrows on `topic`. */
export type KnownWebhookNotification<C = unknown> = { [T in WebhookTopic]: WebhookNotificationOf<C, T> }[WebhookTopic];

/**
 * A notification of any topic, typed from version `C` (`import type { components } from
 * "intercom-fetch/2.11"`). Topics the table does not know arrive too, with `topic:
 * UnknownWebhookTopic` and an `unknown` item. Because that topic is a `string`, comparing `topic`
 * with a name cannot rule it out (TypeScript keeps a `string` member in every branch): narrow with
 * `isWebhookTopic(notification, topic)`, or listen with `webhooks.on(topic, ...)`.
 */
export type WebhookNotification<C = unknown> = KnownWebhookNotification<C> | WebhookNotificationOf<C, UnknownWebhookTopic>;

/** Whether `notification` is of `topic` (or of one of `topics`), narrowing its type to that topic's. */
export function isWebhookTopic<C, T extends WebhookTopic>(notification: WebhookNotification<C>, topic: T | readonly T[]): notification is Extract<KnownWebhookNotification<C>, { topic: T }> {
  return typeof topic === "string" ? notification.topic === topic : (topic as readonly string[]).includes(notification.topic);
}

/** Why a notification was refused. */
export type WebhookErrorReason = "missing_signature" | "malformed_signature" | "signature_mismatch" | "invalid_body" | "invalid_utf8" | "invalid_json" | "not_a_notification";

const MESSAGES: Record<WebhookErrorReason, string> = {
  missing_signature: "the X-Hub-Signature header is missing",
  malformed_signature: "the X-Hub-Signature header is not sha1= followed by 40 hex digits",
  signature_mismatch: "the signature does not match the body: wrong secret, or a body changed after Intercom signed it",
  invalid_body: "the body is not a string, Uint8Array or ArrayBuffer",
  invalid_utf8: "the body is not valid UTF-8",
  invalid_json: "the body is not JSON",
  not_a_notification: "the body is not an Intercom notification_event",
};

/**
 * What `parseWebhook` rejects with. `status` is what to answer Intercom: 401 for a missing,
 * malformed or wrong signature, 400 for a body that is signed but not a notification. The message
 * is one of a fixed set: it never quotes the body, the signature or the secret.
 */
export class WebhookError extends Error {
  override readonly name: string = "WebhookError";
  readonly reason: WebhookErrorReason;
  readonly status: 400 | 401;

  constructor(reason: WebhookErrorReason) {
    super(`Intercom webhook refused: ${MESSAGES[reason]}`);
    this.reason = reason;
    this.status = reason === "missing_signature" || reason === "malformed_signature" || reason === "signature_mismatch" ? 401 : 400;
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Verifies the signature, then parses the body into a notification typed from version `C`. Rejects
 * with `WebhookError` (never anything else for anything a request can carry): signature first, so
 * an unsigned body is never parsed. Only the envelope is checked at run time; the item is typed
 * from the version's schema, as a response body is.
 */
export async function parseWebhook<C = unknown>(input: VerifyWebhookInput): Promise<WebhookNotification<C>> {
  const check = await checkSignature(input);
  if (check !== "ok") throw new WebhookError(check);
  let text: string;
  try {
    text = typeof input.body === "string" ? input.body : decoder.decode(input.body);
  } catch {
    throw new WebhookError("invalid_utf8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebhookError("invalid_json");
  }
  if (!isNotification(json)) throw new WebhookError("not_a_notification");
  return json as WebhookNotification<C>;
}

function isNotification(value: unknown): boolean {
  if (!isObject(value) || value.type !== "notification_event") return false;
  if (typeof value.topic !== "string" || value.topic === "") return false;
  if (!(typeof value.id === "string" || (value.topic === "ping" && (value.id === null || value.id === undefined)))) return false;
  return isObject(value.data) && "item" in value.data;
}
