// The content data export: a job per date range whose status moves on the fake's clock (pending,
// in_progress, then completed, or no_data when no message was sent in the range), one active job
// at a time (Intercom's 429), cancel, and the download: a gzipped CSV of the messages sent, with
// the version's columns (the manifest's `exports.rows.columns`). Routes only when the manifest has
// the export.
import { optionalInteger } from "../fields.js";
import type { FakeManifest } from "../manifest.js";
import { FakeHttpError, missing, notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { BASE_URL, type Json, type Workspace } from "../store.js";

interface Job {
  id: string;
  createdAt: number;
  from: number;
  to: number;
  canceled: boolean;
}

const jobsOf = new WeakMap<Workspace, Map<string, Job>>();
const jobs = (ws: Workspace) => {
  const map = jobsOf.get(ws) ?? new Map<string, Job>();
  jobsOf.set(ws, map);
  return map;
};

export const clearExportJobs = (ws: Workspace) => jobsOf.delete(ws);

/** Messages sent in the job's range, as CSV rows of the version's columns. */
function rowsOf(ws: Workspace, job: Job): Json[] {
  return [...ws.messages.values()]
    .filter((m) => (m.created_at as number) >= job.from && (m.created_at as number) <= job.to)
    .map((m) => {
      const contact = ws.contacts.get(String(m.contact_id));
      return {
        user_id: m.contact_id,
        user_external_id: contact?.external_id ?? "",
        email: contact?.email ?? "",
        name: contact?.name ?? "",
        content_id: m.id,
        content_type: m.message_type === "email" ? "email" : "chat",
        content_title: m.subject,
        receipt_id: m.id,
        received_at: m.created_at,
      };
    });
}

/** The job as Intercom answers it; its status is read off the clock. */
function view(ws: Workspace, job: Job, seconds: number): Json {
  const now = ws.seconds();
  const done = now >= job.createdAt + seconds;
  const status = job.canceled ? "canceled" : !done ? (now > job.createdAt ? "in_progress" : "pending") : rowsOf(ws, job).length === 0 ? "no_data" : "completed";
  const ready = status === "completed";
  return {
    job_identifier: job.id,
    status,
    download_url: ready ? `${BASE_URL}/download/content/data/${job.id}` : "",
    download_expires_at: ready ? String(job.createdAt + seconds + 2 * 86_400) : "",
  };
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function exportRoutes(manifest: FakeManifest, seconds: number): Route[] {
  const ops = manifest.exports;
  if (!ops) return [];
  const columns = Object.keys(ops.rows.columns);
  const find = (ws: Workspace, id: string) => {
    const job = jobs(ws).get(id);
    if (!job) throw notFound("Export job");
    return job;
  };
  const idParam = (path: string) => /\{([a-z_]+)\}/.exec(path)![1]!;
  return [
    {
      method: ops.create.method as Route["method"],
      path: ops.create.path,
      handle: ({ ws, body }) => {
        const from = optionalInteger(body, "created_at_after");
        const to = optionalInteger(body, "created_at_before");
        if (from === undefined || from === null) throw missing("created_at_after");
        if (to === undefined || to === null) throw missing("created_at_before");
        if ([...jobs(ws).values()].some((j) => ["pending", "in_progress"].includes(view(ws, j, seconds).status as string))) {
          throw new FakeHttpError(429, "rate_limit_exceeded", "Exceeded rate limit of 1 pending message data export jobs");
        }
        const job: Job = { id: `job_${ws.id("export")}`, createdAt: ws.seconds(), from, to, canceled: false };
        jobs(ws).set(job.id, job);
        return view(ws, job, seconds);
      },
    },
    { method: ops.get.method as Route["method"], path: ops.get.path, handle: ({ ws, params }) => view(ws, find(ws, params[idParam(ops.get.path)]!), seconds) },
    {
      method: ops.cancel.method as Route["method"],
      path: ops.cancel.path,
      handle: ({ ws, params }) => {
        const job = find(ws, params[idParam(ops.cancel.path)]!);
        if (view(ws, job, seconds).status !== "completed") job.canceled = true;
        return view(ws, job, seconds);
      },
    },
    {
      method: ops.download.method as Route["method"],
      path: ops.download.path,
      handle: ({ ws, params }) => {
        const job = find(ws, params[idParam(ops.download.path)]!);
        if (view(ws, job, seconds).status !== "completed") throw notFound("Export download");
        const lines = [columns.join(","), ...rowsOf(ws, job).map((row) => columns.map((c) => csvCell(row[c])).join(","))];
        const gzipped = new Blob([`${lines.join("\n")}\n`]).stream().pipeThrough(new CompressionStream("gzip"));
        // Intercom sends the gzip as plain bytes, with no Content-Encoding.
        return new Response(gzipped, { status: 200, headers: { "content-type": "application/octet-stream" } });
      },
    },
  ];
}
