// Ticket types (with their attributes) and tickets: created for a contact, read, updated (state,
// open, snooze, assignment, attributes), replied to and noted by admins or the contact, tagged,
// and searched. A ticket is kept in one shape and rendered in the version's (`description.tickets`):
// its state a string or a `ticket_state` object, its assignee ids strings or integers.
import { findAdmin } from "./admins.js";
import { adminAuthor, contactAuthor, contactBy, replyingContact } from "./conversations.js";
import { createContact } from "./contacts.js";
import { findTag, renderTag } from "./tags.js";
import type { FakeDescription } from "../description.js";
import { isObject, optionalBoolean, optionalInteger, optionalObject, optionalString, requiredString } from "../fields.js";
import { FakeHttpError, invalid, missing, notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { readPath, search } from "../search.js";
import { copy, type Json, type Workspace } from "../store.js";

type Shapes = NonNullable<FakeDescription["tickets"]>;

/** The workspace's ticket states, one per category, as a new Intercom workspace has them. */
const STATES = [
  { id: "1", category: "submitted", internal_label: "Submitted", external_label: "Submitted" },
  { id: "2", category: "in_progress", internal_label: "In progress", external_label: "In progress" },
  { id: "3", category: "waiting_on_customer", internal_label: "Waiting on customer", external_label: "Waiting on you" },
  { id: "4", category: "resolved", internal_label: "Resolved", external_label: "Resolved" },
] as const;
type State = (typeof STATES)[number];

const stateById = (id: string, field: string): State => STATES.find((s) => s.id === id) ?? badState(field);
const stateByCategory = (category: string, field: string): State => STATES.find((s) => s.category === category) ?? badState(field);
const badState = (field: string): never => {
  throw invalid(field, `must be one of ${STATES.map((s) => s.category).join(", ")}`);
};
const renderState = (state: State): Json => ({ type: "ticket_state", ...state });

const CATEGORIES = ["Customer", "Back-office", "Tracker"];

export interface TicketTypeInput {
  name: string;
  description?: string;
  category?: "Customer" | "Back-office" | "Tracker";
  icon?: string;
}

function createAttribute(ws: Workspace, type: Json, input: Json, isDefault = false): Json {
  const now = ws.seconds();
  const attributes = (type.ticket_type_attributes as { ticket_type_attributes: Json[] }).ticket_type_attributes;
  const attribute: Json = {
    type: "ticket_type_attribute",
    id: ws.id("ticket_attribute"),
    workspace_id: ws.appId,
    name: input.name,
    description: input.description ?? "",
    data_type: input.data_type ?? "string",
    input_options: input.multiline === undefined ? {} : { multiline: input.multiline },
    order: attributes.length,
    required_to_create: input.required_to_create ?? false,
    required_to_create_for_contacts: input.required_to_create_for_contacts ?? false,
    visible_on_create: input.visible_on_create ?? true,
    visible_to_contacts: input.visible_to_contacts ?? true,
    default: isDefault,
    ticket_type_id: Number(type.id),
    archived: false,
    created_at: now,
    updated_at: now,
  };
  attributes.push(attribute);
  return attribute;
}

export function createTicketType(ws: Workspace, input: TicketTypeInput): Json {
  if (typeof input?.name !== "string" || input.name === "") throw new TypeError("fake.data.ticketTypes.create: `name` must be a non-empty string");
  if (input.category !== undefined && !CATEGORIES.includes(input.category)) throw new TypeError(`fake.data.ticketTypes.create: \`category\` must be one of ${CATEGORIES.join(", ")}`);
  const now = ws.seconds();
  const type: Json = {
    type: "ticket_type",
    id: ws.id("ticket_type"),
    category: input.category ?? "Customer",
    name: input.name,
    description: input.description ?? "",
    icon: input.icon ?? "🎟️",
    workspace_id: ws.appId,
    ticket_type_attributes: { type: "ticket_type_attributes.list", ticket_type_attributes: [] },
    archived: false,
    created_at: now,
    updated_at: now,
  };
  // Every ticket type has the two default attributes, which `ticket_attributes` sets by these keys.
  createAttribute(ws, type, { name: "_default_title_", description: "Title" }, true);
  createAttribute(ws, type, { name: "_default_description_", description: "Description", multiline: true }, true);
  ws.ticketTypes.set(String(type.id), type);
  return type;
}

function findTicketType(ws: Workspace, id: unknown, field?: string): Json {
  const type = ws.ticketTypes.get(String(id));
  if (!type) throw new FakeHttpError(404, "not_found", "Ticket Type Not Found", field);
  return type;
}

export const renderTicketType = (type: Json, shapes: Shapes): Json => ({
  ...copy(type),
  ...(shapes.state === "object" ? { ticket_states: { type: "list", data: STATES.map(renderState) } } : {}),
});

/** A ticket as this version answers it. */
function renderTicket(ws: Workspace, ticket: Json, shapes: Shapes): Json {
  const state = stateById(String(ticket.state_id), "ticket_state_id");
  const id = (value: unknown) => (shapes.assigneeIds === "integer" ? Number(value) : String(value));
  const contacts = (ticket.contact_ids as string[]).map((cid) => ({ type: "contact", id: cid, external_id: (ws.contacts.get(cid)?.external_id as string | null) ?? null }));
  const type = ws.ticketTypes.get(String(ticket.ticket_type_id));
  return {
    type: "ticket",
    id: ticket.id,
    ticket_id: ticket.ticket_id,
    category: ticket.category,
    ticket_attributes: copy(ticket.ticket_attributes),
    ...(shapes.state === "object"
      ? { ticket_state: renderState(state), previous_ticket_state_id: ticket.previous_state_id ?? null }
      : { ticket_state: state.category, ticket_state_internal_label: state.internal_label, ticket_state_external_label: state.external_label }),
    ...(type ? { ticket_type: renderTicketType(type, shapes) } : {}),
    contacts: { type: "contact.list", contacts },
    admin_assignee_id: id(ticket.admin_assignee_id),
    team_assignee_id: id(ticket.team_assignee_id),
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
    open: ticket.open,
    // Not null: the versions that have it document an integer only, so an unsnoozed ticket leaves it out.
    ...(ticket.snoozed_until ? { snoozed_until: ticket.snoozed_until } : {}),
    linked_objects: { type: "list", total_count: 0, has_more: false, data: [] },
    ticket_parts: { type: "ticket_part.list", ticket_parts: copy(ticket.parts), total_count: (ticket.parts as Json[]).length },
    is_shared: ticket.is_shared,
  };
}

function findTicket(ws: Workspace, id: string): Json {
  const ticket = ws.tickets.get(id);
  if (!ticket) throw notFound("Ticket");
  return ticket;
}

/** A part's author: `ticket_part_author` knows admin, bot, team and user (a lead writes as a user). */
const author = (a: ReturnType<typeof adminAuthor>) => ({ ...a, type: a.type === "admin" ? "admin" : "user" });

function addPart(ws: Workspace, ticket: Json, partType: string, by: ReturnType<typeof adminAuthor>, body: string | null, extra: Json = {}): Json {
  const now = ws.seconds();
  const state = stateById(String(ticket.state_id), "ticket_state_id");
  const part: Json = {
    type: "ticket_part",
    id: ws.id("part"),
    part_type: partType,
    body,
    ticket_state: state.category,
    created_at: now,
    updated_at: now,
    assigned_to: null,
    author: author(by),
    attachments: [],
    external_id: null,
    redacted: false,
    ...extra,
  };
  (ticket.parts as Json[]).push(part);
  ticket.updated_at = now;
  return part;
}

export interface TicketInput {
  ticketTypeId: string;
  /** The contact the ticket is about. */
  contactId: string;
  title?: string;
  description?: string;
  /** Other attributes of the ticket type, by name. */
  attributes?: Json;
  /**
   * Other fields of the stored ticket (`created_at`, `updated_at`, `open`, `snoozed_until`,
   * `admin_assignee_id`, `team_assignee_id`...), set as given, unchecked: what no route sets.
   */
  raw?: Json;
}

function createTicket(ws: Workspace, type: Json, contact: Json, attributes: Json, createdAt?: number): Json {
  const now = createdAt ?? ws.seconds();
  const id = ws.id("ticket");
  const ticket: Json = {
    id,
    ticket_id: String(ws.tickets.size + 1),
    category: type.category,
    ticket_type_id: type.id,
    ticket_attributes: { ...attributes },
    state_id: stateByCategory("submitted", "state").id,
    previous_state_id: null,
    contact_ids: [String(contact.id)],
    admin_assignee_id: 0,
    team_assignee_id: 0,
    created_at: now,
    updated_at: now,
    open: true,
    snoozed_until: null,
    is_shared: type.category === "Customer",
    parts: [],
    tags: [],
  };
  ws.tickets.set(id, ticket);
  return ticket;
}

/** Seeding: a ticket of a type about a contact. */
export function seedTicket(ws: Workspace, input: TicketInput): Json {
  const type = ws.ticketTypes.get(String(input?.ticketTypeId));
  if (!type) throw new TypeError(`fake.data.tickets.create: no ticket type ${JSON.stringify(input?.ticketTypeId)}; create it first`);
  const contact = ws.contacts.get(String(input.contactId));
  if (!contact) throw new TypeError(`fake.data.tickets.create: no contact ${JSON.stringify(input.contactId)}`);
  const attributes: Json = { ...(input.attributes ?? {}) };
  if (input.title !== undefined) attributes._default_title_ = input.title;
  if (input.description !== undefined) attributes._default_description_ = input.description;
  return createTicket(ws, type, contact, attributes);
}

/** The contact a create request names: by id or external id, or by email (created when none has it, as Intercom does). */
function ticketContact(ws: Workspace, body: Json): Json {
  const contacts = body.contacts;
  if (!Array.isArray(contacts) || contacts.length === 0) throw missing("contacts");
  if (contacts.length > 1) throw invalid("contacts", "must name one contact");
  const [named] = contacts as unknown[];
  if (!isObject(named)) throw invalid("contacts[0]", "must be an object");
  if (named.id !== undefined) return contactBy(ws, { id: named.id }, "contacts[0].id");
  if (named.external_id !== undefined) return contactBy(ws, { user_id: named.external_id }, "contacts[0].external_id");
  const email = requiredString(named, "email", "contacts[0].email");
  const found = [...ws.contacts.values()].find((c) => c.email === email && !ws.archived.has(String(c.id)));
  return found ?? createContact(ws, { email, role: "user" });
}

function ticketAttributes(body: Json, field = "ticket_attributes"): Json {
  const attributes = optionalObject(body, field) ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && !["string", "number", "boolean"].includes(typeof value) && !Array.isArray(value)) throw invalid(`${field}.${name}`, "must be a string, a number, a boolean, a list or null");
  }
  return attributes;
}

