// Notes on contacts: written by an admin, listed by page.
import { findAdmin, owner } from "./admins.js";
import { findContact } from "./contacts.js";
import { optionalString, pageNumber, perPage, requiredString } from "../fields.js";
import { itemsKey } from "../manifest.js";
import { numberedPage } from "../pages.js";
import { notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { copy, type Json, type Workspace } from "../store.js";

export function createNote(ws: Workspace, contact: Json, body: string, admin: Json): Json {
  const note: Json = {
    type: "note",
    id: ws.id("note"),
    created_at: ws.seconds(),
    contact: { type: "contact", id: contact.id },
    author: copy(admin),
    body: body.startsWith("<") ? body : `<p>${body}</p>`,
  };
  ws.notes.set(String(note.id), note);
  return note;
}

export const noteRoutes: Route[] = [
  {
    method: "post",
    path: "/contacts/{contact_id}/notes",
    handle: ({ ws, params, body }) => {
      const contact = findContact(ws, params.contact_id!);
      const text = requiredString(body, "body");
      const adminId = optionalString(body, "admin_id") ?? (typeof body.admin_id === "number" ? String(body.admin_id) : undefined);
      return copy(createNote(ws, contact, text, adminId ? findAdmin(ws, adminId, "admin_id") : owner(ws)));
    },
  },
  {
    method: "get",
    path: "/contacts/{contact_id}/notes",
    handle: ({ ws, params, query, manifest }) => {
      const contact = findContact(ws, params.contact_id!);
      const notes = [...ws.notes.values()].filter((n) => (n.contact as Json).id === contact.id);
      const { page, pages, totalCount } = numberedPage(notes, perPage(query, 50, 150), pageNumber(query));
      return { type: "list", [itemsKey(manifest, "/contacts/{contact_id}/notes", "data")]: page.map(copy), total_count: totalCount, pages };
    },
  },
  {
    method: "get",
    path: "/notes/{note_id}",
    handle: ({ ws, params }) => {
      const note = ws.notes.get(params.note_id!);
      if (!note) throw notFound("Note");
      return copy(note);
    },
  },
];
