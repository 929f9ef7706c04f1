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

/** One of Intercom's fixed rate-limit windows, as its headers describe it. */
export interface RateWindow {
  /** Calls allowed in the window (`X-RateLimit-Limit`). */
  limit: number;
  /** When the window ends, UNIX seconds (`X-RateLimit-Reset`): with the limit, it names the window. */
  reset: number;
}

/**
 * A count of calls per window shared by every process that uses the same token, e.g.
 * `redisLimiter()` from `intercom-fetch/redis`. Pass one as `createIntercom({ limiter })`. The
 * client asks it before each call once it knows the window from Intercom's headers; when it rejects
 * (or takes longer than its own timeout), the client counts in its own process alone, tells
 * `onLimiterError` once, and asks it again a second later.
 */
export interface Limiter {
  /**
   * Takes up to `count` calls from the window's shared count, atomically; resolves how many it
   * granted (0 when the window is used up). A window's count must expire when the window ends, so
   * that a process that dies holds nothing past it.
   */
  take(window: RateWindow, count: number): Promise<number>;
  /** Intercom has counted at least `used` calls in the window (its limit minus `Remaining`): raise the shared count to it. */
  observe(window: RateWindow, used: number): Promise<void>;
}

export interface SchedulerOptions {
  /** Hold requests for the next window instead of sending into a used-up one (`waitForRateLimit`). */
  wait: boolean;
  /** Longest wait for a window, in ms; a reset further away is not waited for. */
  maxWaitMs: number;
  /** Most requests in flight at once. */
  maxConcurrency: number;
  onRateLimit?: (event: RateLimitEvent) => void;
  limiter?: Limiter;
  onLimiterError?: (error: unknown) => void;
  /** Every failure of the limiter, not only the first of a run (the debug log). */
  onLimiterFallback?: (error: unknown) => void;
}

/** After the shared limiter fails, how long the scheduler counts alone before asking it again. */
const LIMITER_RETRY_MS = 1000;

interface Waiter {
  admit: () => void;
  signal?: AbortSignal | null;
  abort?: () => void;
}

const header = (response: Response, name: string) => {
  const value = response.headers.get(name);
  return value === null || value === "" || !Number.isFinite(Number(value)) ? undefined : Number(value);
};

/**
 * Admits each request of one client only when Intercom's current window has room for it, counting
 * what is in flight, and holds the rest in order for the next window. Everything it knows comes
 * from the `X-RateLimit-*` headers (no fixed rate is assumed): the limit, the window's end, and what
 * is left, taken as the lowest `Remaining` any response of the window reported. Until a first
 * header arrives, it only counts (and caps concurrency when asked to).
 */