/** The update's changes, each with the topic Intercom notifies it with. */
function update(ws: Workspace, ticket: Json, body: Json): string[] {
  const topics: string[] = [];
  const assignment = optionalObject(body, "assignment");
  const adminId = assignment?.admin_id ?? body.admin_id;
  const by = adminId === undefined || adminId === null ? undefined : findAdmin(ws, String(adminId), assignment ? "assignment.admin_id" : "admin_id");
  const actor = adminAuthor(by ?? ws.admins.values().next().value!);
  Object.assign(ticket.ticket_attributes as Json, ticketAttributes(body));
  const category = optionalString(body, "state");
  const stateId = optionalString(body, "ticket_state_id");
  const state = stateId ? stateById(stateId, "ticket_state_id") : category ? stateByCategory(category, "state") : undefined;
  if (state && state.id !== ticket.state_id) {
    const previous = stateById(String(ticket.state_id), "ticket_state_id");
    ticket.previous_state_id = previous.id;
    ticket.state_id = state.id;
    addPart(ws, ticket, "ticket_state_updated_by_admin", actor, null, { previous_ticket_state: previous.category });
    topics.push("ticket.state.updated");
  }
  const open = optionalBoolean(body, "open");
  if (open !== undefined && open !== ticket.open) {
    // Closing a ticket also unsnoozes it (the descriptions' words).
    Object.assign(ticket, { open, ...(open ? {} : { snoozed_until: null }) });
    addPart(ws, ticket, open ? "open" : "close", actor, null);
    if (!open) topics.push("ticket.closed");
  }
  const snoozed = optionalInteger(body, "snoozed_until");
  if (snoozed !== undefined && snoozed !== null) {
    ticket.snoozed_until = snoozed;
    addPart(ws, ticket, "snoozed", actor, null);
  }
  const shared = optionalBoolean(body, "is_shared");
  if (shared !== undefined) ticket.is_shared = shared;
  const assigneeId = assignment?.assignee_id ?? body.assignee_id;
  if (assigneeId !== undefined && assigneeId !== null) {
    const field = assignment ? "assignment.assignee_id" : "assignee_id";
    // 0 unassigns; any other id must be an admin's (the fake has no teams).
    const assignee = String(assigneeId) === "0" ? undefined : findAdmin(ws, String(assigneeId), field);
    ticket.admin_assignee_id = assignee ? Number(assignee.id) : 0;
    addPart(ws, ticket, "assignment", actor, null, { assigned_to: assignee ? { type: "admin", id: String(assignee.id) } : null });
    if (assignee) topics.push("ticket.admin.assigned");
  }
  ticket.updated_at = ws.seconds();
  return topics;
}

