// Reply helpers for tickets and conversations: `POST /{tickets|conversations}/{id}/reply` takes a
// oneOf of an admin reply and a contact reply, each told apart by `type` and `message_type`. The
// shorthands fill those discriminators; every reply is checked before it is sent.
import type { CallOptions } from "../../core/call-options.js";
import { unwrap } from "../../core/errors.js";
import { callOptionsOf } from "../kit/call-options.js";
import { isoToUnixSeconds, looksLikeMilliseconds } from "../kit/dates.js";
import { defineHelper, type HelperContext, type RequestFn } from "../context.js";

/** The resources whose replies share this shape. */
export type ReplyResource = "tickets" | "conversations";

/**
 * Which operation of `Ops` each resource's types are read from. Type-level only, so that the
 * exported generics (`NoteInput<operations, "tickets">`) keep their signature; at run time the
 * helper reads the operations from the version's manifest (`replies`), and the client's own type
 * from the manifest's type.
 */
interface OPERATION {
  tickets: "replyTicket";
  conversations: "replyConversation";
}

/** The ways a contact reply can name its author: exactly one of them. */
const CONTACT_IDENTIFIERS = ["intercom_user_id", "user_id", "email"] as const;
type ContactIdentifier = (typeof CONTACT_IDENTIFIERS)[number];

/** Intercom's limit on `attachment_urls` (the spec's `maxItems`). */
const MAX_ATTACHMENT_URLS = 10;

// ---- types, from the version's `operations` ----

type Operation<Ops, R extends ReplyResource> = Ops extends { [K in OPERATION[R]]: infer O } ? O : never;
type JsonBody<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type JsonOk<O> = O extends { responses: { 200: { content: { "application/json": infer T } } } } ? T : never;

/** The request body of the version's reply operation, as its spec declares it (the raw oneOf). */
export type ReplyBody<Ops, R extends ReplyResource> = JsonBody<Operation<Ops, R>>;
/** What a reply returns: the ticket part (`ticket_reply`) for a ticket, the whole `conversation` for a conversation. */
export type ReplyResult<Ops, R extends ReplyResource> = JsonOk<Operation<Ops, R>>;

type AdminBranch<Ops, R extends ReplyResource> = Extract<ReplyBody<Ops, R>, { type: "admin" }>;
type ContactBranch<Ops, R extends ReplyResource> = Extract<ReplyBody<Ops, R>, { type: "user" }>;

/** Each contact branch forbids the other two identifiers, which the spec's oneOf only rejects at runtime. */
type OneIdentifier<T> = T extends unknown ? T & { [K in Exclude<ContactIdentifier, keyof T>]?: never } : never;

type QuickReplyOptions<A> = A extends { reply_options?: infer O } ? NonNullable<O> : never;

/**
 * An admin reply's body is optional in the spec, which says it "must be present for comment and note
 * message types"; `reply_options` must be present for `quick_reply`, where the version allows it.
 */
type AdminRules<A> = A extends { message_type: infer M }
  ?
      | (Omit<A, "message_type" | "body"> & { message_type: Exclude<M, "quick_reply">; body: string })
      | ("quick_reply" extends M ? Omit<A, "message_type" | "reply_options"> & { message_type: "quick_reply"; reply_options: QuickReplyOptions<A> } : never)
  : never;

/** Drops `Drop` and lets `created_at` (wherever the spec has it) be a `Date` as well as UNIX seconds. */
type Input<T, Drop extends PropertyKey = never> = T extends unknown ? { [K in keyof T as K extends Drop ? never : K]: K extends "created_at" ? T[K] | Date : T[K] } : never;

/** The body `reply()` takes: the spec's oneOf, with its rules made compile-time where TypeScript can. */
export type ReplyRequest<Ops, R extends ReplyResource> = Input<AdminRules<AdminBranch<Ops, R>> | OneIdentifier<ContactBranch<Ops, R>>>;

type DefaultComment<A> = A extends { message_type: "quick_reply" } ? A : A extends { message_type: infer M } ? Omit<A, "message_type"> & { message_type?: M } : never;

/** `replyAsAdmin()`'s input: an admin reply without `type`; `message_type` defaults to `"comment"`. */
export type AdminReplyInput<Ops, R extends ReplyResource> = Input<DefaultComment<AdminRules<AdminBranch<Ops, R>>>, "type">;

/** `note()`'s input: an admin reply without `type` and `message_type`, with a required `body`. */
export type NoteInput<Ops, R extends ReplyResource> = Input<Omit<AdminBranch<Ops, R>, "body"> & { body: string }, "type" | "message_type">;

