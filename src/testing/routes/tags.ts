// Tags: create (or rename), list, get, delete, and tagging contacts and conversations.
import { findAdmin, owner } from "./admins.js";
import { findContact, renderContact } from "./contacts.js";
import { requiredString } from "../fields.js";
import { FakeHttpError, notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { copy, type Json, type Workspace } from "../store.js";

export function createTag(ws: Workspace, name: string): Json {
  if (typeof name !== "string" || name === "") throw new TypeError("fake.data.tags.create: `name` must be a non-empty string");
  for (const tag of ws.tags.values()) if (tag.name === name) return tag;
  const tag: Json = { type: "tag", id: ws.id("tag"), name };
  ws.tags.set(String(tag.id), tag);
  return tag;
}

export function findTag(ws: Workspace, id: unknown, field?: string): Json {
  const tag = ws.tags.get(String(id));
  if (!tag) throw new FakeHttpError(404, "not_found", "Tag Not Found", field);
  return tag;
}

/** A tag as the tag endpoints answer it: `applied_at`/`applied_by` when it was applied. */
export const renderTag = (tag: Json, applied?: { appliedAt: number; by: string | null }): Json => ({
  ...copy(tag),
  applied_at: applied?.appliedAt ?? null,
  applied_by: applied?.by ? { type: "admin", id: applied.by } : null,
});

/** Tags a contact (as the token's admin unless `by` says otherwise); applying it twice is a no-op. */
export function tagContact(ws: Workspace, contact: Json, tag: Json, by: string | null): boolean {
  const id = String(contact.id);
  const tags = ws.contactTags.get(id) ?? new Map();
  ws.contactTags.set(id, tags);
  if (tags.has(String(tag.id))) return false;
  tags.set(String(tag.id), { appliedAt: ws.seconds(), by });
  return true;
}

const contactTagItem = (ws: Workspace, contact: Json, tag: Json) => ({ type: "contact_tag", created_at: ws.seconds(), tag: renderTag(tag), contact: renderContact(ws, contact) });
const role = (contact: Json) => (contact.role === "lead" ? "lead" : "user");

export const tagRoutes: Route[] = [
  {
    method: "post",
    path: "/tags",
    handle: ({ ws, body }) => {
      const name = requiredString(body, "name");
      if (body.id !== undefined) {
        const tag = findTag(ws, body.id, "id");
        tag.name = name;
        return renderTag(tag);
      }
      return renderTag(createTag(ws, name));
    },
  },
  { method: "get", path: "/tags", handle: ({ ws }) => ({ type: "list", data: [...ws.tags.values()].map((t) => renderTag(t)) }) },
  { method: "get", path: "/tags/{tag_id}", handle: ({ ws, params }) => renderTag(findTag(ws, params.tag_id)) },
  {
    method: "delete",
    path: "/tags/{tag_id}",
    handle: ({ ws, params }) => {
      const tag = findTag(ws, params.tag_id);
      ws.tags.delete(String(tag.id));
      for (const tags of ws.contactTags.values()) tags.delete(String(tag.id));
      for (const conversation of ws.conversations.values()) {
        const list = conversation.tags as { tags: Json[] };
        list.tags = list.tags.filter((t) => t.id !== tag.id);
      }
      return new Response(null, { status: 200 });
    },
  },
  {
    method: "get",
    path: "/contacts/{contact_id}/tags",
    handle: ({ ws, params }) => {
      const contact = findContact(ws, params.contact_id!);
      const applied = ws.contactTags.get(String(contact.id)) ?? new Map();
      return { type: "list", data: [...applied].map(([id, how]) => renderTag(ws.tags.get(id)!, how)) };
    },
  },
  {
    method: "post",
    path: "/contacts/{contact_id}/tags",
    handle: ({ ws, params, body }) => {
      const contact = findContact(ws, params.contact_id!);
      const tag = findTag(ws, requiredString(body, "id"), "id");
      if (tagContact(ws, contact, tag, String(owner(ws).id))) ws.emit(`contact.${role(contact)}.tag.created`, contactTagItem(ws, contact, tag));
      return renderTag(tag, ws.contactTags.get(String(contact.id))!.get(String(tag.id)));
    },
  },
  {
    method: "delete",
    path: "/contacts/{contact_id}/tags/{tag_id}",
    handle: ({ ws, params }) => {
      const contact = findContact(ws, params.contact_id!);
      const tag = findTag(ws, params.tag_id);
      if (!ws.contactTags.get(String(contact.id))?.delete(String(tag.id))) throw notFound("Tag");
      ws.emit(`contact.${role(contact)}.tag.deleted`, contactTagItem(ws, contact, tag));
      return renderTag(tag);
    },
  },
  {
    method: "post",
    path: "/conversations/{conversation_id}/tags",
    handle: ({ ws, params, body }) => {
      const conversation = findConversation(ws, params.conversation_id!);
      const tag = findTag(ws, requiredString(body, "id"), "id");
      const admin = findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
      const list = conversation.tags as { tags: Json[] };
      const applied = list.tags.find((t) => t.id === tag.id) ?? renderTag(tag, { appliedAt: ws.seconds(), by: String(admin.id) });
      if (!list.tags.includes(applied)) list.tags.push(applied);
      return copy(applied);
    },
  },
  {
    method: "delete",
    path: "/conversations/{conversation_id}/tags/{tag_id}",
    handle: ({ ws, params, body }) => {
      const conversation = findConversation(ws, params.conversation_id!);
      const tag = findTag(ws, params.tag_id);
      findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
      const list = conversation.tags as { tags: Json[] };
      const applied = list.tags.find((t) => t.id === tag.id);
      if (!applied) throw notFound("Tag");
      list.tags = list.tags.filter((t) => t !== applied);
      return copy(applied);
    },
  },
];

function findConversation(ws: Workspace, id: string): Json {
  const conversation = ws.conversations.get(id);
  if (!conversation) throw notFound("Conversation");
  return conversation;
}
