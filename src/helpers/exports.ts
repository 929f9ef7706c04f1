// Content data exports: create a job for a date range, poll it to its end, cancel it, then download
// the gzipped CSV and parse it. Intercom allows one active job per workspace and keeps a finished
// export for two days; everything here is the loop users would otherwise write by hand.
import { IntercomError, type FetchResult } from "../core/errors.js";
import { sleep } from "../core/sleep.js";

// ---- types, from the version's `operations` and `components` ----

type JsonOk<O> = O extends { responses: { 200: { content: { "application/json": infer T } } } } ? T : never;

/** The version's `data_export`: what create, get, cancel and wait resolve to. */
export type ExportJob<Ops> = Ops extends { getDataExport: infer O } ? JsonOk<O> : never;

/**
 * One parsed line of the export: the version's `data_export_csv` schema. Integer columns are numbers
 * (an empty cell is `undefined`), every other column is the cell's text.
 */
export type ExportRow<Components> = Components extends { schemas: { data_export_csv: infer R } }
  ? R
  : Record<string, string | number | undefined>;

/** The fields every version's `data_export` has, optional in some: what errors carry. */
export interface ExportJobFields {
  job_identifier?: string;
  /**
   * How the `data_export` schema of 2.7 to 2.10, 2.12, 2.13 and Unstable spells `job_identifier`
   * (their examples, like Intercom, say `job_identifier`): a job is identified by either.
   */
  job_identfier?: string;
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

/** Options of one request. */
export interface ExportRequestOptions {
  /** Cancels the request in flight (not the job: see `exports.cancel()`). */
  signal?: AbortSignal;
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
  download(job: ExportJob<Ops> | string, options?: ExportRequestOptions): Promise<ReadableStream<Uint8Array>>;
  /**
   * The export's rows, parsed as they arrive. A `no_data` job has none. Needs csv-parse's web-streams
   * parser, which uses Node's `Buffer` and `node:stream/web` (Node, Deno, Bun); elsewhere (browsers,
   * workerd) it rejects with a `TypeError` saying so, before any request. `download()` runs anywhere.
   */
  rows(job: ExportJob<Ops> | string, options?: ExportRequestOptions): AsyncIterableIterator<ExportRow<Components>>;
}

// ---- errors ----

/** Why an `ExportJobError` was thrown. */
export type ExportJobErrorReason = "failed" | "canceled" | "timeout" | "not_completed" | "expired";

/** A job that ended or stands where the call cannot go on: failed, canceled, timed out, not downloadable. */
export class ExportJobError extends Error {
  override readonly name = "ExportJobError";
  /** What went wrong: the job `failed` or was `canceled`, waiting hit its `timeout`, or a download found it `not_completed` or `expired`. */
  readonly reason: ExportJobErrorReason;
  /** The job as last seen (after its cancellation, when `wait()` canceled it). */
  readonly job: ExportJobFields;

