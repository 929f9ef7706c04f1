// What the export helper throws besides IntercomError.
import { IntercomError } from "../../core/errors.js";
import type { ExportJobFields } from "./types.js";

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
