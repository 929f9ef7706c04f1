// A stateful fake of Intercom's content data export, on a loopback port: jobs move through the
// statuses their plan lists, one poll at a time; a second job while one is active gets Intercom's
// 429; cancel, download (gzip or plain, chunked, slow, truncated or cut off) and expiry behave as
// the spec's descriptions say. Put Prism's validating proxy in front of it to check every exchange.
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { json, startFakeServer, type FakeServer, type Recorded } from "./fake-server.js";

export type ExportStatus = "pending" | "in_progress" | "completed" | "complete" | "no_data" | "failed" | "canceled";

/** What the next created job does. */
export interface JobPlan {
  /** Status at creation, then one more per status check; the last one stays. */
  statuses: ExportStatus[];
  /** `download_expires_at` once completed, UNIX seconds. Default: two days after completion. */
  expiresAt?: number;
}

/** What a download answers. */
export interface DownloadPlan {
  /** The CSV text (or any bytes, for tests of the download alone). */
  csv: string | Uint8Array;
  /** Serve it gzipped (as `application/octet-stream`, no Content-Encoding). Default true. */
  gzip?: boolean;
  /** Serve only the first N bytes of the (gzipped) payload, as a complete response of that length. */
  truncateTo?: number;
  /** Send this many bytes, then destroy the connection mid-body. */
  dropAfter?: number;
  /** Bytes per write. Default: all at once. */
  chunkSize?: number;
  /** Pause between writes, in ms. */
  chunkDelay?: number;
}

export interface FakeJob {
  job_identifier: string;
  status: ExportStatus;
  plan: JobPlan;
  checks: number;
  completedAt?: number;
}

export interface FakeExports {
  url: string;
  requests: Recorded[];
  jobs: Map<string, FakeJob>;
  /** Downloads the client closed before their last byte. */
  readonly downloadsCut: number;
  /** Bytes of download payload flushed to sockets so far. */
  readonly downloadSent: number;
  /** Requests whose method and path match, e.g. `count("POST /export/cancel/")`. */
  count(prefix: string): number;
  /** Sets the plan of the jobs created from now on, and the download. */
  plan(job: JobPlan, download?: DownloadPlan): void;
  /**
   * Forgets every job and request, and starts a new epoch: a request that carries an older one in
   * `x-fake-epoch` (one a previous test aborted while it was on its way) is refused without effect.
   */
  reset(): void;
  /** The current epoch, for the `x-fake-epoch` header. */
  readonly epoch: number;
  close(): Promise<void>;
}

const ACTIVE = new Set<ExportStatus>(["pending", "in_progress"]);
const DONE = new Set<ExportStatus>(["completed", "complete"]);

/** Intercom's answer to a second job while one is active (from the operation's description). */
export const ONE_JOB_LIMIT_BODY = {
  type: "error.list",
  request_id: "req-limit",
  errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 1 pending message data export jobs" }],
};

