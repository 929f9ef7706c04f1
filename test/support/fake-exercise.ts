// Every route the fake serves, sent in an order that gives each the records it needs, with valid
// requests: test/testing-responses.test.ts checks the answers against the description, and
// test/testing-requests.test.ts makes each request invalid and expects it refused.
import type { FakeDescription, FakeIntercom, Json } from "../../src/testing/index.js";

export interface Sent {
  method: string;
  template: string;
  status: number;
  /** The response's JSON body. */
  body: unknown;
  /** What was sent: path parameters, the query string, the JSON body. */
  request: { params: Record<string, string>; query: string; body: unknown };
}

/** Sends every route the fake serves, in an order that gives each the records it needs. */
export async function exercise(fake: FakeIntercom, description?: FakeDescription): Promise<Sent[]> {
  const sent: Sent[] = [];
  const call = async (method: string, template: string, params: Record<string, string> = {}, body?: unknown, query = "") => {
    const url = template.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    const response = await fake.fetch(`${fake.baseUrl}${url}${query}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${params.token ?? fake.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // The export's download is gzip bytes, not JSON: checked by test/testing-exports.test.ts.
    const isJson = response.headers.get("content-type")?.includes("json") ?? false;
    const text = isJson ? await response.text() : "";
    const parsed = text === "" ? undefined : JSON.parse(text);
    sent.push({ method, template, status: response.status, body: parsed, request: { params, query, body } });
    return parsed as Json;
  };
  await call("get", "/me");
  await call("get", "/admins");
  await call("get", "/admins/{admin_id}", { admin_id: "1" });
  const user = await call("post", "/contacts", {}, { role: "user", email: "u@x.io", external_id: "u1", name: "U", custom_attributes: { plan: "pro" } });
  const lead = await call("post", "/contacts", {}, { role: "lead" });
  const contact_id = String(user.id);
  await call("get", "/contacts", {}, undefined, "?per_page=1");
  await call("post", "/contacts/search", {}, { query: { field: "email", operator: "~", value: "x.io" }, pagination: { per_page: 5 } });
  await call("get", "/contacts/{contact_id}", { contact_id });
  await call("put", "/contacts/{contact_id}", { contact_id }, { name: "User", custom_attributes: { seats: 2 } });
  const tag = await call("post", "/tags", {}, { name: "VIP" });
  const tag_id = String(tag.id);
  await call("get", "/tags");
  await call("get", "/tags/{tag_id}", { tag_id });
  await call("post", "/contacts/{contact_id}/tags", { contact_id }, { id: tag_id });
  await call("get", "/contacts/{contact_id}/tags", { contact_id });
  await call("delete", "/contacts/{contact_id}/tags/{tag_id}", { contact_id, tag_id });
  const company = await call("post", "/companies", {}, { company_id: "acme", name: "Acme", plan: "pro", size: 10, custom_attributes: { tier: "gold" } });
  const company_id = String(company.id);
  await call("get", "/companies");
  await call("get", "/companies", {}, undefined, "?company_id=acme");
  await call("post", "/companies/list", {}, undefined, "?per_page=5");
  await call("get", "/companies/{company_id}", { company_id });
  await call("put", "/companies/{company_id}", { company_id }, { name: "Acme Inc" });
  await call("post", "/contacts/{contact_id}/companies", { contact_id }, { id: company_id });
  await call("get", "/contacts/{contact_id}/companies", { contact_id });
  await call("get", "/companies/{company_id}/contacts", { company_id });
  await call("delete", "/contacts/{contact_id}/companies/{company_id}", { contact_id, company_id });
  const note = await call("post", "/contacts/{contact_id}/notes", { contact_id }, { body: "Called", admin_id: "1" });
  await call("get", "/contacts/{contact_id}/notes", { contact_id });
  await call("get", "/notes/{note_id}", { note_id: String(note.id) });
  await call("post", "/events", {}, { event_name: "ordered", created_at: 1_700_000_000, user_id: "u1", metadata: { total: 3 } });
  await call("get", "/events", {}, undefined, "?type=user&user_id=u1");
  const message = await call("post", "/conversations", {}, { from: { type: "user", id: contact_id }, body: "Help" });
  const conversation_id = String(message.conversation_id);
  await call("get", "/conversations");
  await call("post", "/conversations/search", {}, { query: { field: "open", operator: "=", value: true } });
  await call("post", "/conversations/{conversation_id}/reply", { conversation_id }, { message_type: "comment", type: "admin", admin_id: "1", body: "Hi" });
  await call("post", "/conversations/{conversation_id}/reply", { conversation_id }, { message_type: "comment", type: "user", intercom_user_id: contact_id, body: "Thanks" });
  await call("post", "/conversations/{conversation_id}/reply", { conversation_id }, { message_type: "note", type: "admin", admin_id: "1", body: "Noted" });
  for (const body of [
    { message_type: "assignment", type: "admin", admin_id: "1", assignee_id: "1" },
    { message_type: "snoozed", admin_id: "1", snoozed_until: 1_900_000_000 },
    { message_type: "close", type: "admin", admin_id: "1" },
    { message_type: "open", admin_id: "1" },
  ]) {
    await call("post", "/conversations/{conversation_id}/parts", { conversation_id }, body);
  }
  const vip = await call("post", "/tags", {}, { name: "VIP" });
  await call("post", "/conversations/{conversation_id}/tags", { conversation_id }, { id: String(vip.id), admin_id: "1" });
  await call("get", "/conversations/{conversation_id}", { conversation_id });
  await call("delete", "/conversations/{conversation_id}/tags/{tag_id}", { conversation_id, tag_id: String(vip.id) }, { admin_id: "1" });
  await call("post", "/messages", {}, { message_type: "email", subject: "Hi", body: "Hello", template: "plain", from: { type: "admin", id: 1 }, to: { type: "user", id: contact_id } });
  if (fake.routes.includes("POST /tickets")) {
    const type = await call("post", "/ticket_types", {}, { name: "Bug", description: "A bug", category: "Customer", icon: "🐞" });
    const ticket_type_id = String(type.id);
    await call("get", "/ticket_types");
    await call("get", "/ticket_types/{ticket_type_id}", { ticket_type_id });
    await call("put", "/ticket_types/{ticket_type_id}", { ticket_type_id }, { name: "Bugs" });
    const attribute = await call("post", "/ticket_types/{ticket_type_id}/attributes", { ticket_type_id }, { name: "severity", description: "How bad", data_type: "integer" });
    await call("put", "/ticket_types/{ticket_type_id}/attributes/{attribute_id}", { ticket_type_id, attribute_id: String(attribute.id) }, { description: "How bad it is" });
    const ticket = await call("post", "/tickets", {}, { ticket_type_id, contacts: [{ id: contact_id }], ticket_attributes: { _default_title_: "Broken", severity: 2 } });
    const ticket_id = String(ticket.id);
    await call("get", "/tickets/{ticket_id}", { ticket_id });
    await call("post", "/tickets/{ticket_id}/reply", { ticket_id }, { message_type: "comment", type: "admin", admin_id: "1", body: "On it" });
    await call("post", "/tickets/{ticket_id}/reply", { ticket_id }, { message_type: "note", type: "admin", admin_id: "1", body: "Internal" });
    await call("post", "/tickets/{ticket_id}/reply", { ticket_id }, { message_type: "comment", type: "user", intercom_user_id: contact_id, body: "Thanks" });
    // The versions update a ticket in two ways: `state` and `assignment` (to 2.13), `ticket_state_id` and `assignee_id` (2.14+).
    const updateSchema = description?.schemas.update_ticket_request as { properties: Record<string, unknown> };
    const update =
      "ticket_state_id" in updateSchema.properties
        ? { ticket_state_id: "4", assignee_id: "1", admin_id: 1, open: false }
        : { state: "resolved", assignment: { admin_id: "1", assignee_id: "1" }, open: false };
    await call("put", "/tickets/{ticket_id}", { ticket_id }, update);
    if (fake.routes.includes("POST /tickets/search")) await call("post", "/tickets/search", {}, { query: { field: "open", operator: "=", value: false } });
    const bug = await call("post", "/tags", {}, { name: "bug" });
    await call("post", "/tickets/{ticket_id}/tags", { ticket_id }, { id: String(bug.id), admin_id: "1" });
    await call("delete", "/tickets/{ticket_id}/tags/{tag_id}", { ticket_id, tag_id: String(bug.id) }, { admin_id: "1" });
    if (fake.routes.includes("GET /ticket_states")) await call("get", "/ticket_states");
    if (fake.routes.includes("DELETE /tickets/{ticket_id}")) await call("delete", "/tickets/{ticket_id}", { ticket_id });
  }
  const exports = fake.routes.some((r) => r.includes("/export/content/data"));
  if (exports) {
    const now = Math.floor(Date.now() / 1000);
    const job = await call("post", "/export/content/data", {}, { created_at_after: now - 86_400, created_at_before: now + 86_400 });
    const job_identifier = String(job.job_identifier);
    await call("get", "/export/content/data/{job_identifier}", { job_identifier });
    await call("get", "/download/content/data/{job_identifier}", { job_identifier });
    await call("post", "/export/cancel/{job_identifier}", { job_identifier });
  }
  await call("post", "/contacts/{contact_id}/archive", { contact_id: String(lead.id) });
  await call("post", "/contacts/{contact_id}/unarchive", { contact_id: String(lead.id) });
  await call("delete", "/contacts/{contact_id}", { contact_id: String(lead.id) });
  await call("delete", "/companies/{company_id}", { company_id });
  await call("delete", "/tags/{tag_id}", { tag_id });
  // Errors: the same routes' 401, 404 and 400.
  await call("get", "/contacts/{contact_id}", { contact_id, token: "wrong" });
  await call("get", "/contacts/{contact_id}", { contact_id: "missing" });
  await call("post", "/contacts/{contact_id}/notes", { contact_id }, {});
  return sent;
}
