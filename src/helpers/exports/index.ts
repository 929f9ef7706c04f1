// Content data exports: create a job for a date range, poll it to its end, cancel it, then download
// the gzipped CSV and parse it. Intercom allows one active job per workspace and keeps a finished
// export for two days; everything here is the loop users would otherwise write by hand. The
// operations and the CSV's columns come from the version's manifest.
import { IntercomError } from "../../core/errors.js";
import { sleep } from "../../core/sleep.js";
import { defineHelper, type HelperContext } from "../context.js";
import { capped, emptyStream, gunzipIfGzip } from "./download.js";
import { ExportJobError, ExportLimitError } from "./errors.js";
import { idOf, maxBytesOf, maxRowLengthOf, requestOf, waitOptions, type WaitSettings } from "./options.js";
import { ENDED, expiresAt, messageOf, pollDelay, settle, Stop } from "./poll.js";
import { exportBody } from "./range.js";
import type { ExportColumns } from "./rows.js";
import type { ExportDownloadOptions, ExportJob, ExportJobFields, ExportRange, ExportRequestOptions, ExportRow, ExportRowsOptions, ExportRunOptions, ExportWaitOptions, Exports } from "./types.js";

export { ExportJobError, ExportLimitError, type ExportJobErrorReason } from "./errors.js";
export { exportBody } from "./range.js";
export { pollDelay } from "./poll.js";
export type { ExportColumns } from "./rows.js";
export type * from "./types.js";

const DOWNLOADABLE = new Set(["completed", "complete"]);
const ONE_JOB_LIMIT = /pending\b.*\bexport jobs?\b/i;

/** One export operation of the manifest; `idParam` names the job's id in its path. */
export interface ExportOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly idParam?: string;
}

/** The manifest's `exports`: the four operations, and the CSV's columns with their types. */
export interface ExportsManifest {
  readonly create: ExportOperation;
  readonly get: ExportOperation;
  readonly cancel: ExportOperation;
  readonly download: ExportOperation;
  readonly rows: { readonly schema: string; readonly columns: ExportColumns };
}

