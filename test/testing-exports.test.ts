// The fake's content data export, read by the library's exports helper: a job whose status moves
// on the fake's clock, the one-active-job 429, cancel, and a gzipped CSV whose rows are the
// messages sent in the range, with the version's columns.
import { describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { manifest } from "../generated/2.11/core.js";
import { ExportLimitError } from "../src/helpers/exports/index.js";
import { createFakeIntercom } from "../src/testing/index.js";

const DAY = 86_400;

function setup(exportSeconds: number) {
  // Near the real time: the helper checks a download's expiry against the real clock.
  let now = Math.floor(Date.now() / 1000) * 1000;
  const fake = createFakeIntercom({ manifest, now: () => now, exportSeconds });
  const intercom = createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
  const tick = (seconds: number) => {
    now += seconds * 1000;
  };
  return { fake, intercom, tick, nowSeconds: () => Math.floor(now / 1000) };
}

describe("content data export", () => {
  test("a job moves pending, in_progress, completed on the fake's clock, and its rows are the messages sent", async () => {
    const { fake, intercom, tick, nowSeconds } = setup(10);
    const ada = fake.data.contacts.create({ email: "ada@x.io", name: "Ada", external_id: "u-ada" });
    const send = (subject: string) =>
      intercom.POST("/messages", { body: { message_type: "email", subject, body: "Hi", template: "plain", from: { type: "admin", id: 1 }, to: { type: "user", id: ada.id as string } } });
    await send("Welcome");
    tick(60);
    await send('Tips, "quoted"');
    const range = { created_at_after: nowSeconds() - DAY, created_at_before: nowSeconds() + DAY };

    const created = await intercom.POST("/export/content/data", { body: range });
    expect(created.data).toMatchObject({ status: "pending", download_url: "" });
    const id = created.data!.job_identifier!;
    const again = await intercom.POST("/export/content/data", { body: range });
    expect(again.response.status).toBe(429);
    tick(5);
    expect((await intercom.GET("/export/content/data/{job_identifier}", { params: { path: { job_identifier: id } } })).data?.status).toBe("in_progress");
    tick(5);
    const done = await intercom.GET("/export/content/data/{job_identifier}", { params: { path: { job_identifier: id } } });
    expect(done.data).toMatchObject({ status: "completed", download_url: expect.stringContaining(id) });

    const rows = [];
    for await (const row of intercom.exports.rows(done.data as never)) rows.push(row);
    expect(Object.keys(rows[0]!)).toEqual(Object.keys(manifest.exports.rows.columns));
    expect(rows.map((r) => [r.user_id, r.user_external_id, r.email, r.content_title, typeof r.received_at])).toEqual([
      [ada.id, "u-ada", "ada@x.io", "Welcome", "number"],
      [ada.id, "u-ada", "ada@x.io", 'Tips, "quoted"', "number"],
    ]);
    expect(rows.map((r) => r.content_id)).toEqual(fake.data.messages.list().map((m) => m.id));
  });

  test("run() through the helper; no message in the range is no_data; cancel ends a job; the limit is ExportLimitError", async () => {
    const { intercom, nowSeconds } = setup(0);
    const empty = await intercom.exports.run({ from: new Date((nowSeconds() - DAY) * 1000), to: new Date(nowSeconds() * 1000), interval: { initial: 1, max: 1 } });
    expect(empty.status).toBe("no_data");

    const slow = setup(100);
    const job = await slow.intercom.POST("/export/content/data", { body: { created_at_after: 0, created_at_before: 1 } });
    await expect(slow.intercom.exports.run({ from: new Date(0), to: new Date(1000) })).rejects.toBeInstanceOf(ExportLimitError);
    const canceled = await slow.intercom.POST("/export/cancel/{job_identifier}", { params: { path: { job_identifier: job.data!.job_identifier! } } });
    expect(canceled.data?.status).toBe("canceled");
    expect((await slow.intercom.POST("/export/content/data", { body: { created_at_after: 0, created_at_before: 1 } })).response.status).toBe(200);
  });
});
