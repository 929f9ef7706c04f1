// The benchmarks' small browser program, written with openapi-fetch and types written by hand for
// the five operations it calls (no retries, no query checks): a contact search, a ticket reply and
// an export run. The same file stands for every Intercom version.
import createClient from "openapi-fetch";

interface Contact {
  id: string;
  email?: string | null;
}
interface DataExport {
  job_identifier: string;
  status: "pending" | "in_progress" | "failed" | "completed" | "no_data" | "canceled";
  download_url?: string;
}
type Filter = { field: string; operator: "=" | "!=" | "IN" | "NIN" | ">" | "<" | "~" | "!~" | "^" | "$"; value: string | number | boolean | (string | number)[] };
type Json<T> = { content: { "application/json": T } };

interface paths {
  "/contacts/search": {
    post: {
      requestBody: Json<{ query: Filter | { operator: "AND" | "OR"; value: Filter[] }; pagination?: { per_page?: number; starting_after?: string } }>;
      responses: { 200: Json<{ data: Contact[]; total_count: number; pages?: { next?: { starting_after?: string } | null } }> };
    };
  };
  "/tickets/{ticket_id}/reply": {
    post: {
      parameters: { path: { ticket_id: string } };
      requestBody: Json<{ type: "admin"; message_type: "comment" | "note"; admin_id: string; body: string }>;
      responses: { 200: Json<{ type: "ticket_part"; id: string }> };
    };
  };
  "/export/content/data": {
    post: {
      requestBody: Json<{ created_at_after: number; created_at_before: number }>;
      responses: { 200: Json<DataExport> };
    };
  };
  "/export/content/data/{job_identifier}": {
    get: { parameters: { path: { job_identifier: string } }; responses: { 200: Json<DataExport> } };
  };
  "/download/content/data/{job_identifier}": {
    get: { parameters: { path: { job_identifier: string } }; responses: { 200: { content: { "application/octet-stream": string } } } };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function main(token: string) {
  const client = createClient<paths>({
    baseUrl: "https://api.intercom.io",
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json", "Intercom-Version": "2.11" },
  });
  const check = <T>(result: { data?: T; error?: unknown; response: Response }): T => {
    if (result.data === undefined) throw new Error(`${result.response.url}: ${result.response.status}`);
    return result.data;
  };

  const since = Math.floor(Date.parse("2026-01-01") / 1000);
  const emails: string[] = [];
  let startingAfter: string | undefined;
  do {
    const page = check(
      await client.POST("/contacts/search", {
        body: {
          query: {
            operator: "AND",
            value: [
              { field: "email_domain", operator: "=", value: "example.com" },
              { field: "created_at", operator: ">", value: since },
            ],
          },
          pagination: { per_page: 50, ...(startingAfter ? { starting_after: startingAfter } : {}) },
        },
      }),
    );
    for (const contact of page.data) if (contact.email && emails.length < 100) emails.push(contact.email);
    startingAfter = page.pages?.next?.starting_after;
  } while (startingAfter && emails.length < 100);

  const part = check(
    await client.POST("/tickets/{ticket_id}/reply", {
      params: { path: { ticket_id: "123" } },
      body: { type: "admin", message_type: "comment", admin_id: "991267991", body: `Found ${emails.length} contacts` },
    }),
  );

  let job = check(
    await client.POST("/export/content/data", {
      body: { created_at_after: since, created_at_before: Math.floor(Date.parse("2026-01-31T23:59:59Z") / 1000) },
    }),
  );
  for (let delay = 1000; job.status === "pending" || job.status === "in_progress"; delay = Math.min(delay * 2, 30_000)) {
    await sleep(delay);
    job = check(await client.GET("/export/content/data/{job_identifier}", { params: { path: { job_identifier: job.job_identifier } } }));
  }
  if (job.status !== "completed") throw new Error(`export ${job.job_identifier} ended ${job.status}`);
  const { response } = await client.GET("/download/content/data/{job_identifier}", {
    params: { path: { job_identifier: job.job_identifier } },
    headers: { Accept: "application/octet-stream" },
    parseAs: "stream",
  });
  const csv = await new Response(response.body!.pipeThrough(new DecompressionStream("gzip"))).blob();

  return { emails, reply: part.id, csv: URL.createObjectURL(csv) };
}
