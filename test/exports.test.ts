// intercom.exports against a stateful fake of Intercom's export lifecycle, behind Prism's validating
// proxy (--errors) for the pinned 2.11 description: every request and response that goes through
// Prism must come back without a violation (see `expectValidExchanges`).
//
// Three kinds of exchange bypass Prism, each said where it happens:
// - gzip downloads: Prism 5.14's forwarder reads an upstream body with node-fetch's `text()`
//   (prism-http/dist/utils/parseResponse.js), which decodes it as UTF-8 and replaces every byte that
//   is not valid UTF-8 (0x8b, the second byte of gzip's magic number, among them) with U+FFFD, so a
//   binary body cannot pass through intact. Plain CSV downloads do go through Prism. The spec
//   declares the download's 200 without any content, so Prism validates its request (path, headers,
//   security) and its status, never its body, either way.
// - a job whose status is `complete`: the operation's description says "a status of complete", the
//   `data_export` schema's enum says `completed`; Prism rightly flags `complete` as a violation.
// - answers the spec does not declare (a 404 for an expired download): only to check the client's
//   error, not the exchange.
// Intercom's 429 for a second active job is declared nowhere in the spec, only in the operation's
// description; Prism flags it with one warning, which is the only violation allowed, on that exchange.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { manifest as manifest211 } from "../generated/2.11/meta.js";
import { startPrism } from "../scripts/lib/prism.mjs";
import { exportBody, pollDelay } from "../src/helpers/exports/index.js";
import { ExportJobError, ExportLimitError, IntercomError } from "../src/index.js";
import { startFakeExports, type FakeExports } from "./support/fake-exports.js";
import { loadSpec, pins, root, specFile } from "./support/versions.js";

interface Violation {
  location: string[];
  severity?: string;
  message: string;
}
interface Exchange {
  what: string;
  status: number;
  violations: Violation[];
}

const UNDECLARED_429: Violation = {
  location: ["response"],
  severity: "Warning",
  message: "Unable to match the returned status code with those defined in the document: 200",
};

let fake: FakeExports;
let prism: { url: string; stop: () => Promise<void> };
let exchanges: Exchange[] = [];

beforeAll(async () => {
  fake = await startFakeExports();
  prism = await startPrism(specFile("2.11"), { mode: "proxy", upstream: fake.url });
});
afterAll(async () => {
  await prism?.stop();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.plan({ statuses: ["pending", "in_progress", "completed"] }, { csv: "user_id,name\n1,Ada\n" });
  exchanges = [];
});
afterEach(() => expectValidExchanges());

function expectValidExchanges() {
  for (const e of exchanges) {
    if (e.status === 429 && e.what === "POST /export/content/data") expect(e.violations, e.what).toEqual([UNDECLARED_429]);
    else expect(e.violations, `${e.what} -> ${e.status}`).toEqual([]);
  }
}

/** Prism's verdict: the `sl-violations` header, or the `validation` of its own 422 for a bad request. */
async function violationsOf(response: Response): Promise<Violation[]> {
  const header = response.headers.get("sl-violations");
  if (header) return JSON.parse(header);
  if (response.status === 422 && response.headers.get("content-type")?.includes("problem+json")) {
    const body = (await response.clone().json()) as { validation?: Violation[] };
    return (body.validation ?? []).map((v) => ({ ...v, location: ["request", ...v.location] }));
  }
  return [];
}

/**
 * A 2.11 client through Prism. `bypass` sends matching paths straight to the fake instead (see the
 * top of the file for which and why); everything else is recorded with Prism's verdict.
 */
function client(options: { bypass?: RegExp; retry?: number } = {}) {
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { pathname, search } = new URL(request.url);
    if (options.bypass?.test(pathname)) return globalThis.fetch(new Request(`${fake.url}${pathname}${search}`, request));
    const response = await globalThis.fetch(request);
    exchanges.push({ what: `${request.method} ${pathname}`, status: response.status, violations: await violationsOf(response) });
    return response;
  };
  const headers = { "x-fake-epoch": String(fake.epoch) };
  return createIntercom({ token: "exports-test-token", baseUrl: prism.url, retry: options.retry ?? 0, fetch, headers });
}