  constructor(message: string, reason: ExportJobErrorReason, job: ExportJobFields, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
    this.job = job;
  }
}

/**
 * Intercom's answer to a second export while one is active: 429 "Exceeded rate limit of 1 pending
 * message data export jobs". Not a rate limit that passes in a few seconds: it lasts until the
 * active job ends, so it is not retried.
 */
export class ExportLimitError extends IntercomError {
  override readonly name: string = "ExportLimitError";
  constructor(error: IntercomError) {
    super(
      `Intercom allows one active export job per workspace and another one is pending or in progress (${error.message}): ` +
        "wait for it to end or cancel it, or let exports.run() wait with `waitIfBusy: true`",
      { status: error.status, errors: error.errors, requestId: error.requestId, response: error.response, cause: error },
    );
  }
}

// ---- the helper ----

/** What the helper needs of the core client. */
export interface ExportsClient {
  request(method: "get" | "post", path: string, init: Record<string, unknown>): Promise<FetchResult<unknown>>;
}

const SUCCEEDED = new Set(["completed", "complete", "no_data"]);
const ENDED = new Set([...SUCCEEDED, "failed", "canceled"]);
const DOWNLOADABLE = new Set(["completed", "complete"]);
const POLL_DEFAULTS = { initial: 1_000, max: 30_000, factor: 2 };

export function createExports<Ops, Components>(client: ExportsClient): Exports<Ops, Components> {
  type Job = ExportJob<Ops>;
  type Row = ExportRow<Components>;

  async function send(method: "get" | "post", path: string, init: Record<string, unknown>): Promise<ExportJobFields> {
    const result = await client.request(method, path, init);
    if (!result.response.ok) {
      const error = IntercomError.from(result);
      if (result.response.status === 429 && ONE_JOB_LIMIT.test(error.message)) throw new ExportLimitError(error);
      throw error;
    }
    return result.data as ExportJobFields;
  }

  const create = async (range: ExportRange, options: ExportRequestOptions = {}) =>
    (await send("post", "/export/content/data", { body: exportBody(range), signal: signalOf(options) })) as Job;

  const get = async (target: Job | string, options: ExportRequestOptions = {}) =>
    (await send("get", `/export/content/data/${encodeURIComponent(idOf(target))}`, { signal: signalOf(options) })) as Job;

  const cancel = async (target: Job | string, options: ExportRequestOptions = {}) =>
    (await send("post", `/export/cancel/${encodeURIComponent(idOf(target))}`, { signal: signalOf(options) })) as Job;

  const check = (id: string, signal: AbortSignal) => send("get", `/export/content/data/${encodeURIComponent(id)}`, { signal });

  /**
   * Polls until the job ends, from `known` when given (else one check first). `stop` carries the
   * caller's signal and the deadline; when it fires, the job is canceled before rejecting.
   */
  async function pollToEnd(id: string, known: ExportJobFields | undefined, stop: Stop, options: WaitSettings): Promise<Job> {
    let job = known;
    let reported: string | undefined;
    try {
      job ??= await check(id, stop.signal);
      for (let attempt = 0; ; attempt++) {
        if (job.status !== reported) {
          reported = job.status;
          options.onStatus?.(job);
        }
        if (ENDED.has(job.status!)) return settle(id, job) as Job;
        await sleep(pollDelay(attempt, options.interval), stop.signal);
        job = await check(id, stop.signal);
      }
    } catch (error) {
      if (!stop.signal.aborted || error instanceof ExportJobError) throw error;
      const reason = stop.timedOut ? "timeout" : "canceled";
      let last: ExportJobFields = job ?? { job_identifier: id };
      if (options.cancelOnAbort && !ENDED.has(last.status!)) {
        try {
          last = await send("post", `/export/cancel/${encodeURIComponent(id)}`, {});
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
          job = await send("post", "/export/content/data", { body, signal: stop.signal });
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

  async function fetchBytes(id: string, signal: AbortSignal | undefined): Promise<ReadableStream<Uint8Array>> {
    const result = await client.request("get", `/download/content/data/${encodeURIComponent(id)}`, {
      headers: { Accept: "application/octet-stream" },
      parseAs: "stream",
      signal,
    });
    if (!result.response.ok) throw IntercomError.from(result);
    const body = result.data as ReadableStream<Uint8Array> | null | undefined;
    return body ? gunzipIfGzip(body, id) : emptyStream();
  }

  async function download(target: Job | string, options: ExportRequestOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const signal = signalOf(options);
    const id = await downloadable(target, options);
    return id === undefined ? emptyStream() : fetchBytes(id, signal);
  }

  function rows(target: Job | string, options: ExportRequestOptions = {}): AsyncIterableIterator<Row> {
    idOf(target);
    const signal = signalOf(options);
    return (async function* () {
      // First, so a runtime without the parser hears so before any request.
      const { parse } = await loadCsvParse();
      const id = await downloadable(target, options);
      if (id === undefined) return;
      const bytes = await fetchBytes(id, signal);
      const reader = bytes.pipeThrough(parse({ columns: true, bom: true })).getReader();
      let finished = false;
      try {
        for (let n = 1; ; n++) {
          const next = await reader.read();
          if (next.done) break;
          yield typed(next.value, n) as Row;
        }
        finished = true;
      } finally {
        // Stopping early (break, return, an error in the loop body) cancels the download.
        if (!finished) await reader.cancel().catch(() => {});
      }
    })();
  }

  return { create, get, cancel, wait, run, download, rows };
}

// ---- input ----

const ONE_JOB_LIMIT = /pending\b.*\bexport jobs?\b/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DAY = 86_400;

/** The request body for `range`, or a TypeError/RangeError naming what is wrong with it. */
export function exportBody(range: ExportRange, now = Date.now()) {
  if (typeof range !== "object" || range === null) throw new TypeError("exports: expected { from, to }");
  const nowSeconds = Math.floor(now / 1000);
  const from = instant("from", range.from);
  const to = instant("to", range.to);
  for (const [name, value] of [["from", from], ["to", to]] as const) {
    if (value.start > nowSeconds) {
      throw new RangeError(`exports: \`${name}\` ${describe(range[name])} is in the future; an export covers messages already sent`);
    }
  }
  const after = from.start;
  const before = Math.min(to.end, nowSeconds);
  if (after > before) throw new RangeError(`exports: \`from\` ${describe(range.from)} is after \`to\` ${describe(range.to)}`);
  return { created_at_after: after, created_at_before: before };
}

/** An instant as UNIX seconds, or a whole UTC day as its first and last second. */
function instant(name: string, value: ExportDate): { start: number; end: number } {
  const fail = (why: string): never => {
    throw new TypeError(`exports: \`${name}\` ${why}`);
  };
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) fail("is an invalid Date");
    const s = Math.floor(ms / 1000);
    return { start: s, end: s };
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) fail(`must be UNIX seconds (a non-negative integer), got ${value}`);
    if (value > 1e11) fail(`looks like milliseconds (${value}); give UNIX seconds`);
    return { start: value, end: value };
  }
  if (typeof value === "string") {
    const day = DATE_ONLY.exec(value);
    if (day) {
      const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
      if (new Date(ms).toISOString().slice(0, 10) !== value) fail(`${JSON.stringify(value)} is not a calendar date`);
      return { start: ms / 1000, end: ms / 1000 + DAY - 1 };
    }
    if (DATE_TIME.test(value)) {
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) fail(`${JSON.stringify(value)} is not a valid date-time`);
      const s = Math.floor(ms / 1000);
      return { start: s, end: s };
    }
    fail(`${JSON.stringify(value)} is neither a date (2026-01-31) nor a date-time with Z or an offset (2026-01-31T12:00:00Z)`);
  }
  return fail("must be a Date, an ISO 8601 string or UNIX seconds");
}

const describe = (value: ExportDate) => (value instanceof Date ? value.toISOString() : JSON.stringify(value));

function idOf(target: ExportJobFields | string): string {
  const id = typeof target === "string" ? target : typeof target === "object" && target !== null ? (target.job_identifier ?? target.job_identfier) : undefined;
  if (typeof id !== "string" || id.trim() === "") throw new TypeError("exports: expected a job or its job_identifier");
  return id;
}

function signalOf(options: ExportRequestOptions): AbortSignal | undefined {
  if (typeof options !== "object" || options === null) throw new TypeError("exports: options must be an object");
  const { signal } = options;
  if (signal !== undefined && !isSignal(signal)) throw new TypeError("exports: `signal` must be an AbortSignal");
  return signal;
}

const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === "object" && value !== null && typeof (value as AbortSignal).aborted === "boolean" && typeof (value as AbortSignal).addEventListener === "function";

/** Every wait option checked, with defaults applied, before the first request. */
function waitOptions<Job>(options: ExportWaitOptions<Job>) {
  if (typeof options !== "object" || options === null) throw new TypeError("exports: options must be an object");
  const signal = signalOf(options);
  const { onStatus, timeout, cancelOnAbort = true } = options;
  if (onStatus !== undefined && typeof onStatus !== "function") throw new TypeError("exports: `onStatus` must be a function");
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0 || timeout > 2_147_483_647)) {
    throw new RangeError(`exports: \`timeout\` must be a positive number of ms, got ${timeout}`);
  }
  if (typeof cancelOnAbort !== "boolean") throw new TypeError("exports: `cancelOnAbort` must be a boolean");
  const interval = { ...POLL_DEFAULTS, ...options.interval };
  for (const name of ["initial", "max"] as const) {
    const value = interval[name];
    if (!Number.isFinite(value) || value <= 0 || value > 2_147_483_647) {
      throw new RangeError(`exports: \`interval.${name}\` must be a positive number of ms, got ${value}`);
    }
  }
  if (interval.max < interval.initial) throw new RangeError(`exports: \`interval.max\` (${interval.max}) is below \`interval.initial\` (${interval.initial})`);
  if (!Number.isFinite(interval.factor) || interval.factor < 1) {
    throw new RangeError(`exports: \`interval.factor\` must be a number >= 1, got ${interval.factor}`);
  }
  return { signal, onStatus: onStatus as ((job: ExportJobFields) => void) | undefined, timeout, cancelOnAbort, interval };
}