export async function startFakeExports(): Promise<FakeExports> {
  let jobPlan: JobPlan = { statuses: ["pending", "in_progress", "completed"] };
  let downloadPlan: DownloadPlan = { csv: "user_id,name\n1,Ada\n" };
  const jobs = new Map<string, FakeJob>();
  let serial = 0;
  let downloadsCut = 0;
  let downloadSent = 0;
  let epoch = 0;
  let server: FakeServer;

  const view = (job: FakeJob) => {
    const done = DONE.has(job.status);
    return {
      job_identifier: job.job_identifier,
      status: job.status,
      download_url: done ? `${server.url}/download/content/data/${job.job_identifier}` : "",
      download_expires_at: done ? String(job.plan.expiresAt ?? Math.floor(job.completedAt! / 1000) + 2 * 86_400) : "",
    };
  };

  const advance = (job: FakeJob) => {
    if (!ACTIVE.has(job.status)) return;
    job.checks++;
    const { statuses } = job.plan;
    job.status = statuses[Math.min(job.checks, statuses.length - 1)]!;
    if (DONE.has(job.status)) job.completedAt = Date.now();
  };

  const notFound = (res: ServerResponse) => json(res, 404, { type: "error.list", request_id: "req-404", errors: [{ code: "not_found", message: "Object not found." }] });

  server = await startFakeServer(async (req, res) => {
    const path = new URL(req.url, "http://fake").pathname;
    const stale = req.headers["x-fake-epoch"];
    if (stale !== undefined && Number(stale) !== epoch) return json(res, 409, { type: "error.list", errors: [{ code: "stale", message: "from an earlier test" }] });
    let match: RegExpExecArray | null;

    if (req.method === "POST" && path === "/export/content/data") {
      if ([...jobs.values()].some((j) => ACTIVE.has(j.status))) return json(res, 429, ONE_JOB_LIMIT_BODY);
      const body = JSON.parse(req.body || "{}");
      if (!Number.isInteger(body.created_at_after) || !Number.isInteger(body.created_at_before)) {
        return json(res, 400, { type: "error.list", errors: [{ code: "parameter_invalid", message: "bad dates" }] });
      }
      const job: FakeJob = { job_identifier: `job${++serial}`, status: jobPlan.statuses[0]!, plan: jobPlan, checks: 0 };
      if (DONE.has(job.status)) job.completedAt = Date.now();
      jobs.set(job.job_identifier, job);
      return json(res, 200, view(job));
    }
    if (req.method === "GET" && (match = /^\/export\/content\/data\/([^/]+)$/.exec(path))) {
      const job = jobs.get(decodeURIComponent(match[1]!));
      if (!job) return notFound(res);
      advance(job);
      return json(res, 200, view(job));
    }
    if (req.method === "POST" && (match = /^\/export\/cancel\/([^/]+)$/.exec(path))) {
      const job = jobs.get(decodeURIComponent(match[1]!));
      if (!job) return notFound(res);
      if (ACTIVE.has(job.status)) job.status = "canceled";
      return json(res, 200, view(job));
    }
    if (req.method === "GET" && (match = /^\/download\/content\/data\/([^/]+)$/.exec(path))) {
      const job = jobs.get(decodeURIComponent(match[1]!));
      // What Intercom answers for an unfinished or expired download is not documented; 404 is its
      // answer for an unknown one.
      if (!job || !DONE.has(job.status) || Number(view(job).download_expires_at) * 1000 <= Date.now()) return notFound(res);
      res.on("close", () => {
        if (!res.writableFinished) downloadsCut++;
      });
      return sendDownload(res, downloadPlan, (n) => (downloadSent += n));
    }
    return notFound(res);
  });

  return {
    url: server.url,
    requests: server.requests,
    jobs,
    get epoch() {
      return epoch;
    },
    get downloadSent() {
      return downloadSent;
    },
    get downloadsCut() {
      return downloadsCut;
    },
    count: (prefix) => server.requests.filter((r) => `${r.method} ${r.url}`.startsWith(prefix)).length,
    plan(job, download) {
      jobPlan = job;
      if (download) downloadPlan = download;
    },
    reset() {
      jobs.clear();
      epoch++;
      serial = 0;
      downloadsCut = 0;
      downloadSent = 0;
      server.requests.length = 0;
    },
    close: () => server.close(),
  };
}

async function sendDownload(res: ServerResponse, plan: DownloadPlan, sent: (bytes: number) => void) {
  let payload = plan.gzip === false ? Buffer.from(plan.csv) : gzipSync(plan.csv);
  if (plan.truncateTo !== undefined) payload = payload.subarray(0, plan.truncateTo);
  const headers: Record<string, string | number> = { "content-type": "application/octet-stream" };
  if (plan.dropAfter === undefined) headers["content-length"] = payload.length;
  res.writeHead(200, headers);
  const end = plan.dropAfter ?? payload.length;
  const step = plan.chunkSize ?? end;
  for (let at = 0; at < end; at += step) {
    if (at > 0 && plan.chunkDelay) await new Promise((r) => setTimeout(r, plan.chunkDelay));
    if (res.destroyed) return;
    // Flushed before the next write, so that a drop happens after these bytes, not before them.
    const chunk = payload.subarray(at, Math.min(at + step, end));
    await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
    sent(chunk.length);
  }
  if (plan.dropAfter !== undefined) res.destroy();
  else res.end();
}
