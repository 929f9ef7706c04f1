// The helper's arguments, checked with defaults applied before the first request.
import { callOptionsOf } from "../kit/call-options.js";
import type { ExportJobFields, ExportRequestOptions, ExportWaitOptions } from "./types.js";

const POLL_DEFAULTS = { initial: 1_000, max: 30_000, factor: 2 };

export function idOf(target: ExportJobFields | string): string {
  const id = typeof target === "string" ? target : typeof target === "object" && target !== null ? target.job_identifier : undefined;
  if (typeof id !== "string" || id.trim() === "") throw new TypeError("exports: expected a job or its job_identifier");
  return id;
}

export function signalOf(options: ExportRequestOptions): AbortSignal | undefined {
  if (typeof options !== "object" || options === null) throw new TypeError("exports: options must be an object");
  const { signal } = options;
  if (signal !== undefined && !isSignal(signal)) throw new TypeError("exports: `signal` must be an AbortSignal");
  return signal;
}

/** `init` for one request: the caller's signal and per-call options, checked. */
export function requestOf(options: ExportRequestOptions): { signal: AbortSignal | undefined; timeout?: number; retry?: ExportRequestOptions["retry"] } {
  return { signal: signalOf(options), ...callOptionsOf("exports", options) };
}

/** The default `maxBytes` of a download: 4 GiB of CSV, some 10 million rows. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 4 * 1024 ** 3;

export function maxBytesOf(options: { maxBytes?: unknown }): number {
  const { maxBytes = DEFAULT_MAX_DOWNLOAD_BYTES } = options;
  if (typeof maxBytes !== "number" || !(maxBytes === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxBytes) && maxBytes > 0))) {
    throw new RangeError(`exports: \`maxBytes\` must be a positive integer or Infinity, got ${String(maxBytes)}`);
  }
  return maxBytes;
}

/** `rows()`'s `maxRowLength`, checked before any request (the parser's default when it is absent). */
export function maxRowLengthOf(options: { maxRowLength?: unknown }): number | undefined {
  const { maxRowLength } = options;
  if (maxRowLength !== undefined && (typeof maxRowLength !== "number" || !(maxRowLength === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxRowLength) && maxRowLength > 0)))) {
    throw new RangeError(`exports: \`maxRowLength\` must be a positive integer or Infinity, got ${String(maxRowLength)}`);
  }
  return maxRowLength;
}

const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === "object" && value !== null && typeof (value as AbortSignal).aborted === "boolean" && typeof (value as AbortSignal).addEventListener === "function";

/** Every wait option checked, with defaults applied, before the first request. */
export function waitOptions<Job>(options: ExportWaitOptions<Job>) {
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
  // `timeout` here is the whole wait's; each request keeps the client's timeout.
  const call = callOptionsOf("exports", { retry: options.retry });
  return { signal, onStatus: onStatus as ((job: ExportJobFields) => void) | undefined, timeout, cancelOnAbort, interval, call };
}

export type WaitSettings = ReturnType<typeof waitOptions>;
