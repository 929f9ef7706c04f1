// The benchmarks' small browser program, written with intercom-client (the official SDK) against
// Intercom Unstable (`client.unstable.*`): a contact search, a ticket reply and an export run.
import { IntercomClient } from "intercom-client";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function main(token: string) {
  const client = new IntercomClient({ token, version: "Unstable", maxRetries: 2 });

  const since = Math.floor(Date.parse("2026-01-01") / 1000);
  const emails: string[] = [];
  // Unstable's searchContacts returns one page: the cursor is followed by hand.
  let startingAfter: string | undefined;
  do {
    const page = await client.unstable.contacts.searchContacts({
      query: {
        operator: "AND",
        value: [
          { field: "email_domain", operator: "=", value: "example.com" },
          { field: "created_at", operator: ">", value: String(since) },
        ],
      },
      pagination: { per_page: 50, ...(startingAfter ? { starting_after: startingAfter } : {}) },
    });
    for (const contact of page.data ?? []) if (contact.email && emails.length < 100) emails.push(contact.email);
    startingAfter = page.pages?.next?.starting_after ?? undefined;
  } while (startingAfter && emails.length < 100);

  const part = await client.unstable.tickets.replyTicket({
    id: "123",
    body: { type: "admin", message_type: "comment", admin_id: "991267991", body: `Found ${emails.length} contacts` },
  });

  let job = await client.unstable.dataExport.createDataExport({
    created_at_after: Math.floor(Date.parse("2026-01-01") / 1000),
    created_at_before: Math.floor(Date.parse("2026-01-31T23:59:59Z") / 1000),
  });
  // Unstable's schema spells the id `job_identfier`; Intercom sends `job_identifier`.
  const id = job.job_identfier ?? (job as { job_identifier?: string }).job_identifier!;
  for (let delay = 1000; job.status === "pending" || job.status === "in_progress"; delay = Math.min(delay * 2, 30_000)) {
    await sleep(delay);
    job = await client.unstable.dataExport.getDataExport({ job_identifier: id });
  }
  if (job.status !== "completed") throw new Error(`export ${id} ended ${job.status}`);
  // downloadDataExport() resolves to nothing (the SDK drops the body): the file is fetched by hand.
  const response = await fetch(`https://api.intercom.io/download/content/data/${id}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/octet-stream", "Intercom-Version": "Unstable" },
  });
  const csv = await new Response(response.body!.pipeThrough(new DecompressionStream("gzip"))).blob();

  return { emails, reply: part.id, csv: URL.createObjectURL(csv) };
}
