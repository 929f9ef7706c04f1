// Intercom's rate limit as seen from outside: `limit` calls per fixed window aligned to the clock,
// `X-RateLimit-*` on every answer, 429 once a window is used up.

export interface FakeRateLimitOptions {
  /** Calls allowed per window. */
  limit: number;
  /** The window's length in whole seconds (`X-RateLimit-Reset` is UNIX seconds). */
  windowSeconds: number;
}

export function checkRateLimit(options: FakeRateLimitOptions | undefined): FakeRateLimitOptions | undefined {
  if (options === undefined) return undefined;
  const { limit, windowSeconds } = options ?? {};
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`createFakeIntercom: rateLimit.limit must be a positive integer, got ${limit}`);
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new RangeError(`createFakeIntercom: rateLimit.windowSeconds must be a positive integer, got ${windowSeconds}`);
  return { limit, windowSeconds };
}

export function createRateLimiter({ limit, windowSeconds }: FakeRateLimitOptions, clock: () => number) {
  const counts = new Map<number, number>();
  return {
    /** Counts one call: whether it may go on, and the headers to answer with. */
    take(): { allowed: boolean; headers: Record<string, string> } {
      const window = Math.floor(clock() / (windowSeconds * 1000));
      const used = counts.get(window) ?? 0;
      const allowed = used < limit;
      if (allowed) counts.set(window, used + 1);
      for (const w of counts.keys()) if (w < window) counts.delete(w);
      return {
        allowed,
        headers: {
          "x-ratelimit-limit": String(limit),
          "x-ratelimit-remaining": String(allowed ? limit - used - 1 : 0),
          "x-ratelimit-reset": String((window + 1) * windowSeconds),
        },
      };
    },
    clear: () => counts.clear(),
  };
}
