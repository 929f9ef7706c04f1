// The benchmarks' small browser program, written with intercom-fetch against Intercom Unstable: a
// contact search, a ticket reply and an export run. Its twins in this folder do the same with the
// other clients.
import { and, where } from "intercom-fetch";
import { createIntercom } from "intercom-fetch/unstable";

export async function main(token: string) {
  const intercom = createIntercom({ token });

  const query = and(where("email_domain", "=", "example.com"), where("created_at", ">", new Date("2026-01-01")));
  const emails: string[] = [];
  for await (const contact of intercom.search.contacts(query, { perPage: 50, limit: 100 })) {
    if (contact.email) emails.push(contact.email);
  }

  const part = await intercom.tickets.replyAsAdmin("123", { admin_id: "991267991", body: `Found ${emails.length} contacts` });

  const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", timeout: 600_000 });
  const csv = await new Response(await intercom.exports.download(job)).blob();

  return { emails, reply: part.id, csv: URL.createObjectURL(csv) };
}