/** A reply or a note: the `ticket_reply` part, and the topic it notifies. */
function reply(ws: Workspace, ticket: Json, body: Json): { part: Json; topic: string } {
  const type = requiredString(body, "type");
  const messageType = requiredString(body, "message_type");
  if (type === "admin") {
    if (!["comment", "note", "quick_reply"].includes(messageType)) throw invalid("message_type", 'must be "comment", "note" or "quick_reply" for an admin');
    const admin = findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
    const text = messageType === "quick_reply" ? null : requiredString(body, "body");
    const part = addPart(ws, ticket, messageType, adminAuthor(admin), text);
    return { part, topic: messageType === "note" ? "ticket.note.created" : "ticket.admin.replied" };
  }
  const contact = replyingContact(ws, type, messageType, body);
  return { part: addPart(ws, ticket, "comment", contactAuthor(contact), requiredString(body, "body")), topic: "ticket.contact.replied" };
}

/** `ticket_reply`: the part without its state fields. */
const renderReply = (part: Json): Json => {
  const { ticket_state: _state, previous_ticket_state: _previous, assigned_to: _assigned, external_id: _external, ...rest } = copy(part);
  return rest;
};

const readTicket = (ticket: Json, field: string): unknown => {
  switch (field) {
    case "title":
      return (ticket.ticket_attributes as Json)._default_title_;
    case "description":
      return (ticket.ticket_attributes as Json)._default_description_;
    case "state":
      return stateById(String(ticket.state_id), "state").category;
    case "contact_ids":
      return ticket.contact_ids;
    case "teammate_ids":
      return [...new Set((ticket.parts as Json[]).filter((p) => (p.author as Json).type === "admin").map((p) => (p.author as Json).id))];
    default:
      if (field.startsWith("ticket_attribute.")) return (ticket.ticket_attributes as Json)[field.slice("ticket_attribute.".length)];
      return readPath(ticket, field);
  }
};

