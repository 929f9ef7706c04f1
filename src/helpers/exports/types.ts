// The export helper's public types, read from the version's `operations` and `components`.
import type { CallOptions } from "../../core/call-options.js";

// ---- types, from the version's `operations` and `components` ----

type JsonOk<O> = O extends { responses: { 200: { content: { "application/json": infer T } } } } ? T : never;

/** The version's `data_export`: what create, get, cancel and wait resolve to. */
export type ExportJob<Ops> = Ops extends { getDataExport: infer O } ? JsonOk<O> : never;

/**
 * One parsed line of the export: the version's `data_export_csv` schema. Integer columns are numbers
 * (an empty cell is `undefined`), every other column is the cell's text.
 */
export type ExportRow<Components> = Components extends { schemas: { data_export_csv: infer R } } ? R : Record<string, string | number | undefined>;

/** The fields every version's `data_export` has, optional in some: what errors carry. */
export interface ExportJobFields {
  job_identifier?: string;
  status?: string;
  download_url?: string;
  download_expires_at?: string;
}

/**
 * A day or an instant: a `Date`; an ISO 8601 string, either a date (`"2026-01-31"`, a whole UTC day)
 * or a date-time with `Z` or an offset (`"2026-01-31T12:00:00+01:00"`); or UNIX seconds (an integer).
 */
export type ExportDate = Date | string | number;

/**
 * The messages to export, by the time they were sent. Sent as `created_at_after` = `from` and
 * `created_at_before` = `to`, both UNIX seconds, which Intercom treats as inclusive.
 */
export interface ExportRange {
  /** First instant exported. A date means 00:00:00 UTC of that day. Not in the future. */
  from: ExportDate;
  /**
   * Last instant exported, inclusive. A date means 23:59:59 UTC of that day, or the current second
   * when that day is today. Not in the future, and not before `from`.
   */
  to: ExportDate;
}

/** The delays between two status checks: `initial`, then times `factor` after each, at most `max`. */
export interface PollInterval {
  /** First delay, in ms. Default 1 000. */
  initial?: number;
  /** Longest delay, in ms. Default 30 000. */
  max?: number;
  /** Growth of the delay after each check that finds the job still running. Default 2. */
  factor?: number;
}

/** Options of one request; `timeout` and `retry` apply to each request it makes. */
export interface ExportRequestOptions extends CallOptions {
  /** Cancels the request in flight (not the job: see `exports.cancel()`). */
  signal?: AbortSignal;
}

/** `download()` and `rows()`: a request's options, and a cap on what the download inflates to. */
export interface ExportDownloadOptions extends ExportRequestOptions {
  /**
   * Most bytes of CSV read, once inflated; beyond it the stream errors with `IntercomError` code
   * `"response_too_large"` (a gzip bomb, a faulty proxy). Default 4 GiB; `Infinity` for no cap.
   */
  maxBytes?: number;
}

/** `rows()`: `download()`'s options, and a cap on one row's length. */
export interface ExportRowsOptions extends ExportDownloadOptions {
  /**
   * Most characters held for one row while waiting for its end (a quoted cell's line feeds
   * included); beyond it the rows end with `IntercomError` code `"row_too_large"` and the download
   * is canceled (a malformed export, a line that never ends). Default 1 MiB (1,048,576); `Infinity`
   * for no cap.
   */
  maxRowLength?: number;
}

/** How `wait()` polls, and when it gives up. */
export interface ExportWaitOptions<Job> {
  /**
   * Stops waiting: the job is canceled on Intercom's side (unless `cancelOnAbort` is `false`), then
   * `wait()` rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Called with the job once per status: the first one seen, then each change. */
  onStatus?: (job: Job) => void;
  /**
   * Delays between status checks. Each delay is drawn between half and all of its nominal value
   * (jitter), so that clients started together do not poll together.
   */
  interval?: PollInterval;
  /**
   * Longest wait, in ms. When it passes, the job is canceled (unless `cancelOnAbort` is `false`) and
   * `wait()` rejects with an `ExportJobError` whose `reason` is `"timeout"`. Default: none.
   */
  timeout?: number;
  /** Whether an abort or a timeout cancels the job on Intercom's side. Default `true`. */
  cancelOnAbort?: boolean;
  /** Retries of each status check (and of the create, in `run()`): as the client's `retry`. Default: the client's. */
  retry?: CallOptions["retry"];
}

/** `run()`'s options: the range to export and how to wait for it. */
export interface ExportRunOptions<Job> extends ExportRange, ExportWaitOptions<Job> {
  /**
   * When another export job is active (Intercom allows one per workspace), keep trying to create
   * this one, with the `interval` backoff, until it is accepted, `timeout` passes or `signal` aborts.
   * Default `false`: `run()` rejects with `ExportLimitError`.
   */
  waitIfBusy?: boolean;
}

/** `intercom.exports`: the content data export, as one call or step by step. */
export interface Exports<Ops, Components> {
  /**
   * Starts an export job for messages sent in `range` (see `ExportRange` for what is sent). Rejects
   * with `ExportLimitError` when another job is still active in the workspace. Not retried: a create
   * that failed may still have started a job.
   */
  create(range: ExportRange, options?: ExportRequestOptions): Promise<ExportJob<Ops>>;
  /** The job's current state: one status check. */
  get(job: ExportJob<Ops> | string, options?: ExportRequestOptions): Promise<ExportJob<Ops>>;
  /** Cancels a pending or running job; resolves with the job as Intercom answers. */
  cancel(job: ExportJob<Ops> | string, options?: ExportRequestOptions): Promise<ExportJob<Ops>>;
  /**
   * Polls the job until it ends. Resolves with the final job when it is `completed` (or `complete`)
   * or `no_data`; rejects with `ExportJobError` when it is `failed` or `canceled`.
   */
  wait(job: ExportJob<Ops> | string, options?: ExportWaitOptions<ExportJob<Ops>>): Promise<ExportJob<Ops>>;
  /** `create()` then `wait()`; `timeout` and `signal` cover both. */
  run(options: ExportRunOptions<ExportJob<Ops>>): Promise<ExportJob<Ops>>;
  /**
   * The export's CSV as bytes, decompressed on the fly when the download is gzip (recognised by its
   * first bytes, whatever the headers say). Given an id, the job is fetched first. Rejects with
   * `ExportJobError` when the job has not completed or its download has expired; a `no_data` job
   * gives an empty stream. The job's `download_url` is not followed: the token is only ever sent to
   * the client's own base URL.
   */
  download(job: ExportJob<Ops> | string, options?: ExportDownloadOptions): Promise<ReadableStream<Uint8Array>>;
  /**
   * The export's rows, parsed as they arrive and read no faster than they are taken. A `no_data` job
   * has none. Web APIs only: runs wherever `fetch` does.
   */
  rows(job: ExportJob<Ops> | string, options?: ExportRowsOptions): AsyncIterableIterator<ExportRow<Components>>;
}