/** The export helper: `intercom.exports`, over the operations the manifest names. */
export function createExports<Ops, Components>(ctx: HelperContext<{ readonly exports: ExportsManifest | null }>): Exports<Ops, Components> {
  type Job = ExportJob<Ops>;
  type Row = ExportRow<Components>;
  const manifest: ExportsManifest = ctx.manifest.exports ?? missing();
  const { columns } = manifest.rows;
  const integerColumns = Object.keys(columns).filter((column) => columns[column] === "integer");

  /** `init` for `operation`, with the job's id in its path. */
  const call = (operation: ExportOperation, id: string | undefined, init: Record<string, unknown>) =>
    ctx.request(operation.method as "get", operation.path, operation.idParam ? { ...init, params: { path: { [operation.idParam]: id } } } : init);

  async function send(operation: ExportOperation, id: string | undefined, init: Record<string, unknown>): Promise<ExportJobFields> {
    const result = await call(operation, id, init);
    if (!result.response.ok) {
      const error = IntercomError.from(result);
      if (result.response.status === 429 && ONE_JOB_LIMIT.test(error.message)) throw new ExportLimitError(error);
      throw error;
    }
    return result.data as ExportJobFields;
  }

  const create = async (range: ExportRange, options: ExportRequestOptions = {}) => (await send(manifest.create, undefined, { body: exportBody(range), ...requestOf(options) })) as Job;

  const get = async (target: Job | string, options: ExportRequestOptions = {}) => (await send(manifest.get, idOf(target), requestOf(options))) as Job;

  const cancel = async (target: Job | string, options: ExportRequestOptions = {}) => (await send(manifest.cancel, idOf(target), requestOf(options))) as Job;

  const check = (id: string, signal: AbortSignal, call: WaitSettings["call"]) => send(manifest.get, id, { signal, ...call });

  /**
   * Polls until the job ends, from `known` when given (else one check first). `stop` carries the
   * caller's signal and the deadline; when it fires, the job is canceled before rejecting.
   */
  async function pollToEnd(id: string, known: ExportJobFields | undefined, stop: Stop, options: WaitSettings): Promise<Job> {
    let job = known;
    let reported: string | undefined;
    try {
      job ??= await check(id, stop.signal, options.call);
      for (let attempt = 0; ; attempt++) {
        if (job.status !== reported) {
          reported = job.status;
          options.onStatus?.(job);
        }
        if (ENDED.has(job.status!)) return settle(id, job) as Job;
        await sleep(pollDelay(attempt, options.interval), stop.signal);
        job = await check(id, stop.signal, options.call);
      }
    } catch (error) {
      if (!stop.signal.aborted || error instanceof ExportJobError) throw error;
      const reason = stop.timedOut ? "timeout" : "canceled";
      let last: ExportJobFields = job ?? { job_identifier: id };
      if (options.cancelOnAbort && !ENDED.has(last.status!)) {
        try {
          last = await send(manifest.cancel, id, { ...options.call });
        } catch (cancelError) {
          throw new ExportJobError(`export job ${id} was left running: canceling it failed (${messageOf(cancelError)})`, reason, last, { cause: cancelError });
        }
      }
      if (!stop.timedOut) throw stop.signal.reason;
      const fate = options.cancelOnAbort ? "it has been canceled" : "it was left running";
      throw new ExportJobError(`export job ${id} was still ${job?.status ?? "unchecked"} after ${options.timeout} ms: ${fate}`, reason, last);
    }
  }

  async function wait(target: Job | string, options: ExportWaitOptions<Job> = {}): Promise<Job> {
    const id = idOf(target);
    const settings = waitOptions(options);
    const stop = new Stop(settings.signal, settings.timeout);
    try {
      // A job given as an object is reported as it is; an id costs one check first.
      return await pollToEnd(id, typeof target === "string" ? undefined : (target as ExportJobFields), stop, settings);
    } finally {
      stop.dispose();
    }
  }

  async function run(options: ExportRunOptions<Job>): Promise<Job> {
    if (typeof options !== "object" || options === null) throw new TypeError("exports.run: options must be an object");
    const body = exportBody(options);
    const settings = waitOptions(options);
    if (options.waitIfBusy !== undefined && typeof options.waitIfBusy !== "boolean") throw new TypeError("exports: `waitIfBusy` must be a boolean");
    const stop = new Stop(settings.signal, settings.timeout);
    try {
      let job: ExportJobFields | undefined;
      let busy: ExportLimitError | undefined;
      for (let attempt = 0; !job; attempt++) {
        try {
          job = await send(manifest.create, undefined, { body, signal: stop.signal, ...settings.call });
        } catch (error) {
          // Stopped before a job was known: nothing to cancel. Out of time while another job ran:
          // the last refusal says why better than a bare timeout.
          if (stop.signal.aborted) throw stop.timedOut && busy ? busy : stop.signal.reason;
          if (!(error instanceof ExportLimitError) || !options.waitIfBusy) throw error;
          busy = error;
          await sleep(pollDelay(attempt, settings.interval), stop.signal).catch(() => {
            throw stop.timedOut ? busy : stop.signal.reason;
          });
        }
      }
      return await pollToEnd(idOf(job), job, stop, settings);
    } finally {
      stop.dispose();
    }
  }

  /** The id of a job that can be downloaded (completed, not expired), or `undefined` for a `no_data` job. */
  async function downloadable(target: Job | string, options: ExportRequestOptions): Promise<string | undefined> {
    const id = idOf(target);
    const job = typeof target === "string" ? await get(id, options) : (target as ExportJobFields);
    if (job.status === "no_data") return undefined;
    if (!DOWNLOADABLE.has(job.status!)) {
      throw new ExportJobError(`export job ${id} is ${job.status}, not completed: wait for it with exports.wait() before downloading`, "not_completed", job);
    }
    const expiry = expiresAt(job.download_expires_at);
    if (expiry !== undefined && expiry <= Date.now()) {
      throw new ExportJobError(`the download of export job ${id} expired at ${new Date(expiry).toISOString()}: create a new export`, "expired", job);
    }
    return id;
  }

  async function fetchBytes(id: string, request: ReturnType<typeof requestOf>, maxBytes: number, seen?: { status: number }): Promise<ReadableStream<Uint8Array>> {
    const result = await call(manifest.download, id, {
      headers: { Accept: "application/octet-stream" },
      parseAs: "stream",
      ...request,
    });
    if (!result.response.ok) throw IntercomError.from(result);
    if (seen) seen.status = result.response.status;
    const body = result.data as ReadableStream<Uint8Array> | null | undefined;
    if (!body) return emptyStream();
    const tooLarge = () =>
      new IntercomError(`the download of export job ${id} is larger than maxBytes (${maxBytes} bytes of CSV once inflated)`, {
        status: result.response.status,
        code: "response_too_large",
      });
    return capped(await gunzipIfGzip(body, id), maxBytes, tooLarge);
  }

  async function download(target: Job | string, options: ExportDownloadOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const request = requestOf(options);
    const maxBytes = maxBytesOf(options);
    const id = await downloadable(target, options);
    return id === undefined ? emptyStream() : fetchBytes(id, request, maxBytes);
  }

  function rows(target: Job | string, options: ExportRowsOptions = {}): AsyncIterableIterator<Row> {
    idOf(target);
    const request = requestOf(options);
    const maxBytes = maxBytesOf(options);
    const maxRowLength = maxRowLengthOf(options);
    return (async function* () {
      const id = await downloadable(target, options);
      if (id === undefined) return;
      // The parser is loaded with the first rows() call, so a program that never parses does not pay for it.
      const seen = { status: 200 };
      const [{ parseExportRows }, bytes] = await Promise.all([import("./rows.js"), fetchBytes(id, request, maxBytes, seen)]);
      yield* parseExportRows(bytes, { integerColumns, signal: request.signal, maxRowLength, status: seen.status }) as AsyncGenerator<Row>;
    })();
  }

  return { create, get, cancel, wait, run, download, rows };
}

function missing(): never {
  throw new TypeError("exports: this version has no content data export operations");
}

/** The export helper as a plugin, for `withHelpers`. */
export const exports = defineHelper("exports", (ctx: HelperContext<{ readonly exports: ExportsManifest | null }>) => ({ exports: createExports(ctx) }));
