// Companies: create-or-update by `company_id`, get, page-numbered lists, and attaching contacts.
import { findContact, renderContact } from "./contacts.js";
import { customAttributes, optionalInteger, optionalString, pageNumber, perPage, requiredString } from "../fields.js";
import { itemsKey } from "../manifest.js";
import { numberedPage } from "../pages.js";
import { FakeHttpError } from "../protocol.js";
import type { Route, RouteRequest } from "../router.js";
import { copy, type Json, type Workspace } from "../store.js";

export interface CompanyInput {
  company_id: string;
  name?: string;
  plan?: string;
  size?: number;
  website?: string;
  industry?: string;
  monthly_spend?: number;
  remote_created_at?: number;
  custom_attributes?: Record<string, string | number | boolean | null>;
}

function readBody(body: Json): Partial<CompanyInput> {
  const out: Record<string, unknown> = {};
  for (const field of ["company_id", "name", "plan", "website", "industry"]) {
    const value = optionalString(body, field);
    if (value !== undefined && value !== null) out[field] = value;
  }
  for (const field of ["size", "monthly_spend", "remote_created_at"]) {
    const value = optionalInteger(body, field);
    if (value !== undefined && value !== null) out[field] = value;
  }
  const attributes = customAttributes(body);
  if (attributes) out.custom_attributes = attributes;
  return out as Partial<CompanyInput>;
}

function apply(company: Json, fields: Partial<CompanyInput>) {
  const { plan, custom_attributes, ...rest } = fields;
  Object.assign(company, rest);
  if (plan !== undefined) company.plan = { type: "plan", id: plan, name: plan };
  if (custom_attributes) company.custom_attributes = { ...(company.custom_attributes as Json), ...custom_attributes };
}

/** Creates the company, or updates the one with the same `company_id` (Intercom's upsert). */
export function upsertCompany(ws: Workspace, input: CompanyInput): Json {
  if (typeof input?.company_id !== "string" || input.company_id === "") throw new FakeHttpError(400, "parameter_not_found", "company_id is required", "company_id");
  const now = ws.seconds();
  const existing = [...ws.companies.values()].find((c) => c.company_id === input.company_id);
  if (existing) {
    apply(existing, input);
    existing.updated_at = now;
    return existing;
  }
  const company: Json = {
    type: "company",
    id: ws.id("company"),
    name: "",
    app_id: ws.appId,
    plan: {},
    company_id: input.company_id,
    remote_created_at: 0,
    created_at: now,
    updated_at: now,
    last_request_at: 0,
    size: 0,
    website: "",
    industry: "",
    monthly_spend: 0,
    session_count: 0,
    user_count: 0,
    custom_attributes: {},
    tags: { type: "tag.list", tags: [] },
    segments: { type: "segment.list", segments: [] },
  };
  apply(company, input);
  ws.companies.set(String(company.id), company);
  return company;
}

function findCompany(ws: Workspace, id: string, field?: string): Json {
  const company = ws.companies.get(id);
  if (!company) throw new FakeHttpError(404, "company_not_found", "Company Not Found", field);
  return company;
}

const contactsOf = (ws: Workspace, companyId: string) => [...ws.contactCompanies].filter(([, ids]) => ids.has(companyId)).map(([contactId]) => ws.contacts.get(contactId)!);

const render = (ws: Workspace, company: Json): Json => ({ ...copy(company), user_count: contactsOf(ws, String(company.id)).length });

function listCompanies({ ws, query, manifest }: RouteRequest, path: string) {
  const { page, pages, totalCount } = numberedPage([...ws.companies.values()], perPage(query, 15, 60), pageNumber(query));
  return { type: "list", [itemsKey(manifest, path, "data")]: page.map((c) => render(ws, c)), total_count: totalCount, pages };
}

export const companyRoutes: Route[] = [
  { method: "post", path: "/companies", handle: ({ ws, body }) => render(ws, upsertCompany(ws, readBody(body) as CompanyInput)) },
  {
    method: "get",
    path: "/companies",
    handle: (request) => {
      const { ws, query } = request;
      const byId = query.get("company_id");
      const byName = query.get("name");
      if (byId === null && byName === null) return listCompanies(request, "/companies");
      const found = [...ws.companies.values()].filter((c) => (byId === null || c.company_id === byId) && (byName === null || c.name === byName));
      if (found.length === 0) throw new FakeHttpError(404, "company_not_found", "Company Not Found");
      return { type: "list", data: found.map((c) => render(ws, c)), total_count: found.length, pages: { type: "pages", page: 1, per_page: 15, total_pages: 1 } };
    },
  },
  { method: "post", path: "/companies/list", handle: (request) => listCompanies(request, "/companies/list") },
  { method: "get", path: "/companies/{company_id}", handle: ({ ws, params }) => render(ws, findCompany(ws, params.company_id!)) },
  {
    method: "put",
    path: "/companies/{company_id}",
    handle: ({ ws, params, body }) => {
      const company = findCompany(ws, params.company_id!);
      const { company_id: _ignored, ...fields } = readBody(body);
      apply(company, fields);
      company.updated_at = ws.seconds();
      return render(ws, company);
    },
  },
  {
    method: "delete",
    path: "/companies/{company_id}",
    handle: ({ ws, params }) => {
      const company = findCompany(ws, params.company_id!);
      ws.companies.delete(String(company.id));
      for (const ids of ws.contactCompanies.values()) ids.delete(String(company.id));
      return { id: company.id, object: "company", deleted: true };
    },
  },
  {
    method: "get",
    path: "/companies/{company_id}/contacts",
    handle: ({ ws, params, query, manifest }) => {
      const company = findCompany(ws, params.company_id!);
      const { page, pages, totalCount } = numberedPage(contactsOf(ws, String(company.id)), perPage(query, 50, 150), pageNumber(query));
      return { type: "list", [itemsKey(manifest, "/companies/{company_id}/contacts", "data")]: page.map((c) => renderContact(ws, c)), total_count: totalCount, pages };
    },
  },
  {
    method: "get",
    path: "/contacts/{contact_id}/companies",
    handle: ({ ws, params, query, manifest }) => {
      const contact = findContact(ws, params.contact_id!);
      const companies = [...(ws.contactCompanies.get(String(contact.id)) ?? [])].map((id) => ws.companies.get(id)!);
      const { page, pages, totalCount } = numberedPage(companies, perPage(query, 50, 150), pageNumber(query));
      return { type: "list", [itemsKey(manifest, "/contacts/{contact_id}/companies", "data")]: page.map((c) => render(ws, c)), total_count: totalCount, pages };
    },
  },
  {
    method: "post",
    path: "/contacts/{contact_id}/companies",
    handle: ({ ws, params, body }) => {
      const contact = findContact(ws, params.contact_id!);
      const company = findCompany(ws, requiredString(body, "id"), "id");
      attachCompany(ws, contact, company);
      return render(ws, company);
    },
  },
  {
    method: "delete",
    path: "/contacts/{contact_id}/companies/{company_id}",
    handle: ({ ws, params }) => {
      const contact = findContact(ws, params.contact_id!);
      const company = findCompany(ws, params.company_id!);
      if (!ws.contactCompanies.get(String(contact.id))?.delete(String(company.id))) throw new FakeHttpError(404, "company_not_found", "Company Not Found");
      return render(ws, company);
    },
  },
];

export function attachCompany(ws: Workspace, contact: Json, company: Json) {
  const ids = ws.contactCompanies.get(String(contact.id)) ?? new Set<string>();
  ws.contactCompanies.set(String(contact.id), ids);
  ids.add(String(company.id));
}
