// The benchmarks' small program against Intercom Unstable, written with intercom-fetch's
// openapi-fetch methods (`POST(path)`, `GET(path)`) instead of its helpers: the type-check cost of
// path types over Unstable's 256 operations. Type-checked only (bench/typecheck.mjs).
import { IntercomError } from "intercom-fetch";
import { createIntercom } from "intercom-fetch/unstable";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function main(token: string) {
  const intercom = createIntercom({ token });
  const ok = <T>(result: { data?: T; error?: unknown; response: Response }): T => {
    if (result.data === undefined) throw IntercomError.from(result);
    return result.data;
  };

  const since = Math.floor(Date.parse("2026-01-01") / 1000);
  const emails: string[] = [];
  let startingAfter: string | undefined;
  do {
    const page = ok(
      await intercom.POST("/contacts/search", {
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
    for (const contact of page.data ?? []) if (contact.email && emails.length < 100) emails.push(contact.email);
    startingAfter = page.pages?.next?.starting_after ?? undefined;
  } while (startingAfter && emails.length < 100);

  const part = ok(
    await intercom.POST("/tickets/{id}/reply", {
      params: { path: { id: "123" } },
      body: { type: "admin", message_type: "comment", admin_id: "991267991", body: `Found ${emails.length} contacts` },
    }),
  );

  let job = ok(await intercom.POST("/export/content/data", { body: { created_at_after: since, created_at_before: Math.floor(Date.parse("2026-01-31T23:59:59Z") / 1000) } }));
  const id = job.job_identifier!;
  for (let delay = 1000; job.status === "pending" || job.status === "in_progress"; delay = Math.min(delay * 2, 30_000)) {
    await sleep(delay);
    job = ok(await intercom.GET("/export/content/data/{job_identifier}", { params: { path: { job_identifier: id } } }));
  }
  const { response } = await intercom.GET("/download/content/data/{job_identifier}", {
    params: { path: { job_identifier: id } },
    headers: { Accept: "application/octet-stream" },
    parseAs: "stream",
  });
  const csv = await new Response(response.body!.pipeThrough(new DecompressionStream("gzip"))).blob();

  return { emails, reply: part.id, csv: URL.createObjectURL(csv) };
}