const ALL = /./;
const DOWNLOADS = /^\/download\//;
const fast = { initial: 5, max: 20 };
/** The bytes as text, a BOM kept (Response.text() would drop it). */
const text = async (stream: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
const collect = async <T>(rows: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

describe("create", () => {
  test("sends a date-only range as the first and last second of those UTC days", async () => {
    const job = await client().exports.create({ from: "2025-06-01", to: "2025-06-30" });
    expect(job).toMatchObject({ job_identifier: "job1", status: "pending" });
    const sent = fake.requests.find((r) => r.method === "POST")!;
    expect(JSON.parse(sent.body)).toEqual({
      created_at_after: Date.UTC(2025, 5, 1) / 1000,
      created_at_before: Date.UTC(2025, 5, 30, 23, 59, 59) / 1000,
    });
    expect(sent.headers["intercom-version"]).toBe("2.11");
    expect(exchanges.map((e) => e.what)).toEqual(["POST /export/content/data"]);
  });

  test("sends Dates, offset date-times and UNIX seconds as the instants they are", () => {
    const now = Date.UTC(2026, 0, 15, 12);
    expect(exportBody({ from: new Date(Date.UTC(2026, 0, 1, 8, 30, 15, 999)), to: 1767312000 }, now)).toEqual({
      created_at_after: Date.UTC(2026, 0, 1, 8, 30, 15) / 1000,
      created_at_before: 1767312000,
    });
    expect(exportBody({ from: "2026-01-01T10:00:00+02:00", to: "2026-01-02T00:00:00.500Z" }, now)).toEqual({
      created_at_after: Date.UTC(2026, 0, 1, 8) / 1000,
      created_at_before: Date.UTC(2026, 0, 2) / 1000,
    });
  });

  test("a date-only `to` of today ends at the current second, not at 23:59:59", () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 30, 700);
    expect(exportBody({ from: "2026-01-15", to: "2026-01-15" }, now)).toEqual({
      created_at_after: Date.UTC(2026, 0, 15) / 1000,
      created_at_before: Date.UTC(2026, 0, 15, 12, 0, 30) / 1000,
    });
  });

  test.each([
    [{ from: "2026-01-02", to: "2026-01-01" }, RangeError, /`from` "2026-01-02" is after `to` "2026-01-01"/],
    [{ from: "2999-01-01", to: "2999-01-02" }, RangeError, /`from` "2999-01-01" is in the future/],
    [{ from: "2026-01-01", to: new Date(Date.now() + 60_000) }, RangeError, /`to` .* is in the future/],
    [{ from: "2026-02-30", to: "2026-03-01" }, TypeError, /"2026-02-30" is not a calendar date/],
    [{ from: "2026-01-01T10:00:00", to: "2026-01-02" }, TypeError, /neither a date .* nor a date-time with Z or an offset/],
    [{ from: "yesterday", to: "2026-01-02" }, TypeError, /"yesterday" is neither/],
    [{ from: 1767225600000, to: 1767312000 }, TypeError, /looks like milliseconds/],
    [{ from: -1, to: 1767312000 }, TypeError, /UNIX seconds \(a non-negative integer\), got -1/],
    [{ from: 1767225600.5, to: 1767312000 }, TypeError, /UNIX seconds/],
    [{ from: new Date(Number.NaN), to: "2026-01-02" }, TypeError, /invalid Date/],
    [{ from: "2026-01-01" }, TypeError, /`to` must be a Date, an ISO 8601 string or UNIX seconds/],
    [null, TypeError, /expected \{ from, to \}/],
  ])("rejects %j before any request", async (range, type, message) => {
    const intercom = client();
    const error = await intercom.exports.create(range as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(fake.requests).toHaveLength(0);
    expect(exchanges).toHaveLength(0);
  });

  test("a second job while one is active is an ExportLimitError, sent once (not retried) even with retries on", async () => {
    const intercom = client({ retry: 2 });
    await intercom.exports.create({ from: "2026-01-01", to: "2026-01-02" });
    const error = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-02" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportLimitError);
    expect(error).toBeInstanceOf(IntercomError);
    const limit = error as ExportLimitError;
    expect(limit.status).toBe(429);
    expect(limit.code).toBe("rate_limit_exceeded");
    expect(limit.requestId).toBe("req-limit");
    expect(limit.message).toMatch(/one active export job per workspace .*Exceeded rate limit of 1 pending message data export jobs.*waitIfBusy/);
    expect(fake.count("POST /export/content/data")).toBe(2);
    expect(exchanges.map((e) => e.status)).toEqual([200, 429]);
  });
});

describe("wait", () => {
  test("polls to `completed` and reports each status once, however often it is seen", async () => {
    fake.plan({ statuses: ["pending", "pending", "in_progress", "in_progress", "in_progress", "completed"] });
    const intercom = client();
    const seen: string[] = [];
    const created = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const job = await intercom.exports.wait(created, { interval: fast, onStatus: (j) => seen.push(j.status) });
    expect(job.status).toBe("completed");
    expect(job.download_url).toMatch(/\/download\/content\/data\/job1$/);
    expect(Number(job.download_expires_at)).toBeGreaterThan(Date.now() / 1000);
    expect(seen).toEqual(["pending", "in_progress", "completed"]);
    expect(fake.count("GET /export/content/data/job1")).toBe(5);
  });

  test("given an id, checks first; a job already ended costs that one check", async () => {
    fake.plan({ statuses: ["no_data"] });
    const intercom = client();
    await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const seen: string[] = [];
    const job = await intercom.exports.wait("job1", { interval: fast, onStatus: (j) => seen.push(j.status) });
    expect(job.status).toBe("no_data");
    expect(seen).toEqual(["no_data"]);
    expect(fake.count("GET /export/content/data/job1")).toBe(1);
  });

  test("accepts `complete`, the word the download operation's description uses (straight to the fake: not in the enum)", async () => {
    fake.plan({ statuses: ["pending", "complete"] }, { csv: "user_id,name\n7,Grace\n" });
    const intercom = client({ bypass: ALL });
    const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast });
    expect(job.status).toBe("complete");
    expect(await collect(intercom.exports.rows(job))).toEqual([{ user_id: "7", name: "Grace" }]);
  });

  test.each(["failed", "canceled"] as const)("a `%s` job rejects with ExportJobError carrying the job", async (status) => {
    fake.plan({ statuses: ["pending", "in_progress", status] });
    const intercom = client();
    const created = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const error = await intercom.exports.wait(created, { interval: fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportJobError);
    expect((error as ExportJobError).reason).toBe(status);
    expect((error as ExportJobError).job).toMatchObject({ job_identifier: "job1", status });
    expect((error as Error).message).toMatch(/^export job job1 (failed|was canceled)/);
    expect(fake.count("POST /export/cancel/")).toBe(0);
  });

  test("aborting cancels the job on Intercom's side, then rejects with the signal's reason", async () => {
    fake.plan({ statuses: ["pending", "in_progress"] });
    const intercom = client();
    const controller = new AbortController();
    const reason = new Error("user stopped it");
    const created = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const waiting = intercom.exports.wait(created, {
      interval: fast,
      signal: controller.signal,
      onStatus: (j) => j.status === "in_progress" && controller.abort(reason),
    });
    await expect(waiting).rejects.toBe(reason);
    expect(fake.count("POST /export/cancel/job1")).toBe(1);
    expect(fake.jobs.get("job1")!.status).toBe("canceled");
  });

  test("an already aborted signal cancels without polling", async () => {
    fake.plan({ statuses: ["pending"] });
    const intercom = client();
    const created = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const signal = AbortSignal.abort();
    await expect(intercom.exports.wait(created, { signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.count("GET /export/content/data/")).toBe(0);
    expect(fake.count("POST /export/cancel/job1")).toBe(1);
  });

  test("`cancelOnAbort: false` leaves the job running", async () => {
    fake.plan({ statuses: ["pending", "in_progress"] });
    const intercom = client();
    const controller = new AbortController();
    const created = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const waiting = intercom.exports.wait(created, {
      interval: fast,
      signal: controller.signal,
      cancelOnAbort: false,
      onStatus: (j) => j.status === "in_progress" && controller.abort(),
    });
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.count("POST /export/cancel/")).toBe(0);
    expect(fake.jobs.get("job1")!.status).toBe("in_progress");
  });

  test("hitting `timeout` cancels the job, then rejects with ExportJobError (reason timeout)", async () => {
    fake.plan({ statuses: ["pending", "in_progress"] });
    const intercom = client();
    const created = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const error = await intercom.exports.wait(created, { interval: fast, timeout: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportJobError);
    expect((error as ExportJobError).reason).toBe("timeout");
    expect((error as ExportJobError).job).toMatchObject({ job_identifier: "job1", status: "canceled" });
    // Pending until the first check returns: which one it was at the deadline depends on the machine.
    expect((error as Error).message).toMatch(/^export job job1 was still (pending|in_progress) after 400 ms: it has been canceled$/);
    expect(fake.count("POST /export/cancel/job1")).toBe(1);
    expect(fake.jobs.get("job1")!.status).toBe("canceled");
  });

  test.each([
    [{ interval: { initial: 100, max: 10 } }, RangeError, /`interval.max` \(10\) is below `interval.initial` \(100\)/],
    [{ interval: { initial: 0 } }, RangeError, /`interval.initial` must be a positive number/],
    [{ interval: { factor: 0.5 } }, RangeError, /`interval.factor` must be a number >= 1/],
    [{ timeout: -1 }, RangeError, /`timeout` must be a positive number of ms/],
    [{ onStatus: "log" }, TypeError, /`onStatus` must be a function/],
    [{ signal: { aborted: false } }, TypeError, /`signal` must be an AbortSignal/],
    [{ cancelOnAbort: "no" }, TypeError, /`cancelOnAbort` must be a boolean/],
  ])("rejects options %j before any request", async (options, type, message) => {
    const error = await client()
      .exports.wait("job1", options as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });

  test.each(pins.map((p) => p.key))("%s: data_export says job_identifier (upstream's job_identfier is repaired by the overlay, not read at run time)", async (key) => {
    const properties = Object.keys(loadSpec(key).components.schemas.data_export.properties);
    expect(properties).toContain("job_identifier");
    expect(properties).not.toContain("job_identfier");
    await expect(client().exports.wait({ job_identfier: "job1", status: "pending" } as never)).rejects.toThrow(/expected a job or its job_identifier/);
  });

  test.each([[""], [{}], [{ job_identifier: 42 }], [null]])("rejects the job %j before any request", async (job) => {
    await expect(client().exports.wait(job as never)).rejects.toThrow(/expected a job or its job_identifier/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("polling delays", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** A client whose fetch answers from `statuses` at once and notes the (fake) time of each check. */
  function scripted(statuses: string[]) {
    const at: number[] = [];
    const fetch = async () => {
      at.push(Date.now());
      const status = statuses[Math.min(at.length - 1, statuses.length - 1)];
      return Response.json({ job_identifier: "j", status, download_url: "", download_expires_at: "" });
    };
    return { at, intercom: createIntercom({ token: "t", baseUrl: "http://127.0.0.1:9", retry: 0, fetch }) };
  }

  const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);

  test("grow by `factor` from `initial` and stop growing at `max` (jitter drawn at its longest)", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { at, intercom } = scripted([...Array(7).fill("in_progress"), "completed"]);
    const done = intercom.exports.wait("j", { interval: { initial: 100, max: 400, factor: 2 } });
    await vi.runAllTimersAsync();
    expect((await done).status).toBe("completed");
    expect(gaps(at)).toEqual([100, 200, 400, 400, 400, 400, 400]);
  });

  test("jitter draws each delay between half and all of its nominal value", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const { at, intercom } = scripted(["pending", "pending", "pending", "completed"]);
    const done = intercom.exports.wait("j", { interval: { initial: 1000, max: 3000, factor: 3 } });
    await vi.runAllTimersAsync();
    await done;
    expect(gaps(at)).toEqual([750, 2250, 2250]);
  });

  test("defaults: 1 s, doubling, capped at 30 s", () => {
    const nominal = (n: number) => pollDelay(n, { initial: 1000, max: 30_000, factor: 2 }, () => 0);
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(nominal)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  test("every delay lies in [nominal/2, nominal], and with factor >= 2 they never shrink, jitter included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 2, max: 5, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 2, maxLength: 30 }),
        (initial, spread, factor, randoms) => {
          const interval = { initial, max: initial * spread, factor };
          const delays = randoms.map((r, n) => pollDelay(n, interval, () => r));
          delays.forEach((d, n) => {
            const nominal = Math.min(interval.max, initial * factor ** n);
            expect(d).toBeGreaterThanOrEqual(nominal / 2);
            expect(d).toBeLessThanOrEqual(nominal);
          });
          const capped = delays.findIndex((_, n) => initial * factor ** n >= interval.max);
          const growing = capped === -1 ? delays : delays.slice(0, capped);
          growing.slice(1).forEach((d, i) => expect(d).toBeGreaterThanOrEqual(growing[i]!));
        },
      ),
    );
  });
});

describe("run", () => {
  test("creates, then waits to the end", async () => {
    const seen: string[] = [];
    const job = await client().exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast, onStatus: (j) => seen.push(j.status) });
    expect(job).toMatchObject({ job_identifier: "job1", status: "completed" });
    expect(seen).toEqual(["pending", "in_progress", "completed"]);
    expect(exchanges.map((e) => e.what)).toEqual(["POST /export/content/data", "GET /export/content/data/job1", "GET /export/content/data/job1"]);
  });

  test("checks the range and the wait options before any request", async () => {
    const intercom = client();
    await expect(intercom.exports.run({ from: "2026-01-31", to: "2026-01-01" })).rejects.toThrow(RangeError);
    await expect(intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", timeout: 0 })).rejects.toThrow(/`timeout`/);
    await expect(intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", waitIfBusy: 1 as never })).rejects.toThrow(/`waitIfBusy`/);
    expect(fake.requests).toHaveLength(0);
  });

  test("while another job is active: ExportLimitError at once, unless `waitIfBusy`", async () => {
    fake.plan({ statuses: ["pending", "in_progress"] });
    const intercom = client();
    const first = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-02" });
    await expect(intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast })).rejects.toBeInstanceOf(ExportLimitError);
    expect(fake.count("POST /export/content/data")).toBe(2);

    fake.plan({ statuses: ["pending", "completed"] });
    // The first job ends after a few refused creates; `run` then gets its own.
    let refused = 0;
    const freeSlot = setInterval(() => {
      refused = fake.requests.filter((r) => r.method === "POST" && r.url === "/export/content/data").length - 2;
      if (refused >= 3) {
        clearInterval(freeSlot);
        void intercom.exports.cancel(first);
      }
    }, 2);
    const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast, waitIfBusy: true, timeout: 10_000 });
    clearInterval(freeSlot);
    expect(job).toMatchObject({ job_identifier: "job2", status: "completed" });
    expect(refused).toBeGreaterThanOrEqual(3);
  });

  test("`waitIfBusy` gives up at `timeout` with the last ExportLimitError", async () => {
    fake.plan({ statuses: ["pending"] });
    const intercom = client();
    await intercom.exports.create({ from: "2026-01-01", to: "2026-01-02" });
    const error = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast, waitIfBusy: true, timeout: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportLimitError);
    expect(fake.count("POST /export/content/data")).toBeGreaterThan(2);
    expect(fake.count("POST /export/cancel/")).toBe(0);
  });
});

