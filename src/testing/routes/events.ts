// Data events: recorded against a contact (`POST /events` answers 202 with no body), summarised
// per event name for `GET /events?type=user`.
import { isObject, optionalInteger, optionalString, requiredString } from "../fields.js";
import { FakeHttpError, invalid, missing } from "../protocol.js";
import type { Route } from "../router.js";
import type { Json, Workspace } from "../store.js";

/** The contact an event or a lookup names by `id` (Intercom's), `user_id` (external) or `email`. */
function contactFor(ws: Workspace, by: { id?: string | null; user_id?: string | null; email?: string | null }): Json {
  const found = [...ws.contacts.values()].find((c) => (by.id && c.id === by.id) || (by.user_id && c.external_id === by.user_id) || (by.email && c.email === by.email));
  if (!found) throw new FakeHttpError(404, "not_found", "User Not Found");
  return found;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace("Z", "+00:00");

export const eventRoutes: Route[] = [
  {
    method: "post",
    path: "/events",
    handle: ({ ws, body }) => {
      const name = requiredString(body, "event_name");
      const createdAt = optionalInteger(body, "created_at");
      if (createdAt === undefined || createdAt === null) throw missing("created_at");
      const by = { id: optionalString(body, "id"), user_id: optionalString(body, "user_id"), email: optionalString(body, "email") };
      if (!by.id && !by.user_id && !by.email) throw new FakeHttpError(400, "parameter_not_found", "id, user_id or email is required", "user_id");
      if (body.metadata !== undefined && !isObject(body.metadata)) throw invalid("metadata", "must be an object");
      const contact = contactFor(ws, by);
      ws.events.push({ type: "event", id: ws.id("event"), event_name: name, created_at: createdAt, intercom_user_id: contact.id, metadata: body.metadata ?? {} });
      return new Response(null, { status: 202 });
    },
  },
  {
    method: "get",
    path: "/events",
    handle: ({ ws, query }) => {
      if (query.get("type") !== "user") throw invalid("type", 'must be "user"');
      const contact = contactFor(ws, { id: query.get("intercom_user_id"), user_id: query.get("user_id"), email: query.get("email") });
      const summaries = new Map<string, { name: string; first: number; last: number; count: number }>();
      for (const event of ws.events) {
        if (event.intercom_user_id !== contact.id) continue;
        const name = String(event.event_name);
        const at = Number(event.created_at);
        const s = summaries.get(name) ?? { name, first: at, last: at, count: 0 };
        summaries.set(name, { name, first: Math.min(s.first, at), last: Math.max(s.last, at), count: s.count + 1 });
      }
      return {
        type: "event.summary",
        email: String(contact.email ?? ""),
        intercom_user_id: String(contact.id),
        user_id: String(contact.external_id ?? ""),
        events: [...summaries.values()].map((s) => ({ name: s.name, first: iso(s.first), last: iso(s.last), count: s.count })),
      };
    },
  },
];
