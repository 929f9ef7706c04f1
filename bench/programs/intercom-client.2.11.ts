// The benchmarks' small browser program, written with intercom-client (the official SDK) pinned to
// Intercom 2.11: a contact search, a ticket reply and an export run.
import { IntercomClient } from "intercom-client";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function main(token: string) {
  const client = new IntercomClient({ token, version: "2.11", maxRetries: 2 });

  const since = Math.floor(Date.parse("2026-01-01") / 1000);
  const pages = await client.contacts.search({
    query: {
      operator: "AND",
      value: [
        { field: "email_domain", operator: "=", value: "example.com" },
        { field: "created_at", operator: ">", value: String(since) },
      ],
    },
    pagination: { per_page: 50 },
  });
  const emails: string[] = [];
  for await (const contact of pages) {
    if (contact.email) emails.push(contact.email);
    if (emails.length >= 100) break;
  }

  const part = await client.tickets.reply({
    ticket_id: "123",
    body: { type: "admin", message_type: "comment", admin_id: "991267991", body: `Found ${emails.length} contacts` },
  });

  let job = await client.dataExport.create({
    created_at_after: Math.floor(Date.parse("2026-01-01") / 1000),
    created_at_before: Math.floor(Date.parse("2026-01-31T23:59:59Z") / 1000),
  });
  const id = job.job_identifier!;
  for (let delay = 1000; job.status === "pending" || job.status === "in_progress"; delay = Math.min(delay * 2, 30_000)) {
    await sleep(delay);
    job = await client.dataExport.find({ job_identifier: id });
  }
  if (job.status !== "completed") throw new Error(`export ${id} ended ${job.status}`);
  // dataExport.download() resolves to nothing (the SDK drops the body): the file is fetched by hand.
  const response = await fetch(`https://api.intercom.io/download/content/data/${id}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/octet-stream", "Intercom-Version": "2.11" },
  });
  const csv = await new Response(response.body!.pipeThrough(new DecompressionStream("gzip"))).blob();

  return { emails, reply: part.id, csv: URL.createObjectURL(csv) };
}