const TRICKY_CSV =
  "\ufeffuser_id,email,name,content_title,received_at,first_open\n" +
  '1,ada@example.com,"Lovelace, Ada","Say ""hi""",1767225600,\n' +
  '2,grace@example.com,Grace,"two\nlines, and a comma",1767225601,1767229200\n' +
  "3,zoë@example.com,Zoë,,1767225602,1767229201\n";

const TRICKY_ROWS = [
  { user_id: "1", email: "ada@example.com", name: "Lovelace, Ada", content_title: 'Say "hi"', received_at: 1767225600, first_open: undefined },
  { user_id: "2", email: "grace@example.com", name: "Grace", content_title: "two\nlines, and a comma", received_at: 1767225601, first_open: 1767229200 },
  { user_id: "3", email: "zoë@example.com", name: "Zoë", content_title: "", received_at: 1767225602, first_open: 1767229201 },
];

/** 24 of data_export_csv's columns, as Intercom names them; the integer ones become numbers. */
const WIDE_COLUMNS = [
  "user_id",
  "user_external_id",
  "company_id",
  "email",
  "name",
  "ruleset_id",
  "content_id",
  "content_type",
  "content_title",
  "ruleset_version_id",
  "receipt_id",
  "received_at",
  "series_id",
  "series_title",
  "node_id",
  "first_reply",
  "first_completion",
  "first_series_completion",
  "first_goal_success",
  "first_open",
  "first_click",
  "first_dismisall",
  "first_unsubscribe",
  "first_hard_bounce",
];
const WIDE_CELLS = [
  ["1", "ext-1", "600", "ada@example.com", "Lovelace, Ada", "101", "1001", "email", 'Say "hi", again', "7", "8", "1767225600", "-1", "", "3", "", "", "", "", "1767229200", "", "", "", ""],
  [
    "2",
    "ext-2",
    "601",
    "zoë@example.com",
    "Zoë 日本語 🎉",
    "102",
    "1002",
    "post",
    'two\r\nlines, in a "quoted" cell that is long enough to cross several pieces of the download',
    "7",
    "9",
    "1767225601",
    "300",
    "Série, 1",
    "4",
    "1767225700",
    "",
    "",
    "",
    "",
    "1767229300",
    "",
    "",
    "",
  ],
  ["3", "ext-3", "-1", "grace@example.com", "Grace", "103", "1003", "chat", "", "7", "10", "1767225602", "-1", "", "5", "", "", "", "", "", "", "", "", "1767229400"],
];
const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
const WIDE_CSV = "\ufeff" + [WIDE_COLUMNS, ...WIDE_CELLS].map((r) => r.map(quoted).join(",")).join("\r\n") + "\r\n\r\n";
const INTEGER_COLUMNS = new Set(Object.entries(manifest211.exports.rows.columns).flatMap(([name, type]) => (type === "integer" ? [name] : [])));
const WIDE_ROWS = WIDE_CELLS.map((cells) => Object.fromEntries(WIDE_COLUMNS.map((name, i) => [name, INTEGER_COLUMNS.has(name) ? (cells[i] === "" ? undefined : Number(cells[i])) : cells[i]])));

