// Conversations: started by a contact, replied to and noted by admins or the contact, closed,
// opened, snoozed and assigned, listed by cursor and searched; and outbound messages, which an
// admin starts (`POST /messages`).
import { findAdmin } from "./admins.js";
import { isObject, optionalInteger, optionalString, perPage, requiredString } from "../fields.js";
import { itemsKey } from "../manifest.js";
import { cursorPage } from "../pages.js";
import { FakeHttpError, invalid, missing, notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { readPath, search } from "../search.js";
import { copy, type Json, type Workspace } from "../store.js";

type Author = { type: "admin" | "user" | "lead"; id: string; name: string | null; email: string };

export const adminAuthor = (admin: Json): Author => ({ type: "admin", id: String(admin.id), name: (admin.name as string) ?? null, email: String(admin.email) });
export const contactAuthor = (contact: Json): Author => ({
  type: contact.role === "lead" ? "lead" : "user",
  id: String(contact.id),
  name: (contact.name as string | null) ?? null,
  email: String(contact.email ?? ""),
});

/** The contact a request names: by Intercom id, by external id (`user_id`) or by email. */
/** The contact a reply is from (conversations and tickets take it alike): a comment, by Intercom id, user id or email. */
export function replyingContact(ws: Workspace, type: unknown, messageType: unknown, body: Json): Json {
  if (type !== "user" && type !== "lead" && type !== "contact") throw invalid("type", 'must be "admin" or "user"');
  if (messageType !== "comment") throw invalid("message_type", 'must be "comment" for a contact');
  const by = { id: body.intercom_user_id, user_id: body.user_id, email: body.email };
  if (by.id === undefined && by.user_id === undefined && by.email === undefined)
    throw new FakeHttpError(400, "parameter_not_found", "intercom_user_id, user_id or email is required", "intercom_user_id");
  return contactBy(ws, by, "intercom_user_id");
}

export function contactBy(ws: Workspace, by: { id?: unknown; user_id?: unknown; email?: unknown }, field: string): Json {
  const found = [...ws.contacts.values()].find(
    (c) => (by.id !== undefined && c.id === by.id) || (by.user_id !== undefined && c.external_id === by.user_id) || (by.email !== undefined && c.email === by.email),
  );
  if (!found || ws.archived.has(String(found.id))) throw new FakeHttpError(404, "not_found", "User Not Found", field);
  return found;
}

function part(ws: Workspace, partType: string, author: Author, body: string | null, extra: Json = {}): Json {
  const now = ws.seconds();
  return {
    type: "conversation_part",
    id: ws.id("part"),
    part_type: partType,
    body,
    created_at: now,
    updated_at: now,
    notified_at: now,
    assigned_to: null,
    author,
    attachments: [],
    external_id: null,
    redacted: false,
    ...extra,
  };
}

const partsOf = (conversation: Json) => (conversation.conversation_parts as { conversation_parts: Json[] }).conversation_parts;

function addPart(ws: Workspace, conversation: Json, p: Json) {
  const parts = partsOf(conversation);
  parts.push(p);
  (conversation.conversation_parts as Json).total_count = parts.length;
  conversation.updated_at = ws.seconds();
  const author = p.author as Author;
  if (author.type === "admin") {
    const teammates = (conversation.teammates as { teammates: Json[] }).teammates;
    if (!teammates.some((t) => t.id === author.id)) teammates.push({ type: "admin", id: author.id });
  }
}

/** A new conversation whose first message (its `source`) is `body` by `author`, with `contact` in it. */
function startConversation(ws: Workspace, contact: Json, author: Author, body: string, deliveredAs: string, subject = ""): Json {
  const now = ws.seconds();
  const conversation: Json = {
    type: "conversation",
    id: ws.id("conversation"),
    title: null,
    created_at: now,
    updated_at: now,
    waiting_since: author.type === "admin" ? null : now,
    snoozed_until: null,
    open: true,
    state: "open",
    read: false,
    // No `priority` (its values differ by version: not_priority in 2.11, none from 2.16), and 0 for
    // unassigned, which every version's schema takes (2.16 documents 0; 2.11 documents null).
    admin_assignee_id: 0,
    team_assignee_id: 0,
    tags: { type: "tag.list", tags: [] },
    source: { type: "conversation", id: ws.id("message"), delivered_as: deliveredAs, subject, body, author, attachments: [], url: null, redacted: false },
    contacts: { type: "contact.list", contacts: [{ type: "contact", id: contact.id, external_id: contact.external_id }] },
    teammates: { type: "admin.list", teammates: author.type === "admin" ? [{ type: "admin", id: author.id }] : [] },
    custom_attributes: {},
    first_contact_reply: author.type === "admin" ? null : { created_at: now, type: "conversation", url: null },
    statistics: { type: "conversation_statistics" },
    conversation_parts: { type: "conversation_part.list", conversation_parts: [], total_count: 0 },
  };
  ws.conversations.set(String(conversation.id), conversation);
  return conversation;
}

function findConversation(ws: Workspace, id: string): Json {
  const conversation = ws.conversations.get(id);
  if (!conversation) throw notFound("Conversation");
  return conversation;
}

/** In lists and search, Intercom leaves the parts out. */
const summary = (conversation: Json): Json => {
  const { conversation_parts: _parts, ...rest } = copy(conversation);
  return rest;
};

const readConversation = (conversation: Json, field: string): unknown => {
  if (field === "contact_ids") return (conversation.contacts as { contacts: Json[] }).contacts.map((c) => c.id);
  if (field === "teammate_ids") return (conversation.teammates as { teammates: Json[] }).teammates.map((t) => t.id);
  if (field === "tag_ids") return (conversation.tags as { tags: Json[] }).tags.map((t) => t.id);
  return readPath(conversation, field);
};

function reply(ws: Workspace, conversation: Json, body: Json): string {
  const type = requiredString(body, "type");
  const messageType = requiredString(body, "message_type");
  if (type === "admin") {
    if (messageType !== "comment" && messageType !== "note") throw invalid("message_type", 'must be "comment" or "note" for an admin');
    const admin = findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
    addPart(ws, conversation, part(ws, messageType, adminAuthor(admin), requiredString(body, "body")));
    if (messageType === "comment") conversation.waiting_since = null;
    return messageType === "comment" ? "conversation.admin.replied" : "conversation.admin.noted";
  }
  const contact = replyingContact(ws, type, messageType, body);
  addPart(ws, conversation, part(ws, "comment", contactAuthor(contact), requiredString(body, "body")));
  // A contact's reply reopens a closed conversation, as in Intercom.
  Object.assign(conversation, { open: true, state: "open", snoozed_until: null, waiting_since: ws.seconds() });
  return "conversation.user.replied";
}

function changeState(ws: Workspace, conversation: Json, body: Json): string {
  const messageType = requiredString(body, "message_type");
  const admin = findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
  const text = optionalString(body, "body") ?? null;
  switch (messageType) {
    case "close":
      Object.assign(conversation, { open: false, state: "closed", snoozed_until: null, waiting_since: null });
      addPart(ws, conversation, part(ws, "close", adminAuthor(admin), text));
      return "conversation.admin.closed";
    case "open":
      Object.assign(conversation, { open: true, state: "open", snoozed_until: null });
      addPart(ws, conversation, part(ws, "open", adminAuthor(admin), text));
      return "conversation.admin.opened";
    case "snoozed": {
      const until = optionalInteger(body, "snoozed_until");
      if (until === undefined || until === null) throw missing("snoozed_until");
      Object.assign(conversation, { open: true, state: "snoozed", snoozed_until: until });
      addPart(ws, conversation, part(ws, "snoozed", adminAuthor(admin), text));
      return "conversation.admin.snoozed";
    }
    case "assignment": {
      const assignee = findAdmin(ws, requiredString(body, "assignee_id"), "assignee_id");
      conversation.admin_assignee_id = Number(assignee.id);
      addPart(ws, conversation, part(ws, "assignment", adminAuthor(admin), text, { assigned_to: { type: "admin", id: String(assignee.id) } }));
      return "conversation.admin.assigned";
    }
    default:
      throw invalid("message_type", 'must be "close", "open", "snoozed" or "assignment"');
  }
}

export interface ConversationInput {
  /** The contact who writes first. */
  contactId: string;
  body: string;
}

/** Seeding: a conversation a contact started. */
export function seedConversation(ws: Workspace, input: ConversationInput): Json {
  const contact = ws.contacts.get(input?.contactId);
  if (!contact) throw new TypeError(`fake.data.conversations.create: no contact ${JSON.stringify(input?.contactId)}`);
  if (typeof input.body !== "string") throw new TypeError("fake.data.conversations.create: `body` must be a string");
  return startConversation(ws, contact, contactAuthor(contact), input.body, "customer_initiated");
}

export const conversationRoutes: Route[] = [
  {
    method: "post",
    path: "/conversations",
    handle: ({ ws, body }) => {
      const from = body.from;
      if (!isObject(from)) throw missing("from");
      const type = requiredString(from, "type", "from.type");
      if (!["user", "lead", "contact"].includes(type)) throw invalid("from.type", 'must be "user", "lead" or "contact"');
      const contact = contactBy(ws, { id: requiredString(from, "id", "from.id") }, "from.id");
      const conversation = startConversation(ws, contact, contactAuthor(contact), requiredString(body, "body"), "customer_initiated");
      ws.emit("conversation.user.created", copy(conversation));
      const source = conversation.source as Json;
      return { type: "user_message", id: source.id, created_at: conversation.created_at, subject: "", body: source.body, message_type: "inapp", conversation_id: conversation.id };
    },
  },
  {
    method: "get",
    path: "/conversations",
    handle: ({ ws, query, manifest }) => {
      const { page, pages, totalCount } = cursorPage([...ws.conversations.values()], perPage(query, 20, 150), query.get("starting_after"));
      return { type: "conversation.list", [itemsKey(manifest, "/conversations", "conversations")]: page.map(summary), total_count: totalCount, pages };
    },
  },
  {
    method: "post",
    path: "/conversations/search",
    handle: ({ ws, body, manifest }) => {
      const info = manifest.search.conversations;
      if (!info) throw notFound("Route");
      return search(body, [...ws.conversations.values()], info, readConversation, summary);
    },
  },
  { method: "get", path: "/conversations/{conversation_id}", handle: ({ ws, params }) => copy(findConversation(ws, params.conversation_id!)) },
  {
    method: "post",
    path: "/conversations/{conversation_id}/reply",
    handle: ({ ws, params, body }) => {
      const conversation = findConversation(ws, params.conversation_id!);
      ws.emit(reply(ws, conversation, body), copy(conversation));
      return copy(conversation);
    },
  },
  {
    method: "post",
    path: "/conversations/{conversation_id}/parts",
    handle: ({ ws, params, body }) => {
      const conversation = findConversation(ws, params.conversation_id!);
      ws.emit(changeState(ws, conversation, body), copy(conversation));
      return copy(conversation);
    },
  },
  {
    method: "post",
    path: "/messages",
    handle: ({ ws, body }) => {
      const messageType = requiredString(body, "message_type");
      if (messageType !== "in_app" && messageType !== "email") throw invalid("message_type", 'must be "in_app" or "email"');
      const from = body.from;
      const to = body.to;
      if (!isObject(from)) throw missing("from");
      if (!isObject(to)) throw missing("to");
      if (from.type !== "admin") throw invalid("from.type", 'must be "admin"');
      const admin = findAdmin(ws, String(from.id ?? ""), "from.id");
      const contact = contactBy(ws, { id: requiredString(to, "id", "to.id") }, "to.id");
      const subject = optionalString(body, "subject") ?? "";
      if (messageType === "email" && !subject) throw missing("subject");
      const text = requiredString(body, "body");
      const conversation = startConversation(ws, contact, adminAuthor(admin), text, "admin_initiated", subject);
      const message: Json = {
        type: "admin_message",
        id: (conversation.source as Json).id,
        created_at: conversation.created_at,
        subject,
        body: text,
        message_type: messageType === "in_app" ? "inapp" : "email",
        conversation_id: conversation.id,
      };
      ws.messages.set(String(message.id), { ...message, contact_id: contact.id, admin_id: admin.id });
      ws.emit("conversation.admin.single.created", copy(conversation));
      return message;
    },
  },
];