type WaitSettings = ReturnType<typeof waitOptions>;

// ---- polling ----

/**
 * The delay before status check `attempt + 1`: exponential, capped, then drawn in [½, 1] of itself.
 * With `factor` >= 2 the delays never shrink, jitter included, until the cap.
 */
export function pollDelay(attempt: number, interval: Required<PollInterval>, random = Math.random): number {
  const nominal = Math.min(interval.max, interval.initial * interval.factor ** attempt);
  return nominal * (1 - random() / 2);
}

/** The caller's signal and the deadline as one signal; `timedOut` tells which fired. */
class Stop {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  timedOut = false;

  constructor(signal: AbortSignal | undefined, timeout: number | undefined) {
    this.#caller = signal;
    if (signal?.aborted) this.#controller.abort(signal.reason);
    else signal?.addEventListener("abort", this.#onAbort);
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.#controller.abort(new DOMException(`timed out after ${timeout} ms`, "TimeoutError"));
      }, timeout);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  #onAbort = () => this.#controller.abort(this.#caller!.reason);

  dispose() {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onAbort);
  }
}

function settle(id: string, job: ExportJobFields): ExportJobFields {
  if (SUCCEEDED.has(job.status!)) return job;
  const what = job.status === "failed" ? "failed on Intercom's side" : "was canceled";
  throw new ExportJobError(`export job ${id} ${what}`, job.status as "failed" | "canceled", job);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `download_expires_at` as ms: UNIX seconds in a string (the spec's example), or a date; `undefined` when empty. */
function expiresAt(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---- download ----

const emptyStream = () => new ReadableStream<Uint8Array>({ start: (c) => c.close() });

/**
 * Reads the first bytes: a gzip member starts with 1f 8b, whatever Content-Type or Content-Encoding
 * say (a fetch that honoured `Content-Encoding: gzip` has already inflated it, and this sees CSV).
 */
async function gunzipIfGzip(body: ReadableStream<Uint8Array>, id: string): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    head = concat(head, value);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) return fromReader(reader, head);
  // zlib's own words ("unexpected end of file") do not say which stream broke.
  const relabel = (error: unknown) => new Error(`the download of export job ${id} is not valid gzip or was cut short: ${messageOf(error)}`, { cause: error });
  return inflate(reader, head, relabel);
}

const FED = Symbol("fed");

/** `promise`, marked as handled: of a read and a write raced, the loser may reject unobserved. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * Gunzips `head` then `source`, reading compressed bytes only while the consumer waits for inflated
 * ones. Not `pipeThrough(new DecompressionStream("gzip"))`: the writable side of Node 20's
 * DecompressionStream never signals backpressure, so behind a slow reader (a CSV parser) the pipe
 * would pull the whole download into memory.
 */
function inflate(source: ReadableStreamDefaultReader<Uint8Array>, head: Uint8Array, relabel: (error: unknown) => unknown) {
  // Its writable side is typed for any BufferSource; a Uint8Array is one.
  const gunzip = new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const input = gunzip.writable.getWriter();
  const output = gunzip.readable.getReader();
  let next: Uint8Array | undefined = head;
  let ended = false;
  let reading: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  let feeding: Promise<typeof FED> | undefined;

  /** Moves one compressed chunk (or the end) from the source into the gunzip. */
  async function feed(): Promise<typeof FED> {
    const chunk = next ?? (await source.read()).value;
    next = undefined;
    if (chunk === undefined) {
      ended = true;
      await input.close();
    } else {
      await input.write(chunk);
    }
    return FED;
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          reading ??= handled(output.read());
          for (;;) {
            if (!ended) feeding ??= handled(feed().finally(() => (feeding = undefined)));
            const result = await (feeding ? Promise.race([reading, feeding]) : reading);
            if (result === FED) continue;
            reading = undefined;
            if (result.done) controller.close();
            else controller.enqueue(result.value);
            return;
          }
        } catch (error) {
          controller.error(relabel(error));
          void source.cancel(error).catch(() => {});
        }
      },
      async cancel(reason) {
        await Promise.allSettled([source.cancel(reason), input.abort(reason), output.cancel(reason)]);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A pull-through stream over `reader`: `head` first, errors renamed by `relabel`, cancel passed on. */
function fromReader(reader: ReadableStreamDefaultReader<Uint8Array>, head?: Uint8Array, relabel = (error: unknown) => error) {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (head?.length) controller.enqueue(head);
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(relabel(error));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

// ---- rows ----

/**
 * The integer columns of `data_export_csv`, the same in every pinned version (test/exports.test.ts
 * checks each pinned spec against this list, so a version that changes them fails there).
 */
export const INTEGER_COLUMNS = new Set([
  "received_at",
  "first_reply",
  "first_completion",
  "first_series_completion",
  "first_series_disengagement",
  "first_series_exit",
  "first_goal_success",
  "first_open",
  "first_click",
  "first_dismisall",
  "first_unsubscribe",
  "first_hard_bounce",
]);

const INTEGER = /^-?\d+$/;

/**
 * Row `n` (1 is the first after the header) with its integer columns as numbers, an empty cell as
 * `undefined`. Done here rather than by csv-parse's `cast` option, which makes it ten times slower.
 */
function typed(row: Record<string, unknown>, n: number): Record<string, unknown> {
  for (const column of INTEGER_COLUMNS) {
    const value = row[column];
    if (typeof value !== "string") continue;
    if (value === "") row[column] = undefined;
    else if (INTEGER.test(value)) row[column] = Number(value);
    else throw new TypeError(`export CSV row ${n}: \`${column}\` should be an integer (data_export_csv), got ${JSON.stringify(value)}`);
  }
  return row;
}

interface CsvParseModule {
  parse(options: { columns: true; bom: true }): TransformStream<Uint8Array, Record<string, unknown>>;
}

// Loaded on first use, by a specifier TypeScript does not follow: csv-parse's types reference
// Node's, which would otherwise enter the library's Node-free type check, and its web-streams
// entry imports node:stream/web, which would otherwise stop the client loading where that is missing.
const CSV_PARSE = "csv-parse/stream";
let csvParse: Promise<CsvParseModule> | undefined;
const NEEDS = "exports.rows() needs csv-parse's web-streams parser, which runs on Node, Deno and Bun (it uses Node's Buffer)";
const loadCsvParse = () =>
  (csvParse ??= (
    // Where Buffer is missing (a browser, a worker) csv-parse would crash mid-parse, or not load at all.
    typeof (globalThis as { Buffer?: unknown }).Buffer !== "function"
      ? Promise.reject(new TypeError(`${NEEDS}; this runtime has no Buffer: read exports.download() with a CSV parser of your own`))
      : (import(CSV_PARSE) as Promise<CsvParseModule>).catch((error: unknown) => {
          throw new TypeError(`${NEEDS}; it could not be loaded here (${(error as Error)?.message ?? error}): read exports.download() with a CSV parser of your own`, { cause: error });
        })
  ).catch((error: unknown) => {
    csvParse = undefined;
    throw error;
  }));
