// `createFakeIntercom`: one in-memory workspace answering Intercom's REST API for one version,
// in-process through `fake.fetch` (Web APIs only) or on a port through `listen()` (Node).
import { checkDescription, shapeOf, type FakeDescription } from "./description.js";
import { checkManifest, type FakeManifest } from "./manifest.js";
import { errorResponse, FakeHttpError, json } from "./protocol.js";
import { checkRateLimit, createRateLimiter, type FakeRateLimitOptions } from "./rate-limit.js";
import { createRequestChecker } from "./requests.js";
import { createRouter, type Route } from "./router.js";
import { adminRoutes, createAdmin, type AdminInput } from "./routes/admins.js";
import { attachCompany, companyRoutes, upsertCompany, type CompanyInput } from "./routes/companies.js";
import { contactRoutes, createContact, renderContact, type ContactInput } from "./routes/contacts.js";
import { conversationRoutes, seedConversation, type ConversationInput } from "./routes/conversations.js";
import { eventRoutes } from "./routes/events.js";
import { clearExportJobs, exportRoutes } from "./routes/exports.js";
import { noteRoutes } from "./routes/notes.js";
import { createTag, tagContact, tagRoutes } from "./routes/tags.js";
import { createTicketType, renderTicketType, seedTicket, ticketRoutes, type TicketInput, type TicketTypeInput } from "./routes/tickets.js";
import { BASE_URL, copy, defaultIds, Workspace, type IdGenerator, type Json } from "./store.js";
import { createWebhookQueue, type FakeWebhooks, type FakeWebhooksOptions } from "./webhooks.js";

export interface FakeIntercomOptions {
  /**
   * The version to behave as: its generated manifest, `import { manifest } from
   * "intercom-fetch/2.11/core"`. Search fields and operators, list shapes and the
   * `Intercom-Version` accepted all come from it.
   */
  manifest: FakeManifest;
  /**
   * The same version's description for the fake, `import { description } from "intercom-fetch/2.11/testing"`:
   * with it the fake serves only the routes the version has, refuses every request the
   * description refuses (400 naming the field), and serves tickets and ticket types in the
   * version's shapes. Without it, the routes check the fields they read, and there are no tickets.
   */
  description?: FakeDescription;
  /** The access token the fake accepts (default `fake-intercom-token`); any other is answered 401. */
  token?: string;
  /** Off unless given: `limit` calls per fixed window of `windowSeconds`, then 429. */
  rateLimit?: FakeRateLimitOptions;
  /** Sign and deliver notifications of state changes. */
  webhooks?: FakeWebhooksOptions;
  /** Makes the ids (default: Intercom's shapes, counted from 1 per kind, so the same on every run). */
  ids?: IdGenerator;
  /** The fake's clock in ms (default `Date.now`): timestamps, rate-limit windows, export jobs. */
  now?: () => number;
  /** Seconds an export job takes on the fake's clock before it completes (default 0: done at the first status check). */
  exportSeconds?: number;
}

/** Seeding input of a contact: its fields, and tags (by name, created if missing) and companies (by `company_id`) to attach. */
export interface SeedContact extends ContactInput {
  tags?: string[];
  companies?: string[];
  /** Any other fields of the contact's JSON (`browser`, `last_replied_at`, `location`...), set as given, unchecked. */
  raw?: Json;
}

/** Seeding input of a conversation. */
export interface SeedConversation extends ConversationInput {
  /** Any other fields of the conversation's JSON (`priority`, `admin_assignee_id`, `statistics`...), set as given, unchecked. */
  raw?: Json;
}

/** Shallow, and never the id, so that what is stored stays findable. */
const applyRaw = (record: Json, raw: Json | undefined) => {
  if (raw === undefined) return record;
  if (typeof raw !== "object" || raw === null) throw new TypeError("fake.data: `raw` must be an object of fields");
  const { id: _id, ...fields } = raw;
  return Object.assign(record, structuredClone(fields));
};

/** A collection's read access for assertions: copies, so changing them changes nothing in the fake. */
export interface FakeCollection<T, Input> {
  create(input: Input): T;
  get(id: string): T | undefined;
  list(): T[];
}

export interface FakeData {
  admins: FakeCollection<Json, AdminInput>;
  contacts: FakeCollection<Json, SeedContact>;
  companies: FakeCollection<Json, CompanyInput>;
  tags: FakeCollection<Json, { name: string }>;
  conversations: FakeCollection<Json, SeedConversation>;
  notes: { list(): Json[] };
  events: { list(): Json[] };
  messages: { list(): Json[] };
  /** Ticket types (each with the default `_default_title_` and `_default_description_` attributes); needs `description`. */
  ticketTypes: FakeCollection<Json, TicketTypeInput>;
  /** Tickets as kept (not in a version's shape: `ticket_attributes`, `state_id`, `contact_ids`, `parts`, `tags`); needs `description`. */
  tickets: FakeCollection<Json, TicketInput>;
}

