// The issue 21 integration: 15 typical calls (GET, POST, PUT), written once here and generated as a
// TypeScript program per client, version and size (15 calls, or the 15 ten times: 150), so that the
// type-check bench compares the same calls through intercom-fetch's path methods and through
// intercom-client 7. Each copy changes its literals, as a real integration's calls differ.
//
//   node bench/programs/integration.mjs --client intercom-fetch --version 2.14 --copies 10 > program.ts

import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

/** Path parameter names where 2.14 and Preview differ (`{contact_id}` vs `{id}`). */
const IDS = {
  2.14: { contact: "contact_id", conversation: "conversation_id", ticket: "ticket_id", company: "company_id" },
  unstable: { contact: "id", conversation: "id", ticket: "id", company: "id" },
};

/**
 * The calls: for each, intercom-fetch's path method call and intercom-client's method for 2.14
 * (`client.*`) and Preview (`client.unstable.*`). `$n` is the copy's number; each result is read
 * (typed `data`) into `out`: `read`, or `clientRead` where intercom-client's result differs.
 */
const CALLS = [
  { fetch: () => `GET("/me")`, read: "email", client: { 2.14: "admins.identify()", unstable: "admins.identifyAdmin()" } },
  { fetch: () => `GET("/admins")`, read: "admins?.length", client: { 2.14: "admins.list()", unstable: "admins.listAdmins()" } },
  {
    fetch: (v) => `GET("/contacts/{${IDS[v].contact}}", { params: { path: { ${IDS[v].contact}: "c$n" } } })`,
    read: "email",
    client: { 2.14: `contacts.find({ contact_id: "c$n" })`, unstable: `contacts.showContact({ id: "c$n" })` },
  },
  {
    fetch: () => `POST("/contacts", { body: { email: "user$n@example.com", name: "User $n" } })`,
    read: "id",
    client: { 2.14: `contacts.create({ email: "user$n@example.com", name: "User $n" })`, unstable: `contacts.createContact({ email: "user$n@example.com", name: "User $n" })` },
  },
  {
    fetch: (v) => `PUT("/contacts/{${IDS[v].contact}}", { params: { path: { ${IDS[v].contact}: "c$n" } }, body: { name: "Renamed $n", custom_attributes: { plan: "pro" } } })`,
    read: "name",
    client: {
      2.14: `contacts.update({ contact_id: "c$n", name: "Renamed $n", custom_attributes: { plan: "pro" } })`,
      unstable: `contacts.updateContact({ id: "c$n", name: "Renamed $n", custom_attributes: { plan: "pro" } })`,
    },
  },
  {
    fetch: () => `POST("/contacts/search", { body: { query: { field: "email_domain", operator: "=", value: "example$n.com" }, pagination: { per_page: 50 } } })`,
    read: "data?.length",
    client: {
      2.14: `contacts.search({ query: { field: "email_domain", operator: "=", value: "example$n.com" }, pagination: { per_page: 50 } })`,
      unstable: `contacts.searchContacts({ query: { field: "email_domain", operator: "=", value: "example$n.com" }, pagination: { per_page: 50 } })`,
    },
  },
  {
    fetch: (v) => `GET("/conversations/{${IDS[v].conversation}}", { params: { path: { ${IDS[v].conversation}: "v$n" } } })`,
    read: "state",
    client: { 2.14: `conversations.find({ conversation_id: "v$n" })`, unstable: `conversations.retrieveConversation({ id: 1$n })` },
  },
  {
    fetch: (v) =>
      `POST("/conversations/{${IDS[v].conversation}}/reply", { params: { path: { ${IDS[v].conversation}: "v$n" } }, body: { message_type: "comment", type: "admin", admin_id: "7", body: "Reply $n" } })`,
    read: "id",
    client: {
      2.14: `conversations.reply({ conversation_id: "v$n", body: { message_type: "comment", type: "admin", admin_id: "7", body: "Reply $n" } })`,
      unstable: `conversations.replyConversation({ id: "v$n", body: { message_type: "comment", type: "admin", admin_id: "7", body: "Reply $n" } })`,
    },
  },
  {
    fetch: () => `POST("/conversations/search", { body: { query: { field: "state", operator: "=", value: "open" }, pagination: { per_page: 2$n } } })`,
    read: "conversations?.length",
    clientRead: { 2.14: "data?.length", unstable: "conversations?.length" },
    client: {
      2.14: `conversations.search({ query: { field: "state", operator: "=", value: "open" }, pagination: { per_page: 2$n } })`,
      unstable: `conversations.searchConversations({ query: { field: "state", operator: "=", value: "open" }, pagination: { per_page: 2$n } })`,
    },
  },
  { fetch: () => `GET("/tags")`, read: "data?.length", client: { 2.14: "tags.list()", unstable: "tags.listTags()" } },
  {
    fetch: () => `POST("/tags", { body: { name: "vip-$n" } })`,
    read: "id",
    client: { 2.14: `tags.create({ name: "vip-$n" })`, unstable: `tags.createTag({ name: "vip-$n" })` },
  },
  {
    fetch: (v) => `POST("/contacts/{${IDS[v].contact}}/notes", { params: { path: { ${IDS[v].contact}: "c$n" } }, body: { body: "Note $n", admin_id: "7" } })`,
    read: "id",
    client: {
      2.14: `notes.create({ contact_id: "c$n", body: "Note $n", admin_id: "7" })`,
      unstable: `notes.createNote({ id: 1$n, body: "Note $n", admin_id: "7" })`,
    },
  },
  {
    fetch: (v) =>
      `POST("/tickets/{${IDS[v].ticket}}/reply", { params: { path: { ${IDS[v].ticket}: "t$n" } }, body: { message_type: "comment", type: "admin", admin_id: "7", body: "Ticket reply $n" } })`,
    read: "id",
    client: {
      2.14: `tickets.reply({ ticket_id: "t$n", body: { message_type: "comment", type: "admin", admin_id: "7", body: "Ticket reply $n" } })`,
      unstable: `tickets.replyTicket({ id: "t$n", body: { message_type: "comment", type: "admin", admin_id: "7", body: "Ticket reply $n" } })`,
    },
  },
  {
    fetch: (v) => `PUT("/tickets/{${IDS[v].ticket}}", { params: { path: { ${IDS[v].ticket}: "t$n" } }, body: { open: false } })`,
    read: "id",
    client: { 2.14: `tickets.update({ ticket_id: "t$n", open: false })`, unstable: `tickets.updateTicket({ id: "t$n", open: false })` },
  },
  {
    fetch: (v) => `GET("/companies/{${IDS[v].company}}", { params: { path: { ${IDS[v].company}: "co$n" } } })`,
    read: "name",
    client: { 2.14: `companies.find({ company_id: "co$n" })`, unstable: `companies.retrieveACompanyById({ id: "co$n" })` },
  },
];

