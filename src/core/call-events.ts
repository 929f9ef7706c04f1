// What happens inside one call that its caller cannot see (resends, rate-limit holds), told to
// observers: the logger at `debug` and `withTracing` from intercom-fetch/otel. The core knows
// nothing of either; with no observer the transport does no extra work.

/** A call is sent again: which attempt this is (2 for the first retry), why, and how long it waited. */
export interface RetryEvent {
  attempt: number;
  /** `status 503`, `rate limited (429)`, `timeout`, `network error (ECONNRESET)`. */
  reason: string;
  /** The wait before this attempt, in ms (backoff with jitter, or what `Retry-After` asked for). */
  delayMs: number;
}

/** An attempt was held by the rate-limit scheduler (window used up, or `maxConcurrency` reached). */
export interface HoldEvent {
  /** Which attempt was held (1 for the first). */
  attempt: number;
  /** How long it was held, in ms. */
  waitMs: number;
}

/**
 * Told of each resend and hold of a call. `request` is the Request openapi-fetch built for the call
 * (the one its middleware sees), so an observer can match the events to its own per-call state.
 */
export interface CallObserver {
  retry?(request: Request, event: RetryEvent): void;
  hold?(request: Request, event: HoldEvent): void;
}

/**
 * The key of the function on every client that adds an observer and returns its removal. A
 * registry symbol, so that a separately bundled subpath (intercom-fetch/otel) finds it without
 * importing the core.
 */
export const OBSERVE_CALLS: unique symbol = Symbol.for("intercom-fetch.observeCalls") as never;

export type ObserveCalls = (observer: CallObserver) => () => void;

export function createCallEvents() {
  const observers: CallObserver[] = [];
  return {
    observers,
    add(observer: CallObserver) {
      observers.push(observer);
      return () => {
        const at = observers.indexOf(observer);
        if (at !== -1) observers.splice(at, 1);
      };
    },
    retry(request: Request, event: RetryEvent) {
      for (const observer of observers) observer.retry?.(request, event);
    },
    hold(request: Request, event: HoldEvent) {
      for (const observer of observers) observer.hold?.(request, event);
    },
  };
}

export type CallEvents = ReturnType<typeof createCallEvents>;
