// intercom.exports is typed from each version's spec: jobs from `getDataExport`'s response, rows
// from `data_export_csv`, which no operation returns (hence the entry's `components`).
import { describe, expectTypeOf, test } from "vitest";
import { createIntercom as create210, type components as C210 } from "../generated/2.10/index.js";
import { createIntercom, type components, type operations } from "../generated/2.11/index.js";
import type { ExportJobError, ExportLimitError, IntercomError, ExportJob, ExportRow, ExportWaitOptions } from "../src/index.js";

const intercom = createIntercom({ token: "t" });
type Job = components["schemas"]["data_export"];
type Row = components["schemas"]["data_export_csv"];

describe("jobs", () => {
  test("create, get, cancel, wait and run resolve to the version's data_export", () => {
    expectTypeOf(intercom.exports.create({ from: "2026-01-01", to: new Date() })).resolves.toEqualTypeOf<Job>();
    expectTypeOf(intercom.exports.get("id")).resolves.toEqualTypeOf<Job>();
    expectTypeOf(intercom.exports.cancel("id")).resolves.toEqualTypeOf<Job>();
    expectTypeOf(intercom.exports.wait("id")).resolves.toEqualTypeOf<Job>();
    expectTypeOf(intercom.exports.run({ from: 1767225600, to: 1767312000 })).resolves.toEqualTypeOf<Job>();
    expectTypeOf<ExportJob<operations>>().toEqualTypeOf<Job>();
  });

  test("its status is the spec's enum", () => {
    expectTypeOf<Job["status"]>().toEqualTypeOf<"pending" | "in_progress" | "failed" | "completed" | "no_data" | "canceled">();
  });

  test("onStatus gets the job; wait and download take a job or its id", async () => {
    const job = await intercom.exports.create({ from: "2026-01-01", to: "2026-01-31" });
    await intercom.exports.wait(job, { onStatus: (j) => expectTypeOf(j).toEqualTypeOf<Job>(), interval: { initial: 500 }, timeout: 60_000 });
    await intercom.exports.download(job.job_identifier);
    // @ts-expect-error a number is not a job
    await intercom.exports.wait(42);
  });

  test("dates are a Date, a string or UNIX seconds; both ends required", () => {
    // @ts-expect-error a boolean is not a date
    void intercom.exports.create({ from: true, to: "2026-01-31" });
    // @ts-expect-error `to` is required
    void intercom.exports.create({ from: "2026-01-01" });
    // @ts-expect-error the range is not a pair
    void intercom.exports.create(["2026-01-01", "2026-01-31"]);
  });

  test("wait's options are checked", () => {
    // @ts-expect-error interval is an object of ms
    void intercom.exports.wait("id", { interval: 500 });
    // @ts-expect-error unknown option
    void intercom.exports.wait("id", { pollEvery: 500 });
    expectTypeOf<ExportWaitOptions<Job>["cancelOnAbort"]>().toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error waitIfBusy belongs to run()
    void intercom.exports.wait("id", { waitIfBusy: true });
    void intercom.exports.run({ from: "2026-01-01", to: "2026-01-31", waitIfBusy: true, signal: AbortSignal.timeout(1000) });
  });
});

describe("download and rows", () => {
  test("download gives bytes", () => {
    expectTypeOf(intercom.exports.download("id")).resolves.toEqualTypeOf<ReadableStream<Uint8Array>>();
  });

  test("rows are the version's data_export_csv, integer columns as numbers", async () => {
    for await (const row of intercom.exports.rows("id")) {
      expectTypeOf(row).toEqualTypeOf<Row>();
      expectTypeOf(row.email).toEqualTypeOf<string>();
      expectTypeOf(row.received_at).toEqualTypeOf<number | undefined>();
      // @ts-expect-error not a column of data_export_csv
      void row.message_body;
    }
    expectTypeOf<ExportRow<components>>().toEqualTypeOf<Row>();
  });

  test("each version its own schemas", () => {
    const old = create210({ token: "t" });
    expectTypeOf(old.exports.rows("id")).toEqualTypeOf<AsyncIterableIterator<C210["schemas"]["data_export_csv"]>>();
    // 2.10's data_export declares no required property; upstream spells its id `job_identfier`,
    // which the 2.10 overlay repairs to the `job_identifier` Intercom sends.
    expectTypeOf(old.exports.get("id")).resolves.toEqualTypeOf<C210["schemas"]["data_export"]>();
    expectTypeOf<C210["schemas"]["data_export"]["job_identifier"]>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error the misspelt property is gone
    expectTypeOf<C210["schemas"]["data_export"]["job_identfier"]>().toEqualTypeOf<string | undefined>();
  });
});

describe("errors", () => {
  test("ExportLimitError is an IntercomError; ExportJobError carries the job and a reason", () => {
    expectTypeOf<ExportLimitError>().toMatchTypeOf<IntercomError>();
    expectTypeOf<ExportJobError["reason"]>().toEqualTypeOf<"failed" | "canceled" | "timeout" | "not_completed" | "expired">();
    expectTypeOf<ExportJobError["job"]["status"]>().toEqualTypeOf<string | undefined>();
  });
});