export function createScheduler(options: SchedulerOptions) {
  const { wait, maxWaitMs, maxConcurrency, limiter } = options;
  /** The latest figures as sent, for `intercom.rateLimit`. */
  const seen: RateLimit = { limit: undefined, remaining: undefined, reset: undefined };
  // The window as the scheduler counts it: `remaining` is the lowest Remaining reported for `reset`.
  let limit: number | undefined;
  let remaining: number | undefined;
  let reset: number | undefined;
  /** Seconds between two windows' ends, learned from successive resets: predicts the next window. */
  let windowLength: number | undefined;
  /** The end of the last window known, kept while the next one's end is unknown, to learn the length. */
  let lastReset: number | undefined;
  let inFlight = 0;
  /**
   * Until a response tells the window, one request goes at a time: at the start with a shared
   * limiter (the processes have nothing to share yet), and when a window ends before its
   * successor's end can be predicted.
   */
  let calibrating = limiter !== undefined;
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = 0;
  // The shared limiter: a take in progress, when it failed last, and whether that was reported.
  let taking = false;
  let limiterDownUntil = 0;
  let limiterWarned = false;
  /** Calls the shared limiter granted that no waiter has used yet (waiters that aborted meanwhile). */
  let granted = 0;
  let grantedFor: number | undefined;
  /** The window the shared limiter last refused calls for. */
  let usedUpFor: number | undefined;

  /** Moves on to the next window once the current one has ended; unknown until a response says when it ends. */
  const roll = (now: number) => {
    if (reset === undefined || now < reset * 1000) return;
    remaining = limit;
    if (windowLength === undefined) (lastReset = reset), (reset = undefined), (calibrating = true);
    else reset += windowLength * Math.ceil((now / 1000 - reset + 1e-9) / windowLength);
  };

  const waitFor = (now: number) => (reset === undefined ? 0 : reset * 1000 - now);

  const useLimiter = (now: number) => limiter !== undefined && !calibrating && limit !== undefined && reset !== undefined && now >= limiterDownUntil;

  /** How many more requests the local count admits now. */
  const room = (now: number) => {
    const free = maxConcurrency - inFlight;
    if (free <= 0 || !wait) return free;
    if (calibrating) return inFlight === 0 ? 1 : 0;
    if (remaining === undefined) return free;
    const left = remaining - inFlight;
    if (left > 0) return Math.min(free, left);
    // Nothing left: wait for the window's end, unless it is too far away or unknown with nothing in
    // flight to tell it (then one request goes, to learn it).
    const ms = waitFor(now);
    if (ms > maxWaitMs || (reset === undefined && inFlight === 0)) return 1;
    return 0;
  };

  const admitNext = () => {
    const waiter = queue.shift()!;
    inFlight++;
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, the client always passes a signal, and an admitted waiter's abort finds nothing to remove or reject
    waiter.signal?.removeEventListener("abort", waiter.abort!);
    waiter.admit();
  };

  const wakeAt = (at: number) => {
    // Stryker disable next-line EqualityOperator: equivalent, a timer for the same instant is as good as the one it replaces
    if (timer !== undefined && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        drain();
      },
      Math.max(0, at - Date.now()),
    );
  };

  const limiterFailed = (error: unknown) => {
    limiterDownUntil = Date.now() + LIMITER_RETRY_MS;
    options.onLimiterFallback?.(error);
    if (limiterWarned) return;
    limiterWarned = true;
    // Stryker disable next-line OptionalChaining: equivalent, the client always passes one (its default logs a warning)
    options.onLimiterError?.(error);
  };

  const drain = () => {
    // Stryker disable next-line ConditionalExpression: equivalent, the rest admits nothing and sets no timer for an empty queue
    if (queue.length === 0) return;
    const now = Date.now();
    roll(now);
    if (wait && useLimiter(now)) return drainShared(now);
    for (let n = room(now); n > 0 && queue.length > 0; n--) admitNext();
    if (queue.length === 0) return;
    if (reset !== undefined && inFlight < maxConcurrency) wakeAt(reset * 1000);
    else if (limiter !== undefined && limiterDownUntil > now) wakeAt(limiterDownUntil);
  };

  /** Asks the shared limiter for as many calls as are waiting, and admits those it grants. */
  const drainShared = (now: number) => {
    if (grantedFor !== reset) granted = 0;
    for (; granted > 0 && queue.length > 0 && inFlight < maxConcurrency; granted--) admitNext();
    const count = Math.min(queue.length, maxConcurrency - inFlight);
    if (count <= 0 || taking) return;
    if (usedUpFor === reset) {
      // The fleet has used this window up: ask again when it ends, or send at once if that is too far.
      if (reset! * 1000 - now <= maxWaitMs) return wakeAt(reset! * 1000);
      for (let n = count; n > 0; n--) admitNext();
      return;
    }
    const window = { limit: limit!, reset: reset! };
    taking = true;
    limiter!.take(window, count).then(
      (n: unknown) => {
        taking = false;
        // A count that is not one (a custom limiter's null, -1, a string) would spin or stall the
        // queue: it is a failure of the limiter like any other.
        // Stryker disable next-line ConditionalExpression: equivalent, Number.isInteger is false for anything but a number
        if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
          limiterFailed(new TypeError(`limiter.take() resolved ${typeof n === "number" ? n : typeof n}, not a count of calls`));
          drain();
          return;
        }
        n = Math.min(n, count);
        limiterWarned = false;
        granted = n as number;
        grantedFor = window.reset;
        if ((n as number) < count) usedUpFor = window.reset;
        drain();
      },
      (error: unknown) => {
        taking = false;
        limiterFailed(error);
        drain();
      },
    );
  };

  return {
    /** A read-only view of the latest figures. */
    state: seen as Readonly<RateLimit>,
    /**
     * Admits a request: returns nothing when it may go at once, else a promise that resolves when
     * it may, or rejects with the signal's reason if aborted first. Every admission is paired with
     * one `release`.
     */
    acquire(signal?: AbortSignal | null): Promise<void> | undefined {
      if (queue.length === 0) {
        // The fast path: no queue, and room in the window (or no window known yet).
        const now = Date.now();
        roll(now);
        if (!(wait && useLimiter(now)) && room(now) > 0) {
          inFlight++;
          return undefined;
        }
      }
      // Stryker disable next-line OptionalChaining: equivalent, the client always passes a signal
      signal?.throwIfAborted();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { admit: resolve, signal };
        // Stryker disable next-line ConditionalExpression: equivalent, the client always passes a signal
        if (signal) {
          waiter.abort = () => {
            const at = queue.indexOf(waiter);
            // Stryker disable next-line ConditionalExpression,UnaryOperator: equivalent, the listener is removed on admission, so the waiter is always queued here
            if (at !== -1) queue.splice(at, 1);
            // Nobody left to wake: the timer would only keep the process alive until the window's end.
            if (queue.length === 0 && timer !== undefined) {
              clearTimeout(timer);
              timer = undefined;
            }
            reject(signal.reason);
          };
          // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, a signal aborts once
          signal.addEventListener("abort", waiter.abort, { once: true });
        }
        queue.push(waiter);
        drain();
      });
    },
    /** A request admitted by `acquire` is done; its response, if any, tells about the window. */
    release(response?: Response) {
      inFlight--;
      // A response from a window already over tells nothing about the current one.
      if (response && observe(response)) calibrating = false;
      drain();
    },
  };

  /** Reads the window headers; false when they describe a window that is over. */
  function observe(response: Response): boolean {
    const reported = header(response, "x-ratelimit-remaining");
    const rateLimited = response.status === 429;
    if (reported === undefined && !rateLimited) return true;
    const newLimit = header(response, "x-ratelimit-limit");
    const newReset = header(response, "x-ratelimit-reset");
    seen.limit = newLimit ?? seen.limit;
    seen.remaining = reported ?? (rateLimited ? 0 : seen.remaining);
    seen.reset = newReset ?? seen.reset;

    limit = newLimit ?? limit;
    const left = reported ?? 0;
    const current = reset ?? lastReset;
    let fresh = true;
    if (newReset === undefined || newReset === reset) {
      remaining = remaining === undefined ? left : Math.min(remaining, left);
    } else if (current === undefined || newReset > current) {
      // The first response of a window calibrates it.
      if (current !== undefined && (windowLength === undefined || newReset - current < windowLength)) windowLength = newReset - current;
      reset = newReset;
      remaining = left;
    } else fresh = false;
    if (limiter && limit !== undefined && newReset !== undefined && Date.now() >= limiterDownUntil) {
      limiter.observe({ limit, reset: newReset }, limit - left).catch(limiterFailed);
    }
    if (seen.remaining === 0 || rateLimited) {
      const ms = waitFor(Date.now());
      options.onRateLimit?.({ ...seen, status: response.status, waitMs: wait && ms > 0 && ms <= maxWaitMs ? ms : 0 });
    }
    return fresh;
  }
}

export type Scheduler = ReturnType<typeof createScheduler>;
