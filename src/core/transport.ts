import ky, { HTTPError, TimeoutError } from "ky";
import { Deadline, discard, keepForBody } from "./body-limits.js";
import type { CallEvents } from "./call-events.js";
import { type CallOptions, checkTimeout, resolveRetry } from "./call-options.js";
import { IntercomError } from "./errors.js";
import { isConnectionRefused, isNetworkError } from "./network-errors.js";
import { followRedirects } from "./redirects.js";
import type { Scheduler } from "./scheduler.js";
import { sleep } from "./sleep.js";

/** How failed requests are retried. Which requests may be retried at all is fixed: see `isRetryable`. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retrying off. */
  limit?: number;
  /** Upper bound of one backoff delay, in ms, before jitter. Default 10 000. */
  backoffLimit?: number;
  /**
   * Longest wait, in ms, that a `Retry-After` or `X-RateLimit-Reset` may ask for. A response that
   * asks for longer is returned to the caller instead of being retried. Default 60 000.
   */
  maxRetryAfter?: number;
}

export interface TransportOptions {
  /** Per-attempt timeout in ms. */
  timeout: number;
  retry: Required<RetryOptions>;
  /** The fetch that actually sends; defaults to the global one at call time. */
  fetch?: typeof globalThis.fetch;
  /** Shared by every request of the client: admits each attempt when the rate-limit window has room. */
  scheduler: Scheduler;
  /** POST paths that only read (the version manifest's `readOnlyPosts`), retried like a GET. */
  readOnlyPosts: readonly string[];
  /** Told of resends and holds, when something observes them (logging at debug, tracing). */
  events?: CallEvents;
}

export const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Whether a request may be sent twice. Idempotent methods may; so may a POST to a path the
 * version's manifest lists as read-only (its search endpoints). Any other POST or PATCH may have
 * been applied by the time it failed, so repeating it could duplicate a write. The match is on the
 * end of the path, so a `baseUrl` with a path prefix (a proxy) keeps it.
 */
export function isRetryable(method: string, url: string, readOnlyPosts: readonly string[]): boolean {
  if (IDEMPOTENT_METHODS.has(method)) return true;
  if (method !== "POST") return false;
  const { pathname } = new URL(url);
  return readOnlyPosts.some((path) => pathname.endsWith(path));
}

/**
 * Whether a 429 is Intercom's rate limit refusing the call: its window headers say the window is
 * used up (`X-RateLimit-Remaining: 0`). Such a call was not applied, so it is resent after the reset
 * whatever its method. Any other 429 (the exports API's "one active job" answer, sent from a window
 * with calls left) follows `isRetryable`.
 */
export function isRateLimited(response: Response): boolean {
  return response.status === 429 && response.headers.get("x-ratelimit-remaining") === "0";
}

