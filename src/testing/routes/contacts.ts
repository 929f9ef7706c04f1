// Contacts: create, get, update (custom attributes merged), delete, archive, cursor-paged list,
// and search over what the manifest says the version's search accepts.
import { customAttributes, optionalBoolean, optionalInteger, optionalString, perPage } from "../fields.js";
import { itemsKey } from "../manifest.js";
import { cursorPage } from "../pages.js";
import { FakeHttpError, invalid, notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { readPath, search } from "../search.js";
import { BASE_URL, copy, type Json, type Workspace } from "../store.js";

/** What a contact is created or seeded with: the API's fields; seeding may also set timestamps and where the contact is. */
export interface ContactInput {
  role?: "user" | "lead";
  external_id?: string | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  avatar?: string | null;
  owner_id?: number | null;
  signed_up_at?: number | null;
  last_seen_at?: number | null;
  unsubscribed_from_emails?: boolean;
  custom_attributes?: Record<string, string | number | boolean | null>;
  /** Seeding only: when it was created (UNIX seconds; default the fake's clock). */
  created_at?: number;
  /** Seeding only. */
  location?: { country?: string | null; region?: string | null; city?: string | null };
}

const NULLABLE = [
  "phone",
  "formatted_phone",
  "name",
  "avatar",
  "owner_id",
  "signed_up_at",
  "last_seen_at",
  "last_replied_at",
  "last_contacted_at",
  "last_email_opened_at",
  "last_email_clicked_at",
  "language_override",
  "browser",
  "browser_version",
  "browser_language",
  "os",
  "android_app_name",
  "android_app_version",
  "android_device",
  "android_os_version",
  "android_sdk_version",
  "android_last_seen_at",
  "ios_app_name",
  "ios_app_version",
  "ios_device",
  "ios_os_version",
  "ios_sdk_version",
  "ios_last_seen_at",
] as const;

/** The fields of a create or update body, checked like Intercom checks them (400 naming the field). */
function readBody(body: Json): Partial<ContactInput> {
  const out: Record<string, unknown> = {};
  const role = optionalString(body, "role");
  if (role !== undefined && role !== null) {
    if (role !== "user" && role !== "lead") throw invalid("role", 'must be "user" or "lead"');
    out.role = role;
  }
  for (const field of ["external_id", "email", "phone", "name", "avatar"]) {
    const value = optionalString(body, field);
    if (value !== undefined) out[field] = value;
  }
  for (const field of ["owner_id", "signed_up_at", "last_seen_at"]) {
    const value = optionalInteger(body, field);
    if (value !== undefined) out[field] = value;
  }
  const unsubscribed = optionalBoolean(body, "unsubscribed_from_emails");
  if (unsubscribed !== undefined) out.unsubscribed_from_emails = unsubscribed;
  const attributes = customAttributes(body);
  if (attributes) out.custom_attributes = attributes;
  return out as Partial<ContactInput>;
}

function checkUnique(ws: Workspace, fields: Partial<ContactInput>, self?: string) {
  for (const contact of ws.contacts.values()) {
    if (contact.id === self || contact.role !== "user" || (fields.role ?? "user") !== "user") continue;
    const sameEmail = fields.email && contact.email === fields.email;
    const sameExternal = fields.external_id && contact.external_id === fields.external_id;
    if (sameEmail || sameExternal) throw new FakeHttpError(409, "conflict", `A contact matching those details already exists with id=${contact.id}`);
  }
}

export function createContact(ws: Workspace, input: ContactInput): Json {
  if (!input.email && !input.external_id && !input.role) throw new FakeHttpError(400, "parameter_not_found", "email, external_id or role is required", "email");
  checkUnique(ws, input);
  const now = ws.seconds();
  const contact: Json = {
    type: "contact",
    id: ws.id("contact"),
    workspace_id: ws.appId,
    external_id: input.external_id ?? null,
    role: input.role ?? "user",
    email: input.email ?? "",
    email_domain: input.email?.split("@")[1] ?? "",
    ...Object.fromEntries(NULLABLE.map((f) => [f, null])),
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: input.unsubscribed_from_emails ?? false,
    created_at: input.created_at ?? now,
    updated_at: input.created_at ?? now,
    custom_attributes: { ...(input.custom_attributes ?? {}) },
    location: { type: "location", country: null, region: null, city: null, ...(input.location ?? {}) },
    social_profiles: { type: "list", data: [] },
  };
  for (const field of ["phone", "name", "avatar", "owner_id", "signed_up_at", "last_seen_at"] as const) if (input[field] !== undefined) contact[field] = input[field];
  ws.contacts.set(String(contact.id), contact);
  return contact;
}

export function findContact(ws: Workspace, id: string, field?: string): Json {
  const contact = ws.contacts.get(id);
  if (!contact || ws.archived.has(id)) throw new FakeHttpError(404, "not_found", "User Not Found", field);
  return contact;
}

const list = (url: string, data: Json[]) => ({ type: "list", data, url: `${BASE_URL}${url}`, total_count: data.length, has_more: false });

/** A contact as Intercom answers it: with its tags, notes and companies as references. */
export function renderContact(ws: Workspace, contact: Json): Json {
  const id = String(contact.id);
  const tags = [...(ws.contactTags.get(id)?.keys() ?? [])].map((tagId) => ({ type: "tag", id: tagId, url: `${BASE_URL}/tags/${tagId}` }));
  const notes = [...ws.notes.values()].filter((n) => (n.contact as Json).id === id).map((n) => ({ type: "note", id: n.id, url: `${BASE_URL}/notes/${n.id}` }));
  const companies = [...(ws.contactCompanies.get(id) ?? [])].map((cid) => ({ type: "company", id: cid, url: `${BASE_URL}/companies/${cid}` }));
  return {
    ...copy(contact),
    tags: list(`/contacts/${id}/tags`, tags),
    notes: list(`/contacts/${id}/notes`, notes),
    companies: list(`/contacts/${id}/companies`, companies),
  };
}

/** The contacts lists and search see: not archived, in the order created. */
export const liveContacts = (ws: Workspace) => [...ws.contacts.values()].filter((c) => !ws.archived.has(String(c.id)));

/** Fields search reads that are not a path in the contact's JSON. */
export const readContact = (ws: Workspace) => (contact: Json, field: string) => {
  if (field === "tag_id") return [...(ws.contactTags.get(String(contact.id))?.keys() ?? [])];
  if (field === "segment_id") return [];
  return readPath(contact, field);
};

const topicOf = (contact: Json, event: string) => `contact.${contact.role === "lead" ? "lead" : "user"}.${event}`;

export const contactRoutes: Route[] = [
  {
    method: "post",
    path: "/contacts",
    handle: ({ ws, body }) => {
      const contact = createContact(ws, readBody(body) as ContactInput);
      ws.emit(topicOf(contact, "created"), renderContact(ws, contact));
      return renderContact(ws, contact);
    },
  },
  {
    method: "get",
    path: "/contacts",
    handle: ({ ws, query, manifest }) => {
      const { page, pages, totalCount } = cursorPage(liveContacts(ws), perPage(query, 50, 150), query.get("starting_after"));
      return { type: "list", [itemsKey(manifest, "/contacts", "data")]: page.map((c) => renderContact(ws, c)), total_count: totalCount, pages };
    },
  },
  {
    method: "post",
    path: "/contacts/search",
    handle: ({ ws, body, manifest }) => {
      const info = manifest.search.contacts;
      if (!info) throw notFound("Route");
      return search(body, liveContacts(ws), info, readContact(ws), (c) => renderContact(ws, c));
    },
  },
  { method: "get", path: "/contacts/{contact_id}", handle: ({ ws, params }) => renderContact(ws, findContact(ws, params.contact_id!)) },
  {
    method: "put",
    path: "/contacts/{contact_id}",
    handle: ({ ws, params, body }) => {
      const contact = findContact(ws, params.contact_id!);
      const fields = readBody(body);
      checkUnique(ws, { ...fields, role: (fields.role ?? contact.role) as "user" | "lead" }, String(contact.id));
      const { custom_attributes, ...rest } = fields;
      Object.assign(contact, rest);
      if (fields.email !== undefined) contact.email_domain = fields.email?.split("@")[1] ?? "";
      if (custom_attributes) contact.custom_attributes = { ...(contact.custom_attributes as Json), ...custom_attributes };
      contact.updated_at = ws.seconds();
      ws.emit(topicOf(contact, "updated"), renderContact(ws, contact));
      return renderContact(ws, contact);
    },
  },
  {
    method: "delete",
    path: "/contacts/{contact_id}",
    handle: ({ ws, params }) => {
      const contact = findContact(ws, params.contact_id!);
      const id = String(contact.id);
      ws.contacts.delete(id);
      ws.contactTags.delete(id);
      ws.contactCompanies.delete(id);
      for (const [noteId, note] of ws.notes) if ((note.contact as Json).id === id) ws.notes.delete(noteId);
      ws.emit(topicOf(contact, "deleted"), { type: "contact", id, external_id: contact.external_id });
      return { type: "contact", id, external_id: contact.external_id, deleted: true };
    },
  },
  {
    method: "post",
    path: "/contacts/{contact_id}/archive",
    handle: ({ ws, params }) => {
      const contact = findContact(ws, params.contact_id!);
      ws.archived.add(String(contact.id));
      return { type: "contact", id: contact.id, external_id: contact.external_id, archived: true };
    },
  },
  {
    method: "post",
    path: "/contacts/{contact_id}/unarchive",
    handle: ({ ws, params }) => {
      const contact = ws.contacts.get(params.contact_id!);
      if (!contact) throw new FakeHttpError(404, "not_found", "User Not Found");
      ws.archived.delete(String(contact.id));
      return { type: "contact", id: contact.id, external_id: contact.external_id, archived: false };
    },
  },
];
