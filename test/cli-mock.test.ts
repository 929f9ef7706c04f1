// `intercom-fetch mock`, the package's bin as built (dist/cli.js: `npm run build` first), in a child
// process: it prints its URL, answers as the version's fake with the token given and the seed file's
// records, refuses what the description refuses, and stops cleanly on SIGTERM and SIGINT.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { root } from "./support/versions.js";

const CLI = path.join(root, "dist", "cli.js");
const TOKEN = "mock-test-token-do-not-print";
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  dir = await mkdtemp(path.join(tmpdir(), "intercom-fetch-mock-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mock`; once it prints its URL, `use(url)` runs, then the process gets `signal`. Bounded:
 * a run still alive after 30 s is killed, and the test fails on its output.
 */
function mock(args: string[], use?: (url: string) => Promise<void>, signal: NodeJS.Signals = "SIGTERM") {
  return new Promise<Run & { error?: unknown }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "mock", ...args], { cwd: root, env: { PATH: process.env.PATH! }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let started = false;
    let error: unknown;
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url && !started) {
        started = true;
        (use ?? (async () => {}))(url)
          .catch((e) => (error = e))
          .finally(() => child.kill(signal));
      }
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, error });
    });
  });
}

describe("intercom-fetch mock", () => {
  test("serves the version's fake on loopback with the token and the seed, then stops on SIGTERM", async () => {
    const seed = path.join(dir, "seed.json");
    await writeFile(seed, JSON.stringify({ contacts: [{ email: "ada@example.com", tags: ["vip"] }, { email: "bob@example.org" }], ticketTypes: [{ name: "Bug" }] }));
    const seen: Record<string, unknown> = {};
    const run = await mock(["--port", "0", "--version", "2.11", "--token", TOKEN, "--seed", seed], async (url) => {
      const call = (p: string, init: RequestInit = {}, token = TOKEN) =>
        fetch(`${url}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "intercom-version": "2.11" } });
      seen.wrongToken = (await call("/me", {}, "wrong")).status;
      const found = await (await call("/contacts/search", { method: "POST", body: JSON.stringify({ query: { field: "email", operator: "$", value: "@example.com" } }) })).json();
      seen.found = found.data.map((c: { email: string }) => c.email);
      const types = await (await call("/ticket_types")).json();
      seen.types = types.data.map((t: { name: string }) => t.name);
      const refused = await call("/contacts", { method: "POST", body: JSON.stringify({ email: "x@example.com", phone: 1 }) });
      seen.refused = [refused.status, (await refused.json()).errors[0].field];
    });
    expect(run.error).toBeUndefined();
    expect(seen).toEqual({ wrongToken: 401, found: ["ada@example.com"], types: ["Bug"], refused: [400, "phone"] });
    expect(run.stdout).toMatch(/^Fake Intercom 2\.11 listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout).toMatch(/Stopped \(SIGTERM\)/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.code).toBe(0);
  });

  test("an alias version and SIGINT; the default token is printed, as it is public", async () => {
    let status = 0;
    const run = await mock(
      ["--port", "0", "--version", "preview"],
      async (url) => {
        status = (await fetch(`${url}/me`, { headers: { authorization: "Bearer fake-intercom-token" } })).status;
      },
      "SIGINT",
    );
    expect(status).toBe(200);
    expect(run.stdout).toMatch(/Fake Intercom Preview listening on/);
    expect(run.stdout).toContain("Bearer fake-intercom-token");
    expect(run.code).toBe(0);
  });

  test("bad usage exits 2 naming the option: an unknown version, a bad port, a seed of an unknown collection", async () => {
    const badSeed = path.join(dir, "bad-seed.json");
    await writeFile(badSeed, JSON.stringify({ users: [] }));
    for (const [args, message] of [
      [["--version", "9.99"], /unknown --version "9\.99"/],
      [["--port", "70000"], /--port must be a port number/],
      [["--port", "0", "--seed", badSeed], /unknown collection\(s\) users/],
    ] as const) {
      const run = await mock([...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