/**
 * The fetch given to openapi-fetch: ky adds the timeout, retries with exponential backoff and
 * full jitter, and honours `Retry-After` / `X-RateLimit-Reset`. HTTP errors come back as responses,
 * because openapi-fetch turns them into `{ error }`; transport failures become `IntercomError`.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { scheduler, readOnlyPosts, events } = options;
  const follow = followRedirects((input, init) => (options.fetch ?? globalThis.fetch)(input, init));
  // Headers are read here rather than in an afterResponse hook, which would clone every body.
  // Every attempt is admitted by the scheduler first, and released here whatever its outcome.
  const send = async (input: Request, init?: RequestInit) => {
    let response: Response | undefined;
    try {
      response = await follow(input, init);
      return response;
    } finally {
      scheduler.release(response);
    }
  };
  // Retries go through ky. The first attempt does not: ky copies the request twice and joins
  // signals on every call, which costs more than the request itself against a fast server
  // (bench/requests.mjs), and most requests never need a retry.
  const viaKy = (request: Request, limit: number, retryable: boolean, timeout: number, retry: Required<RetryOptions>, call: Request) => {
    // What the observers are told of each resend: why the last attempt failed, and since when.
    let failedAt = 0;
    let reason = "";
    let attemptNo = 2;
    return ky(request, {
      fetch: send as typeof globalThis.fetch,
      timeout,
      throwHttpErrors: true,
      hooks: {
        // Per attempt, so a retry waits for the reset too; outside the attempt's timeout.
        beforeRequest: [(attempt) => admit(attempt.signal, call, attemptNo)],
        beforeRetry: [
          () => {
            attemptNo++;
            events?.retry(call, { attempt: attemptNo, reason, delayMs: performance.now() - failedAt });
          },
        ],
      },
      retry: {
        limit,
        methods: ["get", "head", "options", "put", "delete", "post", "patch"],
        statusCodes: RETRY_STATUS_CODES,
        afterStatusCodes: [429, 503],
        backoffLimit: retry.backoffLimit,
        maxRetryAfter: retry.maxRetryAfter,
        // One step on from ky's default: the first attempt, made outside ky, took the first step.
        delay: (attemptCount) => 300 * 2 ** attemptCount,
        jitter: true,
        retryOnTimeout: true,
        shouldRetry: ({ error }) => {
          if (events?.observers.length) (failedAt = performance.now()), (reason = reasonOf(error));
          const rateLimited = error instanceof HTTPError && isRateLimited(error.response);
          if (!retryable && !rateLimited) return isConnectionRefused(error);
          if (error instanceof HTTPError && waitAskedFor(error.response) > retry.maxRetryAfter) return false;
          return undefined;
        },
      },
    });
  };

  /** The scheduler's admission of one attempt; how long it was held is measured only when observed. */
  const admit = (signal: AbortSignal, call: Request, attemptNo: number) => {
    const admitted = scheduler.acquire(signal);
    if (!admitted || !events?.observers.length) return admitted;
    const from = performance.now();
    return admitted.then(() => events.hold(call, { attempt: attemptNo, waitMs: performance.now() - from }));
  };

  /** One attempt, once the scheduler admits it, with its own timeout, cancelled by the caller's signal. */
  const attempt = async (request: Request, timeout: number): Promise<Response> => {
    const admitted = admit(request.signal, request, 1);
    if (admitted) await admitted;
    if (request.signal.aborted) {
      scheduler.release();
      throw request.signal.reason;
    }
    // Armed until the body has been read (by the client's body checks), not only until headers.
    const deadline = new Deadline(request.signal, timeout, () => new TimeoutError(request));
    try {
      return keepForBody(await send(request, { signal: deadline.signal }), deadline);
    } catch (error) {
      deadline.dispose();
      throw deadline.signal.reason instanceof TimeoutError ? deadline.signal.reason : error;
    }
  };

  /** A response from ky (a retry): its body gets a deadline of its own, ky's ending with the headers. */
  const afterRetry = (request: Request, response: Response, timeout: number) => keepForBody(response, new Deadline(request.signal, timeout, () => new TimeoutError(request)));

  return async (request) => {
    let { timeout, retry } = options;
    // openapi-fetch copies init keys a Request lacks onto it: here are the call's own options.
    const own = request as Request & CallOptions;
    if (own.timeout !== undefined || own.retry !== undefined) {
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (own.timeout !== undefined) timeout = checkTimeout(where, own.timeout);
      if (own.retry !== undefined) retry = resolveRetry(where, own.retry, retry);
    }
    const retryable = isRetryable(request.method, request.url, readOnlyPosts);
    try {
      // Kept for a retry, since the first attempt consumes the body.
      const spare = retry.limit > 0 && request.body ? request.clone() : request;
      let response: Response | undefined;
      let firstFailure: unknown;
      try {
        response = await attempt(request, timeout);
      } catch (error) {
        firstFailure = error;
        const transient = error instanceof TimeoutError || isNetworkError(error, request.signal);
        if (retry.limit === 0 || request.signal.aborted || !transient) throw error;
        if (!retryable && !isConnectionRefused(error)) throw error;
      }
      let wait = Math.random() * Math.min(300, retry.backoffLimit);
      if (response) {
        if (retry.limit === 0 || !(retryable || isRateLimited(response)) || !RETRY_STATUS_CODES.includes(response.status)) return response;
        const asked = response.status === 429 || response.status === 503 ? waitAskedFor(response) : 0;
        if (asked > retry.maxRetryAfter) return response;
        if (asked > 0) wait = asked;
        await discard(response);
      }
      await sleep(wait, request.signal);
      if (events?.observers.length) events.retry(request, { attempt: 2, reason: reasonOf(response ?? firstFailure), delayMs: wait });
      return afterRetry(request, await viaKy(spare, retry.limit - 1, retryable, timeout, retry, request), timeout);
    } catch (error) {
      if (error instanceof HTTPError) return afterRetry(request, error.response, timeout);
      // The caller's own reason, where a runtime (workerd) rejects with a copy of it.
      if (request.signal.aborted) throw request.signal.reason;
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (error instanceof TimeoutError) {
        throw new IntercomError(`${where} timed out after ${timeout} ms`, { status: 0, code: "timeout" });
      }
      if (isNetworkError(error, request.signal)) {
        // Keep the low-level cause (ECONNRESET, ENOTFOUND...) but not the request, which holds the token.
        const cause = (error.cause as { code?: string } | undefined)?.code;
        throw new IntercomError(`${where} failed: ${cause ?? error.message}`, {
          status: 0,
          code: "network_error",
          cause: error.cause,
        });
      }
      throw error;
    }
  };
}

/** Why an attempt failed, for the retry events: a status, a timeout or a network error's code. */
function reasonOf(failure: unknown): string {
  const response = failure instanceof HTTPError ? failure.response : failure;
  if (response instanceof Response) return isRateLimited(response) ? `rate limited (${response.status})` : `status ${response.status}`;
  const error = failure;
  if (error instanceof TimeoutError) return "timeout";
  const code = ((error as { cause?: { code?: unknown } } | undefined)?.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? `network error (${code})` : "network error";
}

/** The wait in ms a 429/503 asks for, read the way ky reads it; 0 when it asks for none. */
function waitAskedFor(response: Response): number {
  const value = response.headers.get("retry-after") ?? response.headers.get("x-ratelimit-reset");
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isNaN(seconds)) return Math.max(0, Date.parse(value) - Date.now());
  // Intercom's X-RateLimit-Reset is a UNIX timestamp; Retry-After is a number of seconds.
  return seconds * 1000 >= Date.parse("2024-01-01") ? seconds * 1000 - Date.now() : seconds * 1000;
}
