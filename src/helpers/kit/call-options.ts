// A helper's per-call options (`timeout`, `retry`), checked when the helper is called, before any
// request, then passed on with each request it makes; the transport applies them.
import { type CallOptions, checkTimeout, RETRY_DEFAULTS, resolveRetry } from "../../core/call-options.js";

export function callOptionsOf(where: string, options: CallOptions): CallOptions {
  const { timeout, retry } = options;
  if (timeout !== undefined) checkTimeout(where, timeout);
  if (retry !== undefined) resolveRetry(where, retry, RETRY_DEFAULTS);
  const call: CallOptions = {};
  if (timeout !== undefined) call.timeout = timeout;
  if (retry !== undefined) call.retry = retry;
  return call;
}