/** `replyAsContact()`'s input: exactly one of `intercom_user_id`, `user_id`, `email`, and a `body`. */
export type ContactReplyInput<Ops, R extends ReplyResource> = Input<OneIdentifier<ContactBranch<Ops, R>>, "type" | "message_type">;

/** Options of one reply call. */
export interface ReplyOptions extends CallOptions {
  /** Cancels the request in flight. */
  signal?: AbortSignal;
}

/** `intercom.tickets` / `intercom.conversations`: replies, typed from the version's spec. */
export interface ReplyHelpers<Ops, R extends ReplyResource> {
  /** Sends a reply as the spec's oneOf has it: `type` (`"admin"` or `"user"`) and `message_type` are yours to set. */
  reply(id: string, body: ReplyRequest<Ops, R>, options?: ReplyOptions): Promise<ReplyResult<Ops, R>>;
  /** Replies as an admin: `type: "admin"`, and `message_type: "comment"` unless you give another. */
  replyAsAdmin(id: string, input: AdminReplyInput<Ops, R>, options?: ReplyOptions): Promise<ReplyResult<Ops, R>>;
  /** Adds an internal note: an admin reply with `message_type: "note"`. */
  note(id: string, input: NoteInput<Ops, R>, options?: ReplyOptions): Promise<ReplyResult<Ops, R>>;
  /** Replies as a contact: `type: "user"`, `message_type: "comment"`. */
  replyAsContact(id: string, input: ContactReplyInput<Ops, R>, options?: ReplyOptions): Promise<ReplyResult<Ops, R>>;
}

/**
 * `intercom.tickets` and `intercom.conversations`, each where the version's reply operation takes
 * the admin/contact oneOf. 2.7 and 2.8 have no ticket replies; 2.9's take a note only, in a shape
 * of their own (no `type`): send those with `intercom.POST("/tickets/{id}/reply")`.
 */
export type Replies<Ops> = {
  [R in ReplyResource as [AdminBranch<Ops, R>] extends [never] ? never : R]: ReplyHelpers<Ops, R>;
};

// ---- runtime ----

type Body = Record<string, unknown>;

/** One reply operation of the manifest: its path and the name of its id parameter. */
export interface ReplyOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly idParam: string;
}
export type RepliesManifest = { readonly [resource: string]: ReplyOperation };

/** The reply helpers of each resource whose reply operation the manifest lists. */
export function createReplies<Ops>(ctx: HelperContext<{ readonly replies: RepliesManifest }>): Replies<Ops> {
  const helpers: Record<string, unknown> = {};
  for (const [resource, operation] of Object.entries(ctx.manifest.replies)) helpers[resource] = replyHelpers(ctx.request, resource, operation);
  return helpers as Replies<Ops>;
}

function replyHelpers(request: RequestFn, resource: string, operation: ReplyOperation) {
  // async, so that a refused reply is a rejected promise like any other failure of the call.
  const send = async (method: string, id: unknown, build: (input: Body) => Body, input: unknown, options: ReplyOptions = {}) => {
    const where = `${resource}.${method}`;
    if (typeof id !== "string" || id === "") throw new TypeError(`${where}: the ${resource.slice(0, -1)} id must be a non-empty string`);
    if (!isObject(input)) throw new TypeError(`${where}: the reply must be an object`);
    const body = check(where, build(input));
    const call = callOptionsOf(where, options);
    return unwrap(request(operation.method as "post", operation.path, { params: { path: { [operation.idParam]: id } }, body, signal: options.signal, ...call }));
  };
  const helpers = {
    reply: (id: string, body: unknown, options?: ReplyOptions) => send("reply", id, (b) => b, body, options),
    replyAsAdmin: (id: string, input: unknown, options?: ReplyOptions) => send("replyAsAdmin", id, (i) => ({ ...i, type: "admin", message_type: i.message_type ?? "comment" }), input, options),
    note: (id: string, input: unknown, options?: ReplyOptions) => send("note", id, (i) => ({ ...i, type: "admin", message_type: "note" }), input, options),
    replyAsContact: (id: string, input: unknown, options?: ReplyOptions) => send("replyAsContact", id, (i) => ({ ...i, type: "user", message_type: "comment" }), input, options),
  };
  return helpers;
}

const ADMIN_MESSAGE_TYPES = ["comment", "note", "quick_reply"];

