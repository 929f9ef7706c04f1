import { sleep } from "./sleep.js";

/** What Intercom last said about the rate limit, from `X-RateLimit-*` headers. */
export interface RateLimit {
  /** Requests allowed per window (`X-RateLimit-Limit`). */
  limit: number | undefined;
  /** Requests left in this window (`X-RateLimit-Remaining`). */
  remaining: number | undefined;
  /** When the window resets, UNIX seconds (`X-RateLimit-Reset`). */
  reset: number | undefined;
}

/** Passed to `onRateLimit` when the limit is used up or Intercom answers 429. */
export interface RateLimitEvent extends RateLimit {
  /** The status of the response that reported it (429, or 2xx with nothing remaining). */
  status: number;
  /** How long the client will wait before its next request, in ms (0 when it will not). */
  waitMs: number;
}

export interface RateLimiterOptions {
  /** Wait for the reset instead of sending into a used-up limit (default true). */
  wait: boolean;
  /** Longest wait, in ms; a reset further away is not waited for. */
  maxWaitMs: number;
  onRateLimit?: (event: RateLimitEvent) => void;
}

/**
 * Tracks the limit across every request of one client. When Remaining reaches 0, the next request
 * waits for the reset rather than collecting a 429 that costs a round trip and a retry.
 */
export function createRateLimiter(options: RateLimiterOptions) {
  const state: RateLimit = { limit: undefined, remaining: undefined, reset: undefined };
  const waitMs = () => {
    if (!options.wait || state.remaining !== 0 || state.reset === undefined) return 0;
    const ms = state.reset * 1000 - Date.now();
    return ms > 0 && ms <= options.maxWaitMs ? ms : 0;
  };
  return {
    /** A read-only view of the latest figures. */
    state: state as Readonly<RateLimit>,
    observe(response: Response) {
      const read = (name: string) => {
        const value = response.headers.get(name);
        return value === null || value === "" || !Number.isFinite(Number(value)) ? undefined : Number(value);
      };
      const remaining = read("x-ratelimit-remaining");
      if (remaining === undefined && response.status !== 429) return;
      state.limit = read("x-ratelimit-limit") ?? state.limit;
      state.remaining = remaining ?? (response.status === 429 ? 0 : state.remaining);
      state.reset = read("x-ratelimit-reset") ?? state.reset;
      if (state.remaining === 0 || response.status === 429) options.onRateLimit?.({ ...state, status: response.status, waitMs: waitMs() });
    },
    /** Resolves when a request may be sent; rejects with the signal's reason if aborted first. */
    async ready(signal?: AbortSignal | null) {
      const ms = waitMs();
      if (ms > 0) await sleep(ms, signal);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
