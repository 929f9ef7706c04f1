// `intercom-fetch export`, the package's bin as built (dist/cli.js: run `npm run build` first; `npm test`
// builds before it tests), in a child process against the fake export lifecycle: exit codes, the
// output file, no partial file on failure, Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startPrism } from "../scripts/lib/prism.mjs";
import { startFakeExports, type FakeExports } from "./support/fake-exports.js";
import { pins, root, specFile } from "./support/versions.js";

const CLI = path.join(root, "dist", "cli.js");
const TOKEN = "cli-test-token-do-not-print";
const CSV = 'user_id,email,name,content_title,received_at\n1,ada@example.com,"Lovelace, Ada","two\nlines",1767225600\n';
const LATEST = pins
  .map((p) => p.key)
  .filter((k) => /^\d+(\.\d+)*$/.test(k))
  .sort((a, b) => {
    const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
    return x[0]! - y[0]! || x[1]! - y[1]!;
  })
  .at(-1)!;

let fake: FakeExports;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  fake = await startFakeExports();
});
afterAll(() => fake?.close());
beforeEach(async () => {
  fake.reset();
  fake.plan({ statuses: ["pending", "in_progress", "completed"] }, { csv: CSV });
  dir = await mkdtemp(path.join(tmpdir(), "intercom-fetch-cli-"));
  return () => rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the bin; `until` is called on each stdout chunk with the process, e.g. to send it SIGINT.
 * Bounded: a run that has not ended after 20 s is killed, and the test fails on its output.
 */
function cli(args: string[], options: { env?: Record<string, string>; until?: (out: string, kill: (s: NodeJS.Signals) => void) => void } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const env = { PATH: process.env.PATH!, INTERCOM_TOKEN: TOKEN, ...options.env };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      options.until?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const exportArgs = (out = "messages.csv", extra: string[] = []) => ["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", out, "--base-url", fake.url, "--poll-interval", "5", ...extra];

/** Nothing but `expected` in the output folder: no temporary file left behind. */
async function expectFiles(expected: string[]) {
  expect((await readdir(dir)).sort()).toEqual(expected.sort());
}

function expectNoToken(run: Run) {
  expect(run.stdout).not.toContain(TOKEN);
  expect(run.stderr).not.toContain(TOKEN);
}

describe("intercom-fetch export", () => {
  test("creates, waits, downloads and writes the CSV; plain progress lines when stdout is not a terminal", async () => {
    const run = await cli(exportArgs());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await readFile(path.join(dir, "messages.csv"), "utf8")).toBe(CSV);
    await expectFiles(["messages.csv"]);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe("creating the export job");
    expect(lines.filter((l) => / \((\d+) s\)$/.test(l)).map((l) => l.replace(/ \(\d+ s\)$/, ""))).toEqual(["export job1: pending", "export job1: in_progress", "export job1: completed"]);
    expect(lines).toContain(`export job1: downloaded ${Buffer.byteLength(CSV)} B`);
    expect(lines.at(-1)).toBe(`wrote ${Buffer.byteLength(CSV)} bytes to ${path.join(dir, "messages.csv")}`);
    expect(run.stdout).not.toContain("\r");
    expectNoToken(run);

    const [create, ...rest] = fake.requests;
    expect(create!.headers["intercom-version"]).toBe(LATEST);
    expect(create!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(create!.body)).toEqual({ created_at_after: Date.UTC(2026, 0, 1) / 1000, created_at_before: Date.UTC(2026, 0, 31, 23, 59, 59) / 1000 });
    expect(rest.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /export/content/data/job1", "GET /export/content/data/job1", "GET /download/content/data/job1"]);
    expect(rest.at(-1)!.headers.accept).toBe("application/octet-stream");
  });

  test("--version picks the entry; the base URL may come from INTERCOM_BASE_URL", async () => {
    const args = exportArgs().filter((a, i, all) => a !== "--base-url" && all[i - 1] !== "--base-url");
    const run = await cli([...args, "--version", "2.11"], { env: { INTERCOM_BASE_URL: fake.url } });
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests.every((r) => r.headers["intercom-version"] === "2.11")).toBe(true);
  });

  test("a range without data writes an empty file", async () => {
    fake.plan({ statuses: ["pending", "no_data"] });
    const run = await cli(exportArgs());
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(dir, "messages.csv"), "utf8")).toBe("");
    expect(run.stdout).toContain("no data in that range");
    expect(fake.count("GET /download/")).toBe(0);
  });

  test("a failed job exits 1 with a one-line reason and writes nothing", async () => {
    fake.plan({ statuses: ["pending", "failed"] });
    const run = await cli(exportArgs());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("intercom-fetch: export job job1 failed on Intercom's side\n");
    await expectFiles([]);
  });

  test("another active job: exit 1 saying so, and suggesting --wait-if-busy", async () => {
    fake.plan({ statuses: ["in_progress"] });
    await fetch(`${fake.url}/export/content/data`, { method: "POST", body: JSON.stringify({ created_at_after: 1, created_at_before: 2 }) });
    const run = await cli(exportArgs());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("intercom-fetch: another export job is active in this workspace and Intercom allows one at a time: wait for it to end, or pass --wait-if-busy\n");
    await expectFiles([]);
  });

  test("--wait-if-busy waits out another active job", async () => {
    fake.plan({ statuses: ["in_progress"] });
    await fetch(`${fake.url}/export/content/data`, { method: "POST", body: JSON.stringify({ created_at_after: 1, created_at_before: 2 }) });
    fake.plan({ statuses: ["pending", "completed"] }, { csv: CSV });
    const creates = () => fake.count("POST /export/content/data");
    // The other job ends after the command's third refused create.
    const watcher = setInterval(() => {
      if (creates() >= 4) {
        clearInterval(watcher);
        void fetch(`${fake.url}/export/cancel/job1`, { method: "POST" });
      }
    }, 2);
    const run = await cli(exportArgs("messages.csv", ["--wait-if-busy"]));
    clearInterval(watcher);
    expect(run.code, run.stderr).toBe(0);
    expect(creates()).toBeGreaterThanOrEqual(4);
    expect(run.stdout).toContain("export job2: completed");
    expect(await readFile(path.join(dir, "messages.csv"), "utf8")).toBe(CSV);
  });

  test("a truncated gzip download exits 1 and leaves an existing file as it was, with no temporary file", async () => {
    fake.plan({ statuses: ["pending", "completed"] }, { csv: CSV.repeat(200), truncateTo: Math.floor(gzipSync(CSV.repeat(200)).length / 2) });
    await writeFile(path.join(dir, "messages.csv"), "yesterday's export\n");
    const run = await cli(exportArgs());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("intercom-fetch: the download of export job job1 is not valid gzip or was cut short: unexpected end of file\n");
    expect(await readFile(path.join(dir, "messages.csv"), "utf8")).toBe("yesterday's export\n");
    await expectFiles(["messages.csv"]);
  });

  test("--max-bytes: a download that inflates beyond it exits 1 and leaves no file", async () => {
    fake.plan({ statuses: ["pending", "completed"] }, { csv: CSV.repeat(200) });
    const run = await cli(exportArgs("messages.csv", ["--max-bytes", "1000"]));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("intercom-fetch: the download of export job job1 is larger than maxBytes (1000 bytes of CSV once inflated)\n");
    await expectFiles([]);
    expect((await cli(exportArgs("messages.csv", ["--max-bytes", "-1"]))).code).toBe(2);
  });

  test("an expired download exits 1 without downloading", async () => {
    fake.plan({ statuses: ["pending", "completed"], expiresAt: Math.floor(Date.now() / 1000) - 5 });
    const run = await cli(exportArgs());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^intercom-fetch: the download of export job job1 expired at .*: create a new export\n$/);
    expect(fake.count("GET /download/")).toBe(0);
    await expectFiles([]);
  });

  test("Ctrl-C while the job runs cancels it on Intercom's side, exits 130, writes nothing", async () => {
    fake.plan({ statuses: ["pending", "in_progress"] });
    let sent = false;
    const run = await cli(exportArgs(), {
      until: (out, kill) => {
        if (!sent && out.includes("export job1: in_progress")) {
          sent = true;
          kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toBe("intercom-fetch: interrupted (SIGINT): export job job1 canceled\n");
    expect(fake.count("POST /export/cancel/job1")).toBe(1);
    expect(fake.jobs.get("job1")!.status).toBe("canceled");
    await expectFiles([]);
  });

  test("Ctrl-C during the download stops it, exits 130, leaves no partial file", async () => {
    const big = `user_id,name\n${Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`).join("\n")}\n`;
    fake.plan({ statuses: ["pending", "completed"] }, { csv: big, gzip: false, chunkSize: 4096, chunkDelay: 50 });
    let sent = false;
    const run = await cli(exportArgs(), {
      until: (out, kill) => {
        if (!sent && out.includes("downloading")) {
          sent = true;
          kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toBe("intercom-fetch: interrupted (SIGINT): download stopped, no file written\n");
    expect(fake.count("POST /export/cancel/")).toBe(0);
    await expectFiles([]);
  });

  test("the CSV is readable by its owner only (mode 0600), also when it replaces a world-readable file (issue 22)", async () => {
    await writeFile(path.join(dir, "messages.csv"), "yesterday's export\n");
    await chmod(path.join(dir, "messages.csv"), 0o644);
    const run = await cli(exportArgs());
    expect(run.code, run.stderr).toBe(0);
    expect((await stat(path.join(dir, "messages.csv"))).mode & 0o777).toBe(0o600);
    fake.plan({ statuses: ["pending", "no_data"] });
    expect((await cli(exportArgs("empty.csv"))).code).toBe(0);
    expect((await stat(path.join(dir, "empty.csv"))).mode & 0o777).toBe(0o600);
  });

  test("a second interrupt (SIGINT, then SIGTERM) during the download exits 130 at once and leaves no partial file (issue 22)", async () => {
    const big = `user_id,name\n${Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}`).join("\n")}\n`;
    fake.plan({ statuses: ["pending", "completed"] }, { csv: big, gzip: false, chunkSize: 4096, chunkDelay: 50 });
    let sent = false;
    const run = await cli(exportArgs(), {
      until: (out, kill) => {
        if (!sent && out.includes("downloading")) {
          sent = true;
          kill("SIGINT");
          kill("SIGTERM");
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    // The second signal may arrive before or after the first one's cleanup: either way, one line.
    expect(run.stderr).toMatch(/^intercom-fetch: interrupted (again \(SIGTERM\): exiting without waiting; no file written|\(SIGINT\): download stopped, no file written)\n$/);
    expectNoToken(run);
    await expectFiles([]);
  });

  test("a gzip bomb (64 MiB of CSV from a small download) stops at --max-bytes: exit 1, no file", async () => {
    const bomb = `user_id\n${"1\n".repeat(32 * 1024 * 1024)}`;
    fake.plan({ statuses: ["pending", "completed"] }, { csv: bomb });
    const run = await cli(exportArgs("messages.csv", ["--max-bytes", String(1024 * 1024)]));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`intercom-fetch: the download of export job job1 is larger than maxBytes (${1024 * 1024} bytes of CSV once inflated)\n`);
    await expectFiles([]);
  });

  test("text from the server (a job's status, an error's reason) is printed with its terminal escapes neutralised (issue 22)", async () => {
    const hostile = createServer((req, res) => {
      const json = (status: number, body: unknown) => (res.writeHead(status, { "content-type": "application/json" }), res.end(JSON.stringify(body)));
      if (req.method === "POST" && req.url === "/export/content/data")
        return json(200, { job_identifier: "j1", status: "pending\u001b]0;owned\u0007\u001b[2J", download_url: "", download_expires_at: "" });
      if (req.method === "GET") return json(403, { type: "error.list", errors: [{ code: "forbidden", message: "no\u001b[31m\rway\u009b\u202e" }] });
      json(200, { job_identifier: "j1", status: "canceled" });
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
      const run = await cli(exportArgs().map((a) => (a === fake.url ? url : a)));
      expect(run.code).toBe(1);
      const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
      expect(run.stdout).not.toMatch(controls);
      expect(run.stderr).not.toMatch(controls);
      expect(run.stdout).toContain("export j1: pending\\x1b]0;owned\\x07\\x1b[2J");
      expect(run.stderr).toContain("no\\x1b[31m\\x0dway\\x9b\\u202e");
    } finally {
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  test.each([
    [["export", "--from", "2026-01-01", "--to", "2026-01-31"], {}, "--out is required"],
    [["export", "--from", "2026-02-30", "--to", "2026-03-01", "--out", "x.csv"], {}, 'exports: `from` "2026-02-30" is not a calendar date'],
    [["export", "--from", "2026-01-31", "--to", "2026-01-01", "--out", "x.csv"], {}, 'exports: `from` "2026-01-31" is after `to` "2026-01-01"'],
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.csv", "--version", "1.0"], {}, 'unknown --version "1.0"; this package has'],
    // A subpath of the package that is no API version.
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.csv", "--version", "webhooks"], {}, 'unknown --version "webhooks"; this package has 2.7,'],
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.csv", "--version", "2.11/core"], {}, 'unknown --version "2.11/core"'],
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.csv", "--region", "mars"], {}, 'createIntercom: unknown region "mars"'],
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "nowhere/x.csv"], {}, "nowhere is not a directory"],
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.csv"], { INTERCOM_TOKEN: "" }, "INTERCOM_TOKEN is not set"],
    [["export", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "x.csv", "--colour"], {}, "Unknown option '--colour'"],
    [["import"], {}, 'unknown command "import"'],
  ])("bad usage %j exits 2 with one line, before any request", async (args, env, message) => {
    const withUrl = args.includes("--out") && !args.includes("--region") ? [...args, "--base-url", fake.url] : args;
    const run = await cli(withUrl, { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^intercom-fetch: /);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);
    await expectFiles([]);
  });

  test("--help lists the package's versions and the default, the newest numbered one", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Intercom API version (default ${LATEST})`);
    for (const pin of pins) expect(run.stdout).toMatch(new RegExp(`[ ,]${pin.key.replace(".", "\\.")}[,\\n]`));
    expect(run.stdout).toContain("--base-url URL");
    // Only versions: the other subpaths of the package are not.
    const listed = run.stdout
      .slice(run.stdout.indexOf("one of:"), run.stdout.indexOf("--region"))
      .replace("one of:", "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const aliases = pins.flatMap((pin) => [pin.key, ...(pin.aliases ?? [])]);
    expect(listed.sort()).toEqual(aliases.sort());
  });

  test.runIf(existsSync("/usr/bin/script"))("on a terminal, one progress line redrawn in place", async () => {
    // `script` gives the command a pseudo-terminal, so that stdout.isTTY is true.
    const command = [process.execPath, CLI, ...exportArgs()].map((a) => `'${a}'`).join(" ");
    const run = await new Promise<Run>((resolve) => {
      const child = spawn("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd: dir, env: { PATH: process.env.PATH!, INTERCOM_TOKEN: TOKEN } });
      let stdout = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr: "" }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("\r\x1b[2Kexport job1: in_progress");
    expect(run.stdout).toMatch(/\r\x1b\[2Kexport job1: downloaded \d+ B\r?\n/);
    expect(await readFile(path.join(dir, "messages.csv"), "utf8")).toBe(CSV);
  });
});

describe("through Prism's validating proxy", () => {
  // The child's exchanges cannot be inspected from here, but Prism runs with --errors: a request
  // that breaks the 2.11 description gets its 422, a response that does gets its 500, and either
  // fails the command. The download is plain CSV: Prism cannot pass gzip through (see exports.test.ts).
  let prism: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    prism = await startPrism(specFile("2.11"), { mode: "proxy", upstream: fake.url });
  });
  afterAll(() => prism?.stop());

  test("a whole export with --version 2.11 passes", async () => {
    fake.plan({ statuses: ["pending", "in_progress", "completed"] }, { csv: CSV, gzip: false });
    const args = exportArgs().map((a) => (a === fake.url ? prism.url : a));
    const run = await cli([...args, "--version", "2.11"]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(dir, "messages.csv"), "utf8")).toBe(CSV);
    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /export/content/data",
      "GET /export/content/data/job1",
      "GET /export/content/data/job1",
      "GET /download/content/data/job1",
    ]);
  });
});