/** A reply's discriminators and rules, checked before any request; returns the body to send. */
function check(where: string, input: Body): Body {
  const body = { ...input };
  if (body.type === "user") {
    const given = CONTACT_IDENTIFIERS.filter((key) => body[key] !== undefined);
    if (given.length !== 1) {
      throw new TypeError(`${where}: give exactly one of ${CONTACT_IDENTIFIERS.join(", ")} (got ${given.length})`);
    }
    nonEmptyString(where, given[0]!, body[given[0]!]);
    if (body.message_type !== "comment") {
      throw new TypeError(`${where}: message_type must be "comment" for a contact reply, got ${describe(body.message_type)}`);
    }
    nonEmptyString(where, "body", body.body, "for a comment");
  } else if (body.type === "admin") {
    nonEmptyString(where, "admin_id", body.admin_id, "for an admin reply");
    if (!ADMIN_MESSAGE_TYPES.includes(body.message_type as string)) {
      throw new TypeError(`${where}: message_type must be one of "comment", "note", "quick_reply" for an admin reply, got ${describe(body.message_type)}`);
    }
    if (body.message_type === "quick_reply") {
      if (!Array.isArray(body.reply_options) || body.reply_options.length === 0) {
        throw new TypeError(`${where}: reply_options must be a non-empty array of { text, uuid } for a quick_reply`);
      }
      if (body.body !== undefined && typeof body.body !== "string") throw new TypeError(`${where}: body must be a string, got ${describe(body.body)}`);
    } else {
      nonEmptyString(where, "body", body.body, `for a ${body.message_type}`);
    }
  } else {
    throw new TypeError(`${where}: type must be "admin" or "user", got ${describe(body.type)}`);
  }
  if (body.attachment_urls !== undefined) checkAttachmentUrls(where, body.attachment_urls);
  if (body.created_at !== undefined) body.created_at = unixSeconds(where, body.created_at);
  return body;
}

function checkAttachmentUrls(where: string, urls: unknown) {
  if (!Array.isArray(urls)) throw new TypeError(`${where}: attachment_urls must be an array of URLs, got ${urls === null ? "null" : typeof urls}`);
  if (urls.length > MAX_ATTACHMENT_URLS) {
    throw new RangeError(`${where}: attachment_urls takes at most ${MAX_ATTACHMENT_URLS} URLs, got ${urls.length}`);
  }
  urls.forEach((url, i) => {
    // The URL itself stays out of the message: a pre-signed link carries a credential in its query.
    const protocol = typeof url === "string" ? protocolOf(url) : undefined;
    if (protocol !== "http:" && protocol !== "https:") {
      const got = typeof url !== "string" ? typeof url : protocol ? `a ${protocol} URL` : "not an absolute URL";
      throw new TypeError(`${where}: attachment_urls[${i}] must be an absolute http(s) URL (got ${got})`);
    }
  });
}

function protocolOf(url: string): string | undefined {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}

function unixSeconds(where: string, value: unknown): number {
  if (value instanceof Date) {
    const seconds = isoToUnixSeconds(value);
    if (seconds === undefined) throw new RangeError(`${where}: created_at is an invalid Date`);
    if (seconds < 0) throw new RangeError(`${where}: created_at must not be before 1970`);
    return seconds;
  }
  if (typeof value !== "number") throw new TypeError(`${where}: created_at must be UNIX seconds or a Date, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${where}: created_at must be UNIX seconds (a non-negative integer), got ${value}`);
  if (looksLikeMilliseconds(value)) {
    throw new RangeError(`${where}: created_at must be UNIX seconds; ${value} looks like milliseconds (divide by 1000, or pass a Date)`);
  }
  return value;
}

function nonEmptyString(where: string, field: string, value: unknown, when = "") {
  if (typeof value !== "string" || value.trim() === "") {
    const rule = `${field} must be a non-empty string${when ? ` ${when}` : ""}`;
    throw new TypeError(`${where}: ${rule}${value === undefined ? "" : `, got ${describe(value)}`}`);
  }
}

const isObject = (value: unknown): value is Body => typeof value === "object" && value !== null && !Array.isArray(value);

/** What was given. Only discriminators and empty strings reach here, so no content is echoed. */
const describe = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;

/** The reply helpers as a plugin, for `withHelpers`: `intercom.tickets` and `intercom.conversations`. */
export const replies = defineHelper("replies", (ctx: HelperContext<{ readonly replies: RepliesManifest }>) => createReplies(ctx));
