// `timeout` and `retry`, checked the same way for the client and for one call.
import type { RetryOptions } from "./transport.js";

/** Options of one call, beside openapi-fetch's own (`signal`, `headers`, ...): they override the client's for that call only. */
export interface CallOptions {
  /** Timeout of one attempt of this call, in ms. Default: the client's `timeout`. */
  timeout?: number;
  /** Retries of this call: a count, `false` for none, or finer options (merged over the client's). Default: the client's `retry`. */
  retry?: number | false | RetryOptions;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = { limit: 2, backoffLimit: 10_000, maxRetryAfter: 60_000 };

/** The longest delay a timer takes (2^31-1 ms); a longer one fires at once in Node and browsers. */
export const MAX_TIMER_MS = 2_147_483_647;

export function checkTimeout(where: string, timeout: unknown): number {
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0 || timeout > MAX_TIMER_MS) {
    throw new RangeError(`${where}: \`timeout\` must be a positive number of ms, got ${typeof timeout === "string" ? JSON.stringify(timeout) : String(timeout)}`);
  }
  return timeout;
}

/** `retry` in any of its forms, over `base` (the defaults for the client, the client's for a call). */
export function resolveRetry(where: string, retry: unknown, base: Required<RetryOptions>): Required<RetryOptions> {
  if (retry !== false && typeof retry !== "number" && (typeof retry !== "object" || retry === null)) {
    throw new TypeError(`${where}: \`retry\` must be a number, false or { limit, backoffLimit, maxRetryAfter }`);
  }
  const given = typeof retry === "object" ? retry : { limit: retry === false ? 0 : retry };
  const resolved = { ...base, ...given } as Required<RetryOptions>;
  for (const [name, value] of Object.entries(resolved)) {
    if (!(name in base)) throw new TypeError(`${where}: unknown option \`retry.${name}\`; known: ${Object.keys(base).join(", ")}`);
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${where}: \`retry.${name}\` must be a non-negative integer, got ${value}`);
    if (name !== "limit" && value > MAX_TIMER_MS) {
      throw new RangeError(`${where}: \`retry.${name}\` must be at most ${MAX_TIMER_MS} ms (about 24.8 days), got ${value}`);
    }
  }
  return resolved;
}