export const VERSIONS = Object.keys(IDS);
export const CALLS_PER_COPY = CALLS.length;

/** The TypeScript source of the integration through `client` ("intercom-fetch" | "intercom-client") on `version`, the calls `copies` times. */
export function integration({ client, version, copies }) {
  if (!IDS[version]) throw new RangeError(`integration: unknown version ${version}; known: ${VERSIONS.join(", ")}`);
  const head =
    client === "intercom-fetch"
      ? [
          `import { IntercomError } from "intercom-fetch";`,
          `import { createIntercom } from "intercom-fetch/${version}";`,
          "",
          "const ok = <T>(result: { data?: T; error?: unknown; response: Response }): T => {",
          "  if (result.data === undefined) throw IntercomError.from(result);",
          "  return result.data;",
          "};",
          "",
          `export const intercom = createIntercom({ token: "t" });`,
        ]
      : client === "intercom-client"
        ? [`import { IntercomClient } from "intercom-client";`, "", `export const client = new IntercomClient({ token: "t", version: "${version === "unstable" ? "Unstable" : version}" });`]
        : null;
  if (!head) throw new RangeError(`integration: unknown client ${client}`);
  const steps = [];
  for (let n = 0; n < copies; n++) {
    const lines = CALLS.map((call, i) => {
      const expression = client === "intercom-fetch" ? `ok(await intercom.${call.fetch(version)})` : `await client.${version === "unstable" ? "unstable." : ""}${call.client[version]}`;
      return `  const r${i} = ${expression.replaceAll("$n", String(n))};\n  out.push(r${i}?.${(client === "intercom-client" && call.clientRead?.[version]) || call.read});`;
    });
    steps.push(`export async function step${n}(out: unknown[]) {\n${lines.join("\n")}\n}`);
  }
  return `// Generated by bench/programs/integration.mjs: ${CALLS.length * copies} calls through ${client} on ${version}.\n${head.join("\n")}\n\n${steps.join("\n\n")}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { client: { type: "string" }, version: { type: "string", default: "2.14" }, copies: { type: "string", default: "1" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || !values.client) {
    console.log(`Usage: node bench/programs/integration.mjs --client intercom-fetch|intercom-client [--version ${VERSIONS.join("|")}] [--copies N]

Prints the TypeScript program of the type-check bench (bench/typecheck.mjs): ${CALLS.length} calls, N times.`);
    process.exit(values.help ? 0 : 2);
  }
  try {
    process.stdout.write(integration({ client: values.client, version: values.version, copies: Number(values.copies) }));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
