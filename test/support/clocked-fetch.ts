// A client on vitest's fake clock over an in-process fetch: when each request left, in fake
// milliseconds since T0, so tests of waits, backoff and windows do not depend on the machine's load.
import { vi } from "vitest";
import { createIntercom } from "../../generated/2.11/index.js";

/** 2026-01-01T00:00:00Z in UNIX seconds: the fake clock's start. */
export const T0 = 1_767_225_600;

export interface Sent {
  /** Fake ms since T0. */
  at: number;
  method: string;
  path: string;
  body: string;
}

export type Answer = (n: number, request: Request, init?: RequestInit) => Response | Promise<Response>;

/** Fakes the clock (setTimeout, Date, performance) at T0 and builds a client whose fetch answers from `answer`. */
export function clocked(answer: Answer, options: Record<string, unknown> = {}) {
  vi.useFakeTimers({ now: T0 * 1000, toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  const sent: Sent[] = [];
  let inFlight = 0;
  let most = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ at: Date.now() - T0 * 1000, method: request.method, path: new URL(request.url).pathname, body: await request.clone().text() });
    most = Math.max(most, ++inFlight);
    try {
      return await answer(sent.length, request, init);
    } finally {
      inFlight--;
    }
  };
  const intercom = createIntercom({ token: "t", baseUrl: "https://api.intercom.test", fetch: fetch as typeof globalThis.fetch, ...options });
  return { sent, intercom, most: () => most };
}

/** The state of `promise`, readable without awaiting it. */
export function watch<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

/** Awaits `promise`, moving the fake clock on 10 ms at a time while it is pending; fails after 100 fake seconds rather than hang. */
export async function drive<T>(promise: Promise<T>): Promise<T> {
  const state = watch(promise);
  for (let i = 0; i < 10_000 && !state.done; i++) await vi.advanceTimersByTimeAsync(10);
  if (!state.done) throw new Error("still pending after 100 s on the fake clock");
  return promise;
}

/** Resolves after `ms` on the (fake) clock. */
export const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON admin with these headers and status. */
export const admin = (headers: Record<string, string> = {}, status = 200) => Response.json({ type: "admin", id: "1" }, { status, headers });
