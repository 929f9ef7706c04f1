// Polling a job to its end: the delays between checks, the stop signal, and how a job ends.
import { ExportJobError } from "./errors.js";
import type { ExportJobFields, PollInterval } from "./types.js";

export const SUCCEEDED = new Set(["completed", "complete", "no_data"]);
export const ENDED = new Set([...SUCCEEDED, "failed", "canceled"]);

/**
 * The delay before status check `attempt + 1`: exponential, capped, then drawn in [½, 1] of itself.
 * With `factor` >= 2 the delays never shrink, jitter included, until the cap.
 */
export function pollDelay(attempt: number, interval: Required<PollInterval>, random = Math.random): number {
  const nominal = Math.min(interval.max, interval.initial * interval.factor ** attempt);
  return nominal * (1 - random() / 2);
}

/** The caller's signal and the deadline as one signal; `timedOut` tells which fired. */
export class Stop {
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

export function settle(id: string, job: ExportJobFields): ExportJobFields {
  if (SUCCEEDED.has(job.status!)) return job;
  const what = job.status === "failed" ? "failed on Intercom's side" : "was canceled";
  throw new ExportJobError(`export job ${id} ${what}`, job.status as "failed" | "canceled", job);
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `download_expires_at` as ms: UNIX seconds in a string (the spec's example), or a date; `undefined` when empty. */
export function expiresAt(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