export interface FakeIntercom {
  /** The token the fake accepts. */
  readonly token: string;
  /** The origin to give the client with `fetch` (no request leaves the process). */
  readonly baseUrl: string;
  /**
   * The origins whose requests are the fake's: `baseUrl`, then Intercom's per region (the
   * manifest's `servers`), so app code that takes no base URL reaches the fake through MSW.
   */
  readonly origins: readonly string[];
  /** The `Intercom-Version` the fake answers as (the manifest's). */
  readonly version: string;
  /** A fetch function that answers in-process: `createIntercom({ token, baseUrl, fetch })`. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Typed seeding and read access to the workspace. */
  readonly data: FakeData;
  readonly webhooks: FakeWebhooks;
  /** Every route the fake serves, as `METHOD /path/{param}`. */
  readonly routes: readonly string[];
  /** Empties the workspace (keeping one admin), the rate-limit windows and the sent notifications; ids count from 1 again. */
  reset(): void;
  /** Node only: serves the fake on a port (default any free one) of 127.0.0.1. */
  listen(options?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
}

const DEFAULT_TOKEN = "fake-intercom-token";
const ROUTES: Route[] = [...adminRoutes, ...contactRoutes, ...tagRoutes, ...companyRoutes, ...noteRoutes, ...eventRoutes, ...conversationRoutes];

function checkOptions(options: FakeIntercomOptions) {
  if (typeof options !== "object" || options === null) throw new TypeError("createFakeIntercom: pass options with `manifest`");
  const manifest = checkManifest(options.manifest);
  const token = options.token ?? DEFAULT_TOKEN;
  if (typeof token !== "string" || token === "") throw new TypeError("createFakeIntercom: `token` must be a non-empty string");
  const webhooks = options.webhooks;
  if (webhooks !== undefined) {
    if (typeof webhooks.secret !== "string" || webhooks.secret === "") throw new TypeError("createFakeIntercom: `webhooks.secret` must be a non-empty string");
    if (webhooks.deliver !== undefined && typeof webhooks.deliver !== "function") throw new TypeError("createFakeIntercom: `webhooks.deliver` must be a function (request: Request) => Response");
  }
  if (options.ids !== undefined && typeof options.ids !== "function") throw new TypeError("createFakeIntercom: `ids` must be a function (kind, n) => string");
  if (options.now !== undefined && typeof options.now !== "function") throw new TypeError("createFakeIntercom: `now` must be a function returning ms since the epoch");
  const exportSeconds = options.exportSeconds ?? 0;
  if (!Number.isInteger(exportSeconds) || exportSeconds < 0) throw new RangeError(`createFakeIntercom: \`exportSeconds\` must be a whole number of seconds, got ${exportSeconds}`);
  const description = checkDescription(options.description, manifest.apiVersion);
  return { manifest, description, token, webhooks, exportSeconds, rateLimit: checkRateLimit(options.rateLimit), ids: options.ids ?? defaultIds, now: options.now ?? Date.now };
}

/** An in-memory Intercom workspace for tests, answering as the version of `options.manifest`. */
export function createFakeIntercom(options: FakeIntercomOptions): FakeIntercom {
  const { manifest, description, token, webhooks, rateLimit, ids, now, exportSeconds } = checkOptions(options);
  const routes = servedRoutes([...ROUTES, ...exportRoutes(manifest, exportSeconds)], manifest, description);
  const router = createRouter(routes);
  const checker = description && createRequestChecker(description);
  const queue = createWebhookQueue(webhooks, () => ws);
  const ws = new Workspace("fakeapp1", ids, now, queue.emit);
  const limiter = rateLimit && createRateLimiter(rateLimit, now);
  const seedAdmin = () => createAdmin(ws, { name: "Fake Admin", email: "admin@fake.intercom.test" });
  seedAdmin();

  async function handle(request: Request): Promise<Response> {
    const requestId = ws.id("request");
    let headers: Record<string, string> = { "x-request-id": requestId };
    try {
      if (request.headers.get("authorization") !== `Bearer ${token}`) throw new FakeHttpError(401, "unauthorized", "Access Token Invalid");
      if (limiter) {
        const taken = limiter.take();
        headers = { ...headers, ...taken.headers };
        if (!taken.allowed) throw new FakeHttpError(429, "rate_limit_exceeded", "Rate Limit Exceeded");
      }
      const version = request.headers.get("intercom-version");
      if (version !== null && version !== manifest.apiVersion) {
        throw new FakeHttpError(400, "intercom_version_invalid", `Requested version ${JSON.stringify(version)} is not the one this fake serves (${manifest.apiVersion})`);
      }
      const url = new URL(request.url);
      const found = router.match(request.method.toLowerCase(), url.pathname);
      if (!found.route) throw new FakeHttpError(404, "not_found", `Resource Not Found: intercom-fetch/testing serves no ${request.method} ${url.pathname}`);
      const body = await readBody(request);
      checker?.check({ method: found.route.method, template: found.route.path, params: found.params, query: url.searchParams, body });
      const result = found.route.handle({ params: found.params, query: url.searchParams, body: body ?? {}, ws, manifest, description });
      if (result instanceof Response) {
        for (const [name, value] of Object.entries(headers)) result.headers.set(name, value);
        return result;
      }
      return json(200, result, headers);
    } catch (error) {
      if (error instanceof FakeHttpError) return errorResponse(error, requestId, headers);
      const message = error instanceof Error ? error.message : String(error);
      return errorResponse(new FakeHttpError(500, "server_error", `intercom-fetch/testing failed: ${message}`), requestId, headers);
    }
  }

  const needsTickets = (what: string) => {
    if (!description?.tickets || !manifest.replies?.tickets)
      throw new TypeError(`fake.data.${what}.create: tickets need \`description\` (from "intercom-fetch/${manifest.apiVersion}/testing") of a version that has them`);
  };

  const collection = <Input>(map: Map<string, Json>, create: (input: Input) => Json, render: (record: Json) => Json = copy) => ({
    create: (input: Input) => render(create(input)),
    get: (id: string) => {
      const record = map.get(id);
      return record && render(record);
    },
    list: () => [...map.values()].map(render),
  });

  const data: FakeData = {
    admins: collection(ws.admins, (input: AdminInput) => createAdmin(ws, input)),
    contacts: collection(
      ws.contacts,
      (input: SeedContact) => {
        const { tags = [], companies = [], raw, ...fields } = input ?? ({} as SeedContact);
        const contact = applyRaw(createContact(ws, fields), raw);
        for (const name of tags) tagContact(ws, contact, createTag(ws, name), null);
        for (const companyId of companies) {
          const company = [...ws.companies.values()].find((c) => c.company_id === companyId);
          if (!company) throw new TypeError(`fake.data.contacts.create: no company with company_id ${JSON.stringify(companyId)}; create it first`);
          attachCompany(ws, contact, company);
        }
        return contact;
      },
      (contact) => renderContact(ws, contact),
    ),
    companies: collection(ws.companies, (input: CompanyInput) => upsertCompany(ws, input)),
    tags: collection(ws.tags, (input: { name: string }) => createTag(ws, input?.name)),
    conversations: collection(ws.conversations, (input: SeedConversation) => applyRaw(seedConversation(ws, input), input.raw)),
    notes: { list: () => [...ws.notes.values()].map(copy) },
    events: { list: () => ws.events.map(copy) },
    messages: { list: () => [...ws.messages.values()].map(copy) },
    ticketTypes: collection(
      ws.ticketTypes,
      (input: TicketTypeInput) => {
        needsTickets("ticketTypes");
        return createTicketType(ws, input);
      },
      (type) => renderTicketType(type, description!.tickets!),
    ),
    tickets: collection(ws.tickets, (input: TicketInput) => {
      needsTickets("tickets");
      return applyRaw(seedTicket(ws, input), input.raw);
    }),
  };

  return {
    token,
    baseUrl: BASE_URL,
    origins: [BASE_URL, ...Object.values(manifest.servers ?? {}).map((server) => new URL(server).origin)],
    version: manifest.apiVersion,
    fetch: (input, init) => handle(input instanceof Request && init === undefined ? input : new Request(input, init)),
    data,
    webhooks: queue.api,
    routes: routes.map((r) => `${r.method.toUpperCase()} ${r.path}`),
    reset() {
      ws.clear();
      clearExportJobs(ws);
      limiter?.clear();
      queue.clear();
      seedAdmin();
    },
    async listen({ port = 0, host = "127.0.0.1" } = {}) {
      // Loaded only here, so the in-process fake never pulls in node:http.
      const { serve } = await import("./listen.js");
      return serve(handle, port, host);
    },
  };
}

/**
 * With a description, the routes its version has (matched by shape: versions name path parameters
 * differently), tickets included where its reply takes an admin's or a contact's (the manifest's
 * `replies.tickets`: 2.10 on; 2.9's takes an admin's note only); without one, every route but tickets.
 */
function servedRoutes(routes: Route[], manifest: FakeManifest, description: FakeDescription | undefined): Route[] {
  if (!description) return routes;
  const has = new Set(Object.keys(description.requests).map((key) => shapeOf(key)));
  return [...routes, ...(description.tickets && manifest.replies?.tickets ? ticketRoutes : [])].filter((route) => has.has(shapeOf(`${route.method} ${route.path}`)));
}

/** The JSON object sent, or `undefined` when there was no body. */
async function readBody(request: Request): Promise<Json | undefined> {
  const text = await request.text();
  if (text === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FakeHttpError(400, "parameter_invalid", "The request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new FakeHttpError(400, "parameter_invalid", "The request body must be a JSON object");
  return parsed as Json;
}
