// npm start: a first look at intercom-fetch, on the fake Intercom of intercom-fetch/testing (in
// process, no token, no network): a search, a ticket reply, an export read as rows and a verified
// webhook. With INTERCOM_TOKEN set it only reads who you are from the real API: the rest writes.
import { where } from "intercom-fetch";
import { apiVersion, createIntercom } from "intercom-fetch/2.11";
import { manifest } from "intercom-fetch/2.11/core";
import { description } from "intercom-fetch/2.11/testing";
import { createFakeIntercom } from "intercom-fetch/testing";
import { createWebhooks } from "intercom-fetch/webhooks";

if (process.env.INTERCOM_TOKEN) {
  const intercom = createIntercom({ token: process.env.INTERCOM_TOKEN, region: process.env.INTERCOM_REGION ?? "us" });
  const { data, error } = await intercom.GET("/me");
  console.log(error ? `Intercom ${apiVersion}, real API: ${error.errors?.[0]?.message ?? "the request failed"}` : `Intercom ${apiVersion}, real API: signed in as ${data.name} <${data.email}>`);
  process.exit(error ? 1 : 0);
}

// The webhook receiver your app would mount; the fake signs each notification with the secret and hands it over.
const secret = "quickstart-client-secret";
const receiver = createWebhooks({ secret });
receiver.on("ticket.admin.replied", (notification) => console.log(`  webhook verified: ${notification.topic} for ticket ${notification.data.item.id}`));
const fake = createFakeIntercom({ manifest, description, webhooks: { secret, deliver: receiver.fetchHandler } });
const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
console.log(`Intercom ${apiVersion} on the fake of intercom-fetch/testing (in process, no token needed)`);

const ada = fake.data.contacts.create({ email: "ada@example.com", name: "Ada", custom_attributes: { plan: "pro" } });
fake.data.contacts.create({ email: "bob@example.org", name: "Bob" });
fake.data.contacts.create({ email: "cy@example.com", name: "Cy" });

console.log("\n1. Search: contacts whose email ends with @example.com");
for await (const contact of intercom.search.contacts(where("email", "$", "@example.com"))) console.log(`  ${contact.id}  ${contact.name}  ${contact.email}`);

console.log("\n2. A ticket, and an admin's reply to it");
const type = fake.data.ticketTypes.create({ name: "Question" });
const { data: ticket } = await intercom.POST("/tickets", { body: { ticket_type_id: String(type.id), contacts: [{ id: String(ada.id) }], ticket_attributes: { _default_title_: "Cannot log in" } } });
const [admin] = fake.data.admins.list();
const reply = await intercom.tickets.replyAsAdmin(ticket.id, { admin_id: String(admin.id), body: "We are on it." });
console.log(`  ticket ${ticket.id} "${ticket.ticket_attributes._default_title_}" (${ticket.ticket_state}): ${reply.author.name} replied "${reply.body}"`);
await fake.webhooks.flush();

console.log("\n3. An outbound message, then the content data export read as rows");
await intercom.POST("/messages", {
  body: { message_type: "email", subject: "Welcome", body: "Hello Ada", template: "plain", from: { type: "admin", id: Number(admin.id) }, to: { type: "user", id: String(ada.id) } },
});
const now = Math.floor(Date.now() / 1000);
const job = await intercom.exports.run({ from: now - 86_400, to: now, onStatus: (j) => console.log(`  export job ${j.job_identifier}: ${j.status}`) });
for await (const row of intercom.exports.rows(job)) console.log(`  row: ${row.email} received "${row.content_title}" at ${row.received_at}`);

console.log("\n4. A request Intercom would refuse is refused, naming the field");
const refused = await intercom.POST("/contacts", { body: { role: "user", email: "x@example.com", phone: 12345 } });
console.log(`  ${refused.response.status} ${refused.error?.errors?.[0]?.code}: ${refused.error?.errors?.[0]?.message}`);

console.log("\nSet INTERCOM_TOKEN (and INTERCOM_REGION: us, eu or au) to read from the real API instead.");
