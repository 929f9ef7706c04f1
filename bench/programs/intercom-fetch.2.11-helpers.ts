// The small program (intercom-fetch.2.11.ts) through the core entry, with only the helpers it uses
// added by `withHelpers`: a contact search, a ticket reply, an export run and its rows. Its bundle
// carries no paginate helper; package.json's "size-limit" budget for it is checked by test/size.test.ts.
import { and, exports, replies, search, where, withHelpers } from "intercom-fetch";
import { createIntercom } from "intercom-fetch/2.11/core";

export async function main(token: string) {
  const intercom = withHelpers(createIntercom({ token }), search, replies, exports);

  const query = and(where("email_domain", "=", "example.com"), where("created_at", ">", new Date("2026-01-01")));
  const emails: string[] = [];
  for await (const contact of intercom.search.contacts(query, { perPage: 50, limit: 100 })) {
    if (contact.email) emails.push(contact.email);
  }

  const part = await intercom.tickets.replyAsAdmin("123", { admin_id: "991267991", body: `Found ${emails.length} contacts` });

  const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", timeout: 600_000 });
  const users = new Set<string>();
  for await (const row of intercom.exports.rows(job)) users.add(row.user_id);

  return { emails, reply: part.id, users: users.size };
}