/** Intercom's attribute data types as search types: a `datetime` attribute compares by day, as dates do. */
const SEARCH_TYPES: Record<string, string> = { string: "String", list: "String", integer: "Integer", decimal: "Float", boolean: "Boolean", datetime: "Date" };

/** The search type of a `ticket_attribute.*` field on a ticket: its ticket type's attribute of that name. */
const ticketFieldTypes =
  (ws: Workspace) =>
  (ticket: Json, field: string): readonly string[] | undefined => {
    if (!field.startsWith("ticket_attribute.")) return undefined;
    const name = field.slice("ticket_attribute.".length);
    const type = ws.ticketTypes.get(String(ticket.ticket_type_id));
    const attribute = (type?.ticket_type_attributes as { ticket_type_attributes: Json[] } | undefined)?.ticket_type_attributes.find((a) => a.name === name);
    const searchType = attribute && SEARCH_TYPES[String(attribute.data_type)];
    return searchType ? [searchType] : undefined;
  };

/** The version's ticket shapes: the fake serves tickets only with a `description`, which has them. */
const shapesOf = (description: FakeDescription | undefined): Shapes => {
  if (!description?.tickets) throw notFound("Route");
  return description.tickets;
};

export const ticketRoutes: Route[] = [
  {
    method: "post",
    path: "/ticket_types",
    handle: ({ ws, body, description }) => {
      const category = optionalString(body, "category") ?? undefined;
      if (category !== undefined && !CATEGORIES.includes(category)) throw invalid("category", `must be one of ${CATEGORIES.join(", ")}`);
      const input = { name: requiredString(body, "name"), description: optionalString(body, "description") ?? undefined, icon: optionalString(body, "icon") ?? undefined, category } as TicketTypeInput;
      return renderTicketType(createTicketType(ws, input), shapesOf(description));
    },
  },
  {
    method: "get",
    path: "/ticket_types",
    handle: ({ ws, description }) => ({ type: "list", data: [...ws.ticketTypes.values()].map((t) => renderTicketType(t, shapesOf(description))) }),
  },
  { method: "get", path: "/ticket_types/{ticket_type_id}", handle: ({ ws, params, description }) => renderTicketType(findTicketType(ws, params.ticket_type_id), shapesOf(description)) },
  {
    method: "put",
    path: "/ticket_types/{ticket_type_id}",
    handle: ({ ws, params, body, description }) => {
      const type = findTicketType(ws, params.ticket_type_id);
      for (const field of ["name", "description", "icon"]) {
        const value = optionalString(body, field);
        if (value !== undefined && value !== null) type[field] = value;
      }
      const category = optionalString(body, "category");
      if (category !== undefined && category !== null) {
        if (!CATEGORIES.includes(category)) throw invalid("category", `must be one of ${CATEGORIES.join(", ")}`);
        type.category = category;
      }
      const archived = optionalBoolean(body, "archived");
      if (archived !== undefined) type.archived = archived;
      type.updated_at = ws.seconds();
      return renderTicketType(type, shapesOf(description));
    },
  },
  {
    method: "post",
    path: "/ticket_types/{ticket_type_id}/attributes",
    handle: ({ ws, params, body }) => {
      const type = findTicketType(ws, params.ticket_type_id);
      const name = requiredString(body, "name");
      const attributes = (type.ticket_type_attributes as { ticket_type_attributes: Json[] }).ticket_type_attributes;
      if (attributes.some((a) => a.name === name)) throw invalid("name", "is already an attribute of this ticket type");
      const attribute = createAttribute(ws, type, { ...body, description: requiredString(body, "description"), data_type: requiredString(body, "data_type") });
      type.updated_at = ws.seconds();
      return copy(attribute);
    },
  },
  {
    method: "put",
    path: "/ticket_types/{ticket_type_id}/attributes/{attribute_id}",
    handle: ({ ws, params, body }) => {
      const type = findTicketType(ws, params.ticket_type_id);
      const attribute = (type.ticket_type_attributes as { ticket_type_attributes: Json[] }).ticket_type_attributes.find((a) => a.id === params.attribute_id);
      if (!attribute) throw notFound("Ticket Type Attribute");
      for (const field of ["name", "description"]) {
        const value = optionalString(body, field);
        if (value !== undefined && value !== null) attribute[field] = value;
      }
      for (const field of ["required_to_create", "required_to_create_for_contacts", "visible_on_create", "visible_to_contacts", "archived"]) {
        const value = optionalBoolean(body, field);
        if (value !== undefined) attribute[field] = value;
      }
      attribute.updated_at = ws.seconds();
      return copy(attribute);
    },
  },
  {
    method: "post",
    path: "/tickets",
    handle: ({ ws, body, description }) => {
      const shapes = shapesOf(description);
      const type = findTicketType(ws, requiredString(body, "ticket_type_id"), "ticket_type_id");
      const contact = ticketContact(ws, body);
      const ticket = createTicket(ws, type, contact, ticketAttributes(body), optionalInteger(body, "created_at") ?? undefined);
      const rendered = renderTicket(ws, ticket, shapes);
      ws.emit("ticket.created", copy(rendered));
      return rendered;
    },
  },
  {
    method: "post",
    path: "/tickets/search",
    handle: ({ ws, body, manifest, description }) => {
      const info = manifest.search.tickets;
      if (!info) throw notFound("Route");
      const shapes = shapesOf(description);
      return search(body, [...ws.tickets.values()], info, readTicket, (t) => renderTicket(ws, t, shapes), ticketFieldTypes(ws));
    },
  },
  { method: "get", path: "/tickets/{ticket_id}", handle: ({ ws, params, description }) => renderTicket(ws, findTicket(ws, params.ticket_id!), shapesOf(description)) },
  {
    method: "put",
    path: "/tickets/{ticket_id}",
    handle: ({ ws, params, body, description }) => {
      const shapes = shapesOf(description);
      const ticket = findTicket(ws, params.ticket_id!);
      const topics = update(ws, ticket, body);
      const rendered = renderTicket(ws, ticket, shapes);
      for (const topic of topics) ws.emit(topic, copy(rendered));
      return rendered;
    },
  },
  {
    method: "post",
    path: "/tickets/{ticket_id}/reply",
    handle: ({ ws, params, body, description }) => {
      const shapes = shapesOf(description);
      const ticket = findTicket(ws, params.ticket_id!);
      const { part, topic } = reply(ws, ticket, body);
      ws.emit(topic, renderTicket(ws, ticket, shapes));
      return renderReply(part);
    },
  },
  {
    method: "post",
    path: "/tickets/{ticket_id}/tags",
    handle: ({ ws, params, body }) => {
      const ticket = findTicket(ws, params.ticket_id!);
      const tag = findTag(ws, requiredString(body, "id"), "id");
      const admin = findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
      const tags = ticket.tags as Json[];
      const applied = tags.find((t) => t.id === tag.id) ?? renderTag(tag, { appliedAt: ws.seconds(), by: String(admin.id) });
      if (!tags.includes(applied)) tags.push(applied);
      return copy(applied);
    },
  },
  {
    method: "delete",
    path: "/tickets/{ticket_id}/tags/{tag_id}",
    handle: ({ ws, params, body }) => {
      const ticket = findTicket(ws, params.ticket_id!);
      const tag = findTag(ws, params.tag_id);
      findAdmin(ws, requiredString(body, "admin_id"), "admin_id");
      const applied = (ticket.tags as Json[]).find((t) => t.id === tag.id);
      if (!applied) throw notFound("Tag");
      ticket.tags = (ticket.tags as Json[]).filter((t) => t !== applied);
      return copy(applied);
    },
  },
  { method: "get", path: "/ticket_states", handle: () => ({ type: "list", data: STATES.map((s) => ({ ...renderState(s), archived: false })) }) },
  {
    method: "delete",
    path: "/tickets/{ticket_id}",
    handle: ({ ws, params }) => {
      const ticket = findTicket(ws, params.ticket_id!);
      ws.tickets.delete(String(ticket.id));
      return { id: ticket.id, object: "ticket", deleted: true };
    },
  },
];
