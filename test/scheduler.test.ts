// The rate-limit scheduler in the transport, against scripted loopback servers: what it admits,
// what it holds and in which order, and which 429s are resent.
import { afterEach, describe, expect, test, vi } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { json, startFakeServer, type FakeServer, type Handler } from "./support/fake-server.js";
import { manifest } from "../generated/2.11/core.js";
import { createFakeIntercom } from "../src/testing/index.js";
import { admin, clocked, drive, later, T0, watch } from "./support/clocked-fetch.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const windowHeaders = (limit: number, remaining: number, reset: number) => ({
  "x-ratelimit-limit": String(limit),
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": String(reset),
});
const event = (id: string) => ({ body: { event_name: "e", created_at: 1, user_id: "u", metadata: { load_id: id } } as never });

// The same scheduler on a fake clock, over an in-process fetch: when each attempt is sent, measured
// in fake milliseconds, so nothing here depends on how loaded the machine is.
describe("on a fake clock (issue 22)", () => {
  afterEach(() => void vi.useRealTimers());

  describe("retries are admitted like first attempts", () => {
    test("a retry made after a response used the window up waits for the window's end", async () => {
      const { sent, intercom } = clocked((n) => (n === 1 ? admin({}, 500) : n === 2 ? admin(windowHeaders(10, 0, T0 + 20), 500) : admin()));
      const call = watch(intercom.GET("/me"));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(sent).toHaveLength(2);
      expect(call.done).toBe(false);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(sent).toHaveLength(3);
      expect(sent[2]!.at).toBe(20_000);
      expect(call.value?.response.status).toBe(200);
    });

    test("retries count against maxConcurrency: never two requests in flight with a cap of one", async () => {
      const attempts = new Map<string, number>();
      const { sent, intercom, most } = clocked(
        async (_, request) => {
          const path = new URL(request.url).pathname;
          const n = (attempts.get(path) ?? 0) + 1;
          attempts.set(path, n);
          await later(100);
          return path === "/me" && n < 3 ? admin({}, 503) : admin();
        },
        { maxConcurrency: 1 },
      );
      const calls = [intercom.GET("/me"), intercom.GET("/admins"), intercom.GET("/admins"), intercom.GET("/admins")].map((call) => watch<{ response: Response }>(call));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(calls.every((c) => c.done && c.value?.response.status === 200)).toBe(true);
      expect(sent).toHaveLength(6);
      expect(most()).toBe(1);
      // A second round after the retries: the cap still holds (the count of requests in flight came back to zero, not below).
      const again = [intercom.GET("/admins"), intercom.GET("/admins")].map((call) => watch<{ response: Response }>(call));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(again.every((c) => c.done)).toBe(true);
      expect(most()).toBe(1);
    });
  });

  describe("the window", () => {
    test("a 2xx that says nothing remains holds the next call until the reset, and tells onRateLimit how long", async () => {
      const events: unknown[] = [];
      const { sent, intercom } = clocked((n) => (n === 1 ? admin(windowHeaders(10, 0, T0 + 3)) : admin(windowHeaders(10, 9, T0 + 13))), { onRateLimit: (e: unknown) => events.push(e) });
      await intercom.GET("/me");
      expect(events).toEqual([{ limit: 10, remaining: 0, reset: T0 + 3, status: 200, waitMs: 3000 }]);
      expect(intercom.rateLimit).toEqual({ limit: 10, remaining: 0, reset: T0 + 3 });
      const next = watch(intercom.GET("/me"));
      await vi.advanceTimersByTimeAsync(2_999);
      expect(sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent.map((s) => s.at)).toEqual([0, 3000]);
      await vi.advanceTimersByTimeAsync(0);
      expect(next.done).toBe(true);
      expect(events).toHaveLength(1);
      expect(intercom.rateLimit).toEqual({ limit: 10, remaining: 9, reset: T0 + 13 });
    });

    test("onRateLimit is not told while calls remain; waitForRateLimit: false tells it without a wait, and holds nothing", async () => {
      const events: { waitMs: number }[] = [];
      const { sent, intercom } = clocked((n) => admin(windowHeaders(10, n === 1 ? 1 : 0, T0 + 3)), { waitForRateLimit: false, onRateLimit: (e: { waitMs: number }) => events.push(e) });
      await intercom.GET("/me");
      expect(events).toEqual([]);
      await intercom.GET("/me");
      await intercom.GET("/me");
      expect(sent.map((s) => s.at)).toEqual([0, 0, 0]);
      expect(events.map((e) => e.waitMs)).toEqual([0, 0]);
    });

    test("a reset further away than maxRetryAfter is not waited for; onRateLimit hears of no wait", async () => {
      const events: { waitMs: number }[] = [];
      const { sent, intercom } = clocked(() => admin(windowHeaders(10, 0, T0 + 30)), { retry: { maxRetryAfter: 5_000 }, onRateLimit: (e: { waitMs: number }) => events.push(e) });
      await intercom.GET("/me");
      await intercom.GET("/me");
      expect(sent.map((s) => s.at)).toEqual([0, 0]);
      expect(events.map((e) => e.waitMs)).toEqual([0, 0]);
    });

    test("a 429 without window headers reports nothing remaining", async () => {
      const events: unknown[] = [];
      const { intercom } = clocked(() => admin({}, 429), { retry: false, onRateLimit: (e: unknown) => events.push(e) });
      await intercom.GET("/me");
      expect(events).toEqual([{ limit: undefined, remaining: 0, reset: undefined, status: 429, waitMs: 0 }]);
      expect(intercom.rateLimit.remaining).toBe(0);
    });

    test("intercom.rateLimit names its three figures before any response", () => {
      const { intercom } = clocked(() => admin());
      expect(Object.keys(intercom.rateLimit).sort()).toEqual(["limit", "remaining", "reset"]);
    });

    test("headers that are not numbers are ignored", async () => {
      const { sent, intercom } = clocked(() => admin({ "x-ratelimit-limit": "ten", "x-ratelimit-remaining": "", "x-ratelimit-reset": "soon" }));
      await intercom.GET("/me");
      await Promise.all([intercom.GET("/me"), intercom.GET("/me")]);
      expect(sent).toHaveLength(3);
      expect(intercom.rateLimit).toEqual({ limit: undefined, remaining: undefined, reset: undefined });
    });

    test("the window's room is the lowest Remaining any of its responses reported, less what is in flight", async () => {
      // Another process shares the token: the second response reports less left than the first.
      const { sent, intercom } = clocked(async (n) => (await later(10), admin(windowHeaders(10, n === 1 ? 8 : n === 2 ? 3 : Math.max(0, 5 - n), T0 + 5))));
      await drive(intercom.GET("/me"));
      await drive(intercom.GET("/me"));
      const calls = Array.from({ length: 5 }, () => watch(intercom.GET("/me")));
      await vi.advanceTimersByTimeAsync(1_000);
      // 3 left: three go now, two wait for the window's end.
      expect(sent.filter((s) => s.at < 5000)).toHaveLength(5);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(calls.every((c) => c.done)).toBe(true);
      expect(sent.slice(5).every((s) => s.at >= 5000)).toBe(true);
    });

    test("held calls go in arrival order once the window ends, no more than it allows", async () => {
      // Intercom in miniature: windows of 10 s, 2 calls each, Remaining and Reset on every answer.
      const used = new Map<number, number>();
      const order: string[] = [];
      const { sent, intercom } = clocked(async (_, request) => {
        const window = Math.floor(Date.now() / 10_000);
        const count = (used.get(window) ?? 0) + 1;
        used.set(window, count);
        order.push(new URL(request.url).searchParams.get("n") ?? "first");
        await later(5);
        const headers = windowHeaders(2, Math.max(0, 2 - count), (window + 1) * 10);
        return count > 2 ? admin(headers, 429) : admin(headers);
      });
      await drive(intercom.GET("/me"));
      const calls = Array.from({ length: 5 }, (_, i) => watch(intercom.GET("/me", { params: { query: { n: String(i) } } as never })));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(calls.every((c) => c.done && c.value?.response.status === 200)).toBe(true);
      expect(order).toEqual(["first", "0", "1", "2", "3", "4"]);
      expect([...used.values()].every((count) => count <= 2)).toBe(true);
      expect(sent.length).toBe(6);
    });

    test("without window headers nothing is held: calls go together, up to maxConcurrency", async () => {
      const free = clocked(async () => (await later(100), admin()));
      await drive(Promise.all([free.intercom.GET("/me"), free.intercom.GET("/me"), free.intercom.GET("/me")]));
      expect(free.most()).toBe(3);
      const capped = clocked(async () => (await later(100), admin(windowHeaders(100, 90, T0 + 60))), { maxConcurrency: 2 });
      await drive(capped.intercom.GET("/me"));
      await drive(Promise.all(Array.from({ length: 5 }, () => capped.intercom.GET("/me"))));
      expect(capped.most()).toBe(2);
    });

    test("maxConcurrency holds even when a used-up window's reset is too far away to wait for", async () => {
      const { sent, intercom, most } = clocked(async () => (await later(100), admin(windowHeaders(10, 0, T0 + 600))), { maxConcurrency: 1, retry: { maxRetryAfter: 5_000 } });
      await drive(intercom.GET("/me"));
      await drive(Promise.all([intercom.GET("/me"), intercom.GET("/me"), intercom.GET("/me")]));
      expect(sent).toHaveLength(4);
      expect(most()).toBe(1);
    });

    test("a reset exactly maxRetryAfter away is waited for, and onRateLimit says so", async () => {
      const events: { waitMs: number }[] = [];
      const { sent, intercom } = clocked((n) => admin(windowHeaders(10, n === 1 ? 0 : 9, T0 + 5)), { retry: { maxRetryAfter: 5_000 }, onRateLimit: (e: { waitMs: number }) => events.push(e) });
      await intercom.GET("/me");
      expect(events.map((e) => e.waitMs)).toEqual([5000]);
      await drive(intercom.GET("/me"));
      expect(sent.map((s) => s.at)).toEqual([0, 5000]);
    });

    test("Remaining 0 without a reset: one call goes at a time, to learn when the window ends", async () => {
      const { sent, intercom, most } = clocked(async (n) => (await later(100), admin(n < 3 ? { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0" } : windowHeaders(10, 9, T0 + 60))));
      await drive(intercom.GET("/me"));
      await drive(Promise.all([intercom.GET("/me"), intercom.GET("/me"), intercom.GET("/me")]));
      expect(sent).toHaveLength(4);
      expect(sent[1]!.at).toBe(100);
      expect(most()).toBe(1);
    });

    test("a response with only some of the headers keeps what the others said", async () => {
      const { intercom } = clocked((n) => admin(n === 1 ? windowHeaders(10, 8, T0 + 60) : { "x-ratelimit-remaining": "7" }));
      await intercom.GET("/me");
      await intercom.GET("/me");
      expect(intercom.rateLimit).toEqual({ limit: 10, remaining: 7, reset: T0 + 60 });
    });

    test("once a window ends before the next one's end is known, one call goes alone to learn it", async () => {
      const { sent, intercom, most } = clocked(async (n) => (await later(50), admin(windowHeaders(10, 9, n === 1 ? T0 + 10 : T0 + 20))));
      await drive(intercom.GET("/me"));
      await vi.advanceTimersByTimeAsync(10_000);
      const calls = Array.from({ length: 3 }, () => watch(intercom.GET("/me")));
      await vi.advanceTimersByTimeAsync(49);
      expect(sent).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls.every((c) => c.done)).toBe(true);
      expect(sent).toHaveLength(4);
      expect(most()).toBe(2);
    });
  });

  describe("aborts", () => {
    test("a call held for the window rejects as soon as it is aborted, and the others still go", async () => {
      const { sent, intercom } = clocked(() => admin(windowHeaders(10, 0, T0 + 30)));
      await intercom.GET("/me");
      const controller = new AbortController();
      const reason = new Error("gave up");
      const held = watch(intercom.GET("/me", { signal: controller.signal }));
      const other = watch(intercom.GET("/me"));
      await vi.advanceTimersByTimeAsync(1_000);
      controller.abort(reason);
      await vi.advanceTimersByTimeAsync(0);
      expect(held).toMatchObject({ done: true, error: reason });
      expect(other.done).toBe(false);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(other.done).toBe(true);
      expect(sent.map((s) => s.at)).toEqual([0, 30_000]);
    });

    test("a call whose signal is already aborted is refused without being queued", async () => {
      const { sent, intercom } = clocked(() => admin(windowHeaders(10, 0, T0 + 30)));
      await intercom.GET("/me");
      const refused = watch(intercom.GET("/me", { signal: AbortSignal.abort(new Error("no")) }));
      await vi.advanceTimersByTimeAsync(0);
      expect(refused).toMatchObject({ done: true, error: new Error("no") });
      const next = watch(intercom.GET("/me"));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(next.done).toBe(true);
      expect(sent).toHaveLength(2);
    });
  });

  describe("a shared limiter", () => {
    /** A limiter that records what it is asked and grants what `grant` says. */
    function recordingLimiter(grant: (count: number, n: number) => number | Promise<number> = (count) => count) {
      const takes: [window: { limit: number; reset: number }, count: number][] = [];
      const observed: [window: { limit: number; reset: number }, used: number][] = [];
      const limiter = {
        take: async (window: { limit: number; reset: number }, count: number) => (takes.push([{ ...window }, count]), grant(count, takes.length)),
        observe: async (window: { limit: number; reset: number }, used: number) => void observed.push([{ ...window }, used]),
      };
      return { limiter, takes, observed };
    }

    test("is told what Intercom counted (its limit minus Remaining), and asked before each later call", async () => {
      const { limiter, takes, observed } = recordingLimiter();
      const { sent, intercom } = clocked((n) => admin(windowHeaders(100, 100 - n * 3, T0 + 10)), { limiter });
      await intercom.GET("/me");
      expect(takes).toEqual([]); // the first call learns the window: nothing to share yet
      expect(observed).toEqual([[{ limit: 100, reset: T0 + 10 }, 3]]);
      await Promise.all([intercom.GET("/me"), intercom.GET("/me"), intercom.GET("/me")]);
      expect(sent).toHaveLength(4);
      expect(takes.length).toBeGreaterThan(0);
      expect(takes.every(([window]) => window.limit === 100 && window.reset === T0 + 10)).toBe(true);
      expect(takes.reduce((sum, [, count]) => sum + count, 0)).toBe(3);
      expect(observed.map(([, used]) => used)).toEqual([3, 6, 9, 12]);
    });

    test("the first call goes alone, to learn the window; without window headers, calls then go together", async () => {
      const { limiter, takes } = recordingLimiter();
      const { sent, intercom, most } = clocked(async () => (await later(100), admin()), { limiter });
      const first = [intercom.GET("/me"), intercom.GET("/me")].map((call) => watch(call));
      await vi.advanceTimersByTimeAsync(50);
      expect(sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(first.every((c) => c.done)).toBe(true);
      await drive(Promise.all([intercom.GET("/me"), intercom.GET("/me"), intercom.GET("/me")]));
      expect(most()).toBe(3);
      expect(takes).toEqual([]);
    });

    test("a 429 counts the whole window as used", async () => {
      const { limiter, observed } = recordingLimiter();
      const { intercom } = clocked(() => admin(windowHeaders(100, 0, T0 + 10), 429), { limiter, retry: false });
      await intercom.GET("/me");
      expect(observed).toEqual([[{ limit: 100, reset: T0 + 10 }, 100]]);
    });

    test("calls it does not grant wait for the window's end", async () => {
      const { limiter, takes } = recordingLimiter((count, n) => (n === 1 ? Math.min(count, 1) : n === 2 ? 0 : count));
      const { sent, intercom } = clocked((n) => admin(windowHeaders(100, 50, n < 3 ? T0 + 10 : T0 + 20)), { limiter });
      await intercom.GET("/me");
      const calls = [intercom.GET("/me"), intercom.GET("/me"), intercom.GET("/me")].map(watch);
      await vi.advanceTimersByTimeAsync(9_000);
      expect(sent).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(calls.every((c) => c.done)).toBe(true);
      expect(sent.slice(2).every((s) => s.at >= 10_000)).toBe(true);
      expect(takes.slice(0, 2)).toEqual([
        [{ limit: 100, reset: T0 + 10 }, 1],
        [{ limit: 100, reset: T0 + 10 }, 2],
      ]);
    });

    test("a refusal for a window further away than maxRetryAfter sends at once", async () => {
      const { limiter } = recordingLimiter(() => 0);
      const { sent, intercom } = clocked(() => admin(windowHeaders(100, 50, T0 + 600)), { limiter });
      await intercom.GET("/me");
      await Promise.all([intercom.GET("/me"), intercom.GET("/me")]);
      expect(sent.map((s) => s.at)).toEqual([0, 0, 0]);
    });

    test("asks for what is waiting each time, and never uses more than it asked for", async () => {
      const { limiter, takes } = recordingLimiter(() => 50);
      const { sent, intercom } = clocked(() => admin(windowHeaders(100, 50, T0 + 60)), { limiter });
      await intercom.GET("/me");
      await intercom.GET("/me");
      await intercom.GET("/me");
      await intercom.GET("/me");
      expect(takes.map(([, count]) => count)).toEqual([1, 1, 1]);
      expect(sent).toHaveLength(4);
    });

    test("a window whose end the headers do not say is not shared: nothing is asked", async () => {
      const { limiter, takes, observed } = recordingLimiter();
      const { sent, intercom } = clocked(() => admin({ "x-ratelimit-remaining": "50", "x-ratelimit-reset": String(T0 + 60) }), { limiter });
      await intercom.GET("/me");
      await Promise.all([intercom.GET("/me"), intercom.GET("/me")]);
      expect(sent).toHaveLength(3);
      expect(takes).toEqual([]);
      expect(observed).toEqual([]);
    });

    test("a learned window length is the shortest seen: a later gap does not lengthen it", async () => {
      const { limiter, takes } = recordingLimiter();
      const resets = [T0 + 10, T0 + 20, T0 + 50, T0 + 60];
      const { intercom } = clocked((n) => admin(windowHeaders(100, 90, resets[Math.min(n, 4) - 1]!)), { limiter });
      await intercom.GET("/me"); // ends T0+10
      await vi.advanceTimersByTimeAsync(10_000);
      await intercom.GET("/me"); // ends T0+20: 10 s windows
      await vi.advanceTimersByTimeAsync(5_000);
      await intercom.GET("/me"); // at T0+15... asks for the window ending T0+20, told T0+50
      await vi.advanceTimersByTimeAsync(35_000); // T0+50: the window told ended; the next, predicted from 10 s, ends T0+60
      await intercom.GET("/me");
      expect(takes.at(-1)![0]).toEqual({ limit: 100, reset: T0 + 60 });
    });

    test("calls it granted to callers that gave up go to the next callers of that window, without asking again", async () => {
      const { limiter, takes } = recordingLimiter(async (count) => (await later(100), count));
      const { sent, intercom } = clocked((n) => admin(windowHeaders(100, 50, n < 4 ? T0 + 10 : T0 + 20)), { limiter });
      await drive(intercom.GET("/me"));
      const controller = new AbortController();
      const calls = [intercom.GET("/me"), intercom.GET("/me"), intercom.GET("/me", { signal: controller.signal })].map(watch);
      await vi.advanceTimersByTimeAsync(150); // the first is granted; the other two are being asked for
      controller.abort();
      await vi.advanceTimersByTimeAsync(100);
      expect(calls.map((c) => c.done)).toEqual([true, true, true]);
      expect(takes.map(([, count]) => count)).toEqual([1, 2]);
      expect(sent).toHaveLength(3);
      // The call granted but not used is this window's: the next call takes it.
      await drive(intercom.GET("/me"));
      expect(takes).toHaveLength(2);
      expect(sent).toHaveLength(4);
    });

    test("a grant left from a window that ended is not used in the next", async () => {
      const { limiter, takes } = recordingLimiter(async (count) => (await later(100), count));
      const { intercom } = clocked((n) => admin(windowHeaders(100, 50, n < 3 ? T0 + 10 : T0 + 20)), { limiter });
      await drive(intercom.GET("/me"));
      await vi.advanceTimersByTimeAsync(10_000);
      await drive(intercom.GET("/me")); // calibrates the window ending T0+20
      const controller = new AbortController();
      const calls = [intercom.GET("/me"), intercom.GET("/me", { signal: controller.signal })].map(watch);
      await vi.advanceTimersByTimeAsync(150);
      controller.abort();
      await vi.advanceTimersByTimeAsync(100);
      expect(calls.every((c) => c.done)).toBe(true);
      const asked = takes.length;
      await vi.advanceTimersByTimeAsync(10_000); // the window of the unused grant ends
      await drive(intercom.GET("/me"));
      expect(takes.length).toBeGreaterThan(asked);
      expect(takes.at(-1)![0].reset).toBe(T0 + 30);
    });

    test("predicts the window after idle ones from the length it learned", async () => {
      const { limiter, takes } = recordingLimiter();
      const { intercom } = clocked(() => admin(windowHeaders(100, 90, T0 + 10 * Math.ceil((Date.now() / 1000 - T0 + 1e-9) / 10))), { limiter });
      await intercom.GET("/me"); // window ends T0+10
      await vi.advanceTimersByTimeAsync(10_000);
      await intercom.GET("/me"); // window ends T0+20: windows are 10 s long
      await vi.advanceTimersByTimeAsync(35_000); // idle to T0+45: three windows have passed
      await intercom.GET("/me");
      expect(takes.at(-1)![0]).toEqual({ limit: 100, reset: T0 + 50 });
      await vi.advanceTimersByTimeAsync(15_000); // exactly T0+60, a window's first instant
      await intercom.GET("/me");
      expect(takes.at(-1)![0]).toEqual({ limit: 100, reset: T0 + 70 });
    });

    test("a failing limiter is reported once; calls go on counted alone, and it is asked again a second later", async () => {
      const errors: unknown[] = [];
      let fail = true;
      const { limiter, takes } = recordingLimiter(async () => {
        if (fail) throw new Error("redis down");
        return 1;
      });
      const { sent, intercom } = clocked(() => admin(windowHeaders(100, 50, T0 + 60)), { limiter, onLimiterError: (e: unknown) => errors.push(e) });
      await intercom.GET("/me");
      await intercom.GET("/me");
      expect(takes).toHaveLength(1);
      await intercom.GET("/me");
      await vi.advanceTimersByTimeAsync(999);
      await intercom.GET("/me");
      expect(takes).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await intercom.GET("/me");
      expect(takes).toHaveLength(2);
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain("redis down");
      fail = false;
      await vi.advanceTimersByTimeAsync(1_000);
      await intercom.GET("/me");
      expect(takes).toHaveLength(3);
      expect(sent).toHaveLength(6);
      // Once it answered again, its next failure is reported again.
      fail = true;
      await intercom.GET("/me");
      expect(errors).toHaveLength(2);
    });

    test("is not told of windows while it is down; a failing observe() is a failure like take()'s, logged at debug", async () => {
      const errors: unknown[] = [];
      const lines: string[] = [];
      const logger = { debug: (l: string) => lines.push(l), info: () => undefined, warn: () => undefined, error: () => undefined };
      let observes = 0;
      const limiter = {
        take: async () => 1,
        observe: async () => {
          observes++;
          throw new Error("observe failed");
        },
      };
      const { intercom } = clocked(() => admin(windowHeaders(100, 50, T0 + 60)), { limiter, onLimiterError: (e: unknown) => errors.push(e), logger, logLevel: "debug" });
      await intercom.GET("/me");
      await vi.advanceTimersByTimeAsync(0);
      expect(errors).toHaveLength(1);
      await intercom.GET("/me");
      await intercom.GET("/me");
      expect(observes).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      await intercom.GET("/me");
      await vi.advanceTimersByTimeAsync(0);
      expect(observes).toBe(2);
      // take() answered in between, so this failure is news again.
      expect(errors).toHaveLength(2);
      expect(lines.filter((l) => l.includes("shared limiter unavailable (observe failed); counting locally for 1 s"))).toHaveLength(2);
    });

    test("calls held for a failed limiter are sent when it is due again", async () => {
      let n = 0;
      const { limiter } = recordingLimiter(async () => {
        if (++n === 1) throw new Error("slow");
        return 1;
      });
      const { sent, intercom } = clocked(() => admin(windowHeaders(100, 50, T0 + 60)), { limiter, onLimiterError: () => undefined, maxConcurrency: 1 });
      await intercom.GET("/me");
      const calls = [intercom.GET("/me"), intercom.GET("/me")].map(watch);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(calls.every((c) => c.done)).toBe(true);
      expect(sent).toHaveLength(3);
    });
  });
});

describe("429s", () => {
  test("a write refused by the rate limit (Remaining 0) is resent after the reset, and applied once", async () => {
    let reset = 0;
    let applied = 0;
    server = await startFakeServer((_req, res, n) => {
      if (n === 1) {
        reset = Math.floor(Date.now() / 1000) + 1;
        return json(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded" }] }, windowHeaders(10, 0, reset));
      }
      applied++;
      json(res, 202, {}, windowHeaders(10, 9, reset + 1));
    });
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const { response } = await intercom.POST("/events", event("a"));
    expect(response.status).toBe(202);
    expect(applied).toBe(1);
    expect(server.requests.map((r) => JSON.parse(r.body).metadata.load_id)).toEqual(["a", "a"]);
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 50);
  });

  test("the exports API's one-active-job 429 (a window with calls left) is not resent", async () => {
    server = await startFakeServer((_req, res) =>
      json(
        res,
        429,
        { type: "error.list", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 1 pending message data export jobs" }] },
        windowHeaders(10, 7, Math.floor(Date.now() / 1000) + 5),
      ),
    );
    const intercom = createIntercom({ token: "t", baseUrl: server.url });
    const { response } = await intercom.POST("/export/content/data", { body: { created_at_after: 1, created_at_before: 2 } });
    expect(response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  test("retry: false sends a rate-limited write once", async () => {
    server = await startFakeServer((_req, res) => json(res, 429, {}, windowHeaders(10, 0, Math.floor(Date.now() / 1000) + 1)));
    const intercom = createIntercom({ token: "t", baseUrl: server.url, retry: false });
    expect((await intercom.POST("/events", event("a"))).response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });
});

/**
 * The fake Intercom with 1-second windows of `limit` calls, and what it answered: the calls let
 * through per window (by `X-RateLimit-Reset`), and the 429s.
 */
function rateLimitedFake(limit: number) {
  const fake = createFakeIntercom({ manifest, rateLimit: { limit, windowSeconds: 1 } });
  const admitted = new Map<string, number>();
  let tooMany = 0;
  return {
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: async (input: Request | string | URL, init?: RequestInit) => {
      const response = await fake.fetch(input, init);
      if (response.status === 429) tooMany++;
      else admitted.set(response.headers.get("x-ratelimit-reset")!, (admitted.get(response.headers.get("x-ratelimit-reset")!) ?? 0) + 1);
      return response;
    },
    stats: () => ({ tooMany, perWindow: [...admitted.values()] }),
  };
}

describe("admission", () => {
  test("requests beyond the window's room wait for the next window, in the order they came", async () => {
    const limited = rateLimitedFake(5);
    const intercom = createIntercom({ token: limited.token, baseUrl: limited.baseUrl, fetch: limited.fetch });
    await intercom.GET("/me"); // calibrates: limit 5, the window's end
    const order: number[] = [];
    await Promise.all(Array.from({ length: 12 }, (_, i) => intercom.GET("/me").then(() => order.push(i))));
    const { tooMany, perWindow } = limited.stats();
    expect(tooMany).toBe(0);
    expect(perWindow.every((admitted) => admitted <= 5)).toBe(true);
    // Held requests go in arrival order, window after window.
    expect(order.slice(0, 4).every((i) => i < 4)).toBe(true);
    expect(order.slice(-4).every((i) => i >= 8)).toBe(true);
    expect(intercom.rateLimit.limit).toBe(5);
  });

  test("waitForRateLimit: false sends at once and lets the 429s come", async () => {
    const limited = rateLimitedFake(3);
    const intercom = createIntercom({ token: limited.token, baseUrl: limited.baseUrl, fetch: limited.fetch, waitForRateLimit: false, retry: false });
    await intercom.GET("/me");
    const statuses = await Promise.all(Array.from({ length: 6 }, () => intercom.GET("/me").then((r) => r.response.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(limited.stats().tooMany).toBe(statuses.filter((s) => s === 429).length);
  });

  test("maxConcurrency caps the requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const slow: Handler = async (_req, res) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      json(res, 200, { type: "admin", id: "1" });
    };
    server = await startFakeServer(slow);
    const intercom = createIntercom({ token: "t", baseUrl: server.url, maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => intercom.GET("/me")));
    expect(server.requests).toHaveLength(12);
    expect(most).toBe(3);
  });

  test("an abort while held in the queue rejects that call only, and sends nothing", async () => {
    server = await startFakeServer(async (_req, res) => (await new Promise((r) => setTimeout(r, 100)), json(res, 200, { type: "admin", id: "1" })));
    const intercom = createIntercom({ token: "t", baseUrl: server.url, maxConcurrency: 1 });
    const controller = new AbortController();
    const first = intercom.GET("/me");
    const held = intercom.GET("/me", { signal: controller.signal });
    controller.abort();
    await expect(held).rejects.toMatchObject({ name: "AbortError" });
    await first;
    expect(server.requests).toHaveLength(1);
  });
});

describe("options", () => {
  test.each([
    [{ maxConcurrency: 0 }, /`maxConcurrency` must be a positive integer/],
    [{ maxConcurrency: 1.5 }, /`maxConcurrency`/],
    [{ limiter: {} }, /`limiter` must have `take` and `observe`/],
    [{ onLimiterError: "warn" }, /`onLimiterError` must be a function/],
  ])("%j is refused at construction", (options, message) => {
    expect(() => createIntercom({ token: "t", ...(options as object) })).toThrow(message);
  });
});

describe("a shared limiter that answers nonsense (issue 22)", () => {
  test.each([
    ["a string", "3", "string"],
    ["null", null, "object"],
    ["-1", -1, "-1"],
    ["NaN", Number.NaN, "NaN"],
    ["1.5", 1.5, "1.5"],
  ])("take() resolving %s counts as a limiter failure: calls go on, counted alone, without spinning", async (_name, answer, said) => {
    const fake = createFakeIntercom({ manifest, rateLimit: { limit: 100, windowSeconds: 2 } });
    let takes = 0;
    const errors: unknown[] = [];
    const limiter = { take: async () => (takes++, answer as number), observe: async () => undefined };
    const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch, limiter, onLimiterError: (e) => errors.push(e) });
    await intercom.GET("/me"); // calibrates: the limiter is asked from the next call on
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => intercom.GET("/me")));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(takes).toBeLessThanOrEqual(2);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toBe(`TypeError: limiter.take() resolved ${said}, not a count of calls`);
  });
});

describe("the wake timer (issue 22)", () => {
  test("is cleared when the last held request aborts: nothing keeps the process alive until the window's end", async () => {
    const set = vi.spyOn(globalThis, "setTimeout");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    try {
      const reset = Math.floor(Date.now() / 1000) + 30;
      const fetch = async () => Response.json({ type: "admin", id: "1" }, { headers: windowHeaders(10, 0, reset) });
      const intercom = createIntercom({ token: "t", baseUrl: "http://127.0.0.1:9", fetch, retry: false });
      await intercom.GET("/me"); // Remaining 0: the next call waits for the reset
      const controller = new AbortController();
      const held = intercom.GET("/me", { signal: controller.signal });
      await new Promise((r) => setImmediate(r));
      // The one timer set for the window's end, some 30 s away.
      const at = set.mock.calls.findIndex(([, ms]) => typeof ms === "number" && ms > 20_000 && ms <= 30_000);
      expect(at).not.toBe(-1);
      const wake = set.mock.results[at]!.value;
      controller.abort();
      await expect(held).rejects.toMatchObject({ name: "AbortError" });
      expect(clear).toHaveBeenCalledWith(wake);
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });
});