describe("download", () => {
  async function completedJob(intercom: ReturnType<typeof client>) {
    return intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast });
  }

  test("a plain CSV body, through Prism, with Accept: application/octet-stream, from the client's base URL", async () => {
    fake.plan({ statuses: ["pending", "completed"] }, { csv: TRICKY_CSV, gzip: false });
    const intercom = client();
    const job = await completedJob(intercom);
    expect(await text(await intercom.exports.download(job))).toBe(TRICKY_CSV);
    const download = fake.requests.find((r) => r.url.startsWith("/download/"))!;
    expect(download.headers.accept).toBe("application/octet-stream");
    expect(download.headers.authorization).toBe("Bearer exports-test-token");
    expect(exchanges.at(-1)).toMatchObject({ what: "GET /download/content/data/job1", status: 200 });
  });

  test.each([
    ["in one piece", undefined],
    ["one byte at a time (the magic number split across reads)", 1],
    ["in 7-byte pieces", 7],
  ])("a gzip body is inflated on the fly, %s (straight to the fake: Prism mangles binary)", async (_, chunkSize) => {
    fake.plan({ statuses: ["pending", "completed"] }, { csv: TRICKY_CSV, chunkSize });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await completedJob(intercom);
    expect(await text(await intercom.exports.download(job))).toBe(TRICKY_CSV);
  });

  test("given an id, the job is checked first", async () => {
    fake.plan({ statuses: ["completed"] }, { csv: "user_id\n9\n", gzip: false });
    const intercom = client();
    await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    expect(await text(await intercom.exports.download("job1"))).toBe("user_id\n9\n");
    expect(exchanges.map((e) => e.what)).toEqual(["POST /export/content/data", "GET /export/content/data/job1", "GET /download/content/data/job1"]);
  });

  test("a truncated gzip stream is an error", async () => {
    const csv = `user_id,name\n${Array.from({ length: 2000 }, (_, i) => `${i},name ${i}`).join("\n")}\n`;
    fake.plan({ statuses: ["pending", "completed"] }, { csv, truncateTo: Math.floor(gzipSync(csv).length / 2) });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await completedJob(intercom);
    await expect(text(await intercom.exports.download(job))).rejects.toThrow(/download of export job job1 is not valid gzip or was cut short: unexpected end of file/);
    await expect(collect(intercom.exports.rows(job))).rejects.toThrow(/not valid gzip or was cut short/);
  });

  test("the download is read no faster than it is consumed (Node's DecompressionStream alone would read it all)", async () => {
    const noise = randomBytes(24 * 2 ** 20); // incompressible: 24 MiB on the wire too
    fake.plan({ statuses: ["pending", "completed"] }, { csv: noise, chunkSize: 64 * 1024 });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await completedJob(intercom);
    const reader = (await intercom.exports.download(job)).getReader();
    expect((await reader.read()).value!.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    // What the sockets' buffers hold between the fake and the reader, and no more.
    expect(fake.downloadSent).toBeLessThan(12 * 2 ** 20);
    await reader.cancel();
  });

  test("a connection dropped mid-body is an error", async () => {
    const csv = `user_id,name\n${Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`).join("\n")}\n`;
    fake.plan({ statuses: ["pending", "completed"] }, { csv, gzip: false, dropAfter: 50_000, chunkSize: 10_000 });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await completedJob(intercom);
    await expect(text(await intercom.exports.download(job))).rejects.toThrow();
  });

  test.each(["pending", "in_progress", "failed", "canceled"] as const)("a `%s` job is not downloadable: ExportJobError, no download request", async (status) => {
    fake.plan({ statuses: [status] });
    const intercom = client();
    await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const error = await intercom.exports.download("job1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportJobError);
    expect((error as ExportJobError).reason).toBe("not_completed");
    expect((error as Error).message).toBe(`export job job1 is ${status}, not completed: wait for it with exports.wait() before downloading`);
    expect(fake.count("GET /download/")).toBe(0);
  });

  test("an expired download is an ExportJobError, no download request", async () => {
    const expired = Math.floor(Date.now() / 1000) - 60;
    fake.plan({ statuses: ["pending", "completed"], expiresAt: expired });
    const intercom = client();
    const job = await completedJob(intercom);
    for (const target of [job, "job1"]) {
      const error = await intercom.exports.download(target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExportJobError);
      expect((error as ExportJobError).reason).toBe("expired");
      expect((error as Error).message).toBe(`the download of export job job1 expired at ${new Date(expired * 1000).toISOString()}: create a new export`);
    }
    await expect(collect(intercom.exports.rows(job))).rejects.toThrow(/expired/);
    expect(fake.count("GET /download/")).toBe(0);
  });

  test("a download Intercom refuses is an IntercomError (straight to the fake: the spec declares no 404)", async () => {
    fake.plan({ statuses: ["pending", "completed"] });
    const intercom = client({ bypass: ALL });
    const job = await completedJob(intercom);
    fake.jobs.get("job1")!.plan.expiresAt = Math.floor(Date.now() / 1000) - 1;
    // The job object still says it has two days left; the server knows better.
    const error = await intercom.exports.download(job).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ status: 404, code: "not_found" });
  });

  test("a `no_data` job gives an empty stream without a download request", async () => {
    fake.plan({ statuses: ["pending", "no_data"] });
    const intercom = client();
    const job = await completedJob(intercom);
    expect(await text(await intercom.exports.download(job))).toBe("");
    expect(fake.count("GET /download/")).toBe(0);
  });
});

describe("rows", () => {
  test("parses quotes, embedded newlines and commas, a BOM and UTF-8; integer columns become numbers", async () => {
    fake.plan({ statuses: ["pending", "completed"] }, { csv: TRICKY_CSV, chunkSize: 5 });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast });
    expect(await collect(intercom.exports.rows(job))).toEqual(TRICKY_ROWS);
  });

  test("the same from a plain body through Prism", async () => {
    fake.plan({ statuses: ["pending", "completed"] }, { csv: TRICKY_CSV, gzip: false });
    const intercom = client();
    const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast });
    expect(await collect(intercom.exports.rows(job.job_identifier))).toEqual(TRICKY_ROWS);
    expect(exchanges.at(-1)).toMatchObject({ what: "GET /download/content/data/job1", status: 200 });
  });

  test.each([
    ["gzip, inflated from 7-byte pieces", { chunkSize: 7 }],
    ["plain, in 5-byte pieces", { gzip: false, chunkSize: 5, chunkDelay: 1 }],
  ])("24 columns, CRLF, a BOM, quoted cells across pieces, multi-byte characters split, an empty last line: %s (straight to the fake)", async (_, download) => {
    fake.plan({ statuses: ["completed"] }, { csv: WIDE_CSV, ...download });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    expect(await collect(intercom.exports.rows(job))).toEqual(WIDE_ROWS);
  });

  test("an export whose CSV ends inside a quoted cell is an error, after the rows before it", async () => {
    fake.plan({ statuses: ["completed"] }, { csv: WIDE_CSV.slice(0, WIDE_CSV.indexOf("cross several")) });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const row of intercom.exports.rows(job)) seen.push(row);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(WIDE_ROWS.slice(0, 1));
    expect(error).toMatchObject({ name: "SyntaxError", code: "CSV_QUOTE_NOT_CLOSED" });
  });

  test("`no_data` gives zero rows, not an error, and no download", async () => {
    fake.plan({ statuses: ["pending", "no_data"] });
    const intercom = client();
    const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast });
    expect(await collect(intercom.exports.rows(job))).toEqual([]);
    expect(fake.count("GET /download/")).toBe(0);
  });

  test("a cell that breaks its column's type is an error naming the line and column", async () => {
    fake.plan({ statuses: ["completed"] }, { csv: "user_id,received_at\n1,1767225600\n2,2026-01-01 10:00:00\n", gzip: false });
    const intercom = client();
    const job = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const row of intercom.exports.rows(job)) seen.push(row);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ user_id: "1", received_at: 1767225600 }]);
    expect((error as Error).message).toMatch(/row 2: `received_at` should be an integer \(data_export_csv\), got "2026-01-01 10:00:00"/);
  });

  test("a malformed CSV (an unclosed quote) is an error with csv-parse's code, as before", async () => {
    fake.plan({ statuses: ["completed"] }, { csv: 'user_id,name\n1,"Ada\n', gzip: false });
    const intercom = client();
    const job = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    await expect(collect(intercom.exports.rows(job))).rejects.toMatchObject({ code: "CSV_QUOTE_NOT_CLOSED" });
  });

  test("stopping early cancels the download", async () => {
    const csv = `user_id,name\n${Array.from({ length: 5000 }, (_, i) => `${i},name ${i}`).join("\n")}\n`;
    fake.plan({ statuses: ["pending", "completed"] }, { csv, gzip: false, chunkSize: 1000, chunkDelay: 20 });
    const intercom = client({ bypass: DOWNLOADS });
    const job = await intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", interval: fast });
    for await (const row of intercom.exports.rows(job)) {
      expect(row.user_id).toBe("0");
      break;
    }
    // Were the download not canceled, the fake would write its last chunk after ~1.4 s and count no cut.
    await vi.waitFor(() => expect(fake.downloadsCut).toBe(1), { timeout: 1000 });
  });

  test.each(pins.map((p) => p.key))("the manifest's integer columns are those of %s's data_export_csv", async (key) => {
    const csv = loadSpec(key).components.schemas.data_export_csv;
    const integers = Object.entries(csv.properties as Record<string, { type: string }>)
      .filter(([, p]) => p.type === "integer")
      .map(([name]) => name);
    const { manifest } = await import(`${root}/generated/${key}/meta.ts`);
    const columns = manifest.exports.rows.columns as Record<string, string>;
    expect(
      Object.keys(columns)
        .filter((c) => columns[c] === "integer")
        .sort(),
    ).toEqual(integers.sort());
    expect(Object.keys(columns).sort()).toEqual(Object.keys(csv.properties).sort());
  });
});
