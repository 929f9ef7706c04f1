// The runtime matrix: the packed tarball, installed as a user installs it, run on every runtime of
// scripts/lib/runtimes.mjs (several Node releases, Bun, Deno, workerd, Chromium's page and Web
// Worker) against a loopback fake of Intercom. The checks are test/runtimes/*.check.mjs (a new one
// is picked up by every runtime); the README's support table must match what they expect.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { binaryOf, ensureRuntimes, RUNTIMES } from "../scripts/lib/runtimes.mjs";
import { EXPORT_CSV } from "./runtimes/client.check.mjs";
import { columnsOf, expectedCell, supportTable, TABLE_END, TABLE_START } from "./runtimes/table.mjs";
import { runHeadlessChromium } from "./support/chromium.js";
import { packTarball } from "./support/tarball.js";
import { root } from "./support/versions.js";

interface Runtime {
  name: string;
  kind: "node" | "bun" | "deno" | "workerd" | "browser";
  scope?: "page" | "worker";
  require: boolean;
}
interface Check {
  column: string;
  only?: (runtime: Runtime) => boolean;
  label?: (runtime: Runtime) => string;
}
interface Result {
  column: string;
  status: "pass" | "fail" | "n/a";
  label?: string;
  error?: string;
}

const runtimes = RUNTIMES as Runtime[];
const checkDir = path.join(root, "test/runtimes");
const checkFiles = readdirSync(checkDir)
  .filter((f) => f.endsWith(".check.mjs"))
  .sort();
const checks: Check[] = [];
for (const file of checkFiles) checks.push(...((await import(path.join(checkDir, file))) as { default: Check[] }).default);
const columns = columnsOf(checks) as string[];
/** One runtime's whole run (start, every check, exit). */
const RUN_TIMEOUT = 90_000;

let app: string;
let server: Server;
let baseUrl: string;
let closedUrl: string;
const bundles: { browser?: string; workerd?: string } = {};
const reports = new Map<string, (results: Result[] | { fatal: string }) => void>();
const seen = new Map<string, Result[] | { fatal: string }>();

beforeAll(async () => {
  const installed = await ensureRuntimes(RUNTIMES, { log: (line: string) => console.log(`runtimes: ${line}`) });
  if (installed.installed.length) console.log(`runtimes: installed ${installed.installed.join(", ")} in ${(installed.ms / 1000).toFixed(1)} s`);

  // The app: the tarball installed from its file, as `npm install <tarball>` does, and the checks beside it.
  // RUNTIMES_TARBALL runs the matrix on another build (an older release, to see what it finds).
  const tarball = process.env.RUNTIMES_TARBALL ?? packTarball();
  app = mkdtempSync(path.join(os.tmpdir(), "intercom-fetch-runtimes-"));
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "runtime-matrix", private: true, type: "module" }));
  // With the optional peers that `intercom-fetch/redis`, `intercom-fetch/otel` and `intercom-fetch/testing/msw` load, at the versions the project tests with.
  const peers = ["redis", "@opentelemetry/api", "msw"].map((name) => `${name}@${JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version}`);
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...peers], { cwd: app, stdio: "pipe" });
  for (const file of ["harness.mjs", "main.mjs", "webhooks.vectors.mjs", ...checkFiles]) copyFileSync(path.join(checkDir, file), path.join(app, file));

  server = await startFake();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closedUrl = `http://127.0.0.1:${await closedPort()}`;

  // Browsers and workerd load one bundle of the same checks (esbuild, as an app would bundle them).
  const imports = checkFiles.map((f, i) => `import c${i} from "./${f}";`).join("\n");
  const all = `const checks = [${checkFiles.map((_, i) => `...c${i}`).join(", ")}];`;
  const bundle = async (contents: string, conditions: string[]) => {
    const out = await build({
      stdin: { contents: `import { runChecks } from "./harness.mjs";\n${imports}\n${all}\n${contents}`, resolveDir: app, sourcefile: "entry.mjs" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      conditions,
      target: "es2022",
      external: ["node:*"],
      logLevel: "silent",
    });
    return out.outputFiles[0]!.text;
  };
  bundles.browser = await bundle(
    `const ctx = JSON.parse(new URL(import.meta.url).searchParams.get("ctx"));
     const results = await runChecks(checks, ctx);
     await fetch("/__runtime/report", { method: "POST", body: JSON.stringify({ name: ctx.runtime.name, results }) });`,
    ["browser"],
  );
  bundles.workerd = await bundle(`export default { async fetch(request) { return Response.json(await runChecks(checks, await request.json())); } };`, ["workerd", "worker", "browser"]);
}, 600_000);

afterAll(async () => {
  const table = supportTable(runtimes, columns, (runtime: Runtime, column: string) => {
    const results = seen.get(runtime.name);
    if (!results) return "not run";
    if ("fatal" in results) return "FAIL";
    const result = results.find((r) => r.column === column);
    return !result ? "missing" : result.status === "pass" ? result.label! : result.status === "n/a" ? "n/a" : "FAIL";
  });
  console.log(`\nRuntime matrix (as run):\n\n${table}\n`);
  mkdirSync(path.join(root, "reports"), { recursive: true });
  writeFileSync(path.join(root, "reports/runtimes.md"), `${table}\n`);
  await new Promise((resolve) => server?.close(resolve));
  if (app) rmSync(app, { recursive: true, force: true });
});

test("the README's support table is what the matrix expects of each runtime", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  const expected = supportTable(runtimes, columns, (runtime: Runtime, column: string) => expectedCell(runtime, checks, column));
  expect(start, "README.md lacks the runtimes table markers").toBeGreaterThan(-1);
  expect(readme.slice(start + TABLE_START.length, end).trim()).toBe(expected);
});

describe.each(runtimes.map((r) => [r.name, r] as const))("%s", (name, runtime) => {
  let results: Result[] | { fatal: string };
  beforeAll(async () => {
    const started = Date.now();
    results = await runOn(runtime);
    seen.set(name, results);
    console.log(`runtimes: ${name} ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, RUN_TIMEOUT + 10_000);

  test.each(columns)("%s", (column) => {
    if ("fatal" in results) throw new Error(`${name} did not run the checks: ${results.fatal}`);
    const result = results.find((r) => r.column === column);
    expect(result, `no result for ${column}`).toBeDefined();
    expect(result!.error ?? result!.status).toBe(expectedCell(runtime, checks, column) === "n/a" ? "n/a" : "pass");
  });
});

// ---- running a runtime ----

function contextFor(runtime: Runtime) {
  const run = runtime.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { runtime, baseUrl, closedUrl, run };
}

async function runOn(runtime: Runtime): Promise<Result[] | { fatal: string }> {
  const bin = binaryOf(runtime) as string;
  const ctx = JSON.stringify(contextFor(runtime));
  switch (runtime.kind) {
    case "node":
      return fromStdout(await exec(bin, [path.join(app, "main.mjs"), ctx]));
    case "bun":
      return fromStdout(await exec(bin, [path.join(app, "main.mjs"), ctx], { BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" }));
    case "deno":
      return fromStdout(await exec(bin, ["run", "--allow-all", "--no-lock", "--quiet", path.join(app, "main.mjs"), ctx], { DENO_NO_UPDATE_CHECK: "1", DENO_DIR: path.join(app, ".deno") }));
    case "workerd":
      return runWorkerd(bin, ctx);
    case "browser":
      return runBrowser(bin, runtime, ctx);
  }
}

function exec(bin: string, args: string[], env: Record<string, string> = {}, timeout = RUN_TIMEOUT) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(bin, args, { cwd: app, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function fromStdout({ code, stdout, stderr }: { code: number | null; stdout: string; stderr: string }) {
  const line = stdout.split("\n").find((l) => l.startsWith("@@results "));
  if (!line) return { fatal: `exit ${code}: ${(stderr || stdout).slice(-1500)}` };
  return JSON.parse(line.slice("@@results ".length)) as Result[];
}

/** workerd serving the bundle on a loopback port, with outbound access to loopback only. */
async function runWorkerd(bin: string, ctx: string): Promise<Result[] | { fatal: string }> {
  const dir = mkdtempSync(path.join(app, "workerd-"));
  const port = await closedPort();
  writeFileSync(path.join(dir, "worker.mjs"), bundles.workerd!);
  writeFileSync(
    path.join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.mjs")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`,
  );
  const child = spawn(bin, ["serve", path.join(dir, "config.capnp")], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  try {
    const deadline = Date.now() + RUN_TIMEOUT;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: ctx, signal: AbortSignal.timeout(RUN_TIMEOUT) });
        const text = await response.text();
        if (!response.ok) return { fatal: `workerd answered ${response.status}: ${text.slice(0, 1500)}\n${output.slice(-1500)}` };
        return JSON.parse(text) as Result[];
      } catch (error) {
        if (child.exitCode !== null) return { fatal: `workerd exited with ${child.exitCode}: ${output.slice(-1500)}` };
        if (Date.now() > deadline) return { fatal: `workerd did not answer: ${String(error)}\n${output.slice(-1500)}` };
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await stop(child);
  }
}

/** Headless Chromium on a page of the fake server, which loads the bundle itself or in a Web Worker. */
async function runBrowser(bin: string, runtime: Runtime, ctx: string): Promise<Result[] | { fatal: string }> {
  const reported = new Promise<Result[] | { fatal: string }>((resolve) => reports.set(runtime.name, resolve));
  const url = `${baseUrl}/__runtime/page.html?scope=${runtime.scope}&name=${encodeURIComponent(runtime.name)}&ctx=${encodeURIComponent(ctx)}`;
  try {
    return await runHeadlessChromium(bin, url, reported, RUN_TIMEOUT);
  } finally {
    reports.delete(runtime.name);
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    child.kill("SIGKILL");
  } catch {
    // already gone
  }
  await exited;
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// ---- the fake Intercom ----

const PAGE = (scope: string, bundleUrl: string) => `<!doctype html><meta charset="utf-8"><title>intercom-fetch runtime matrix</title>
<script>
  const name = new URLSearchParams(location.search).get("name");
  const fatal = (message) => fetch("/__runtime/report", { method: "POST", body: JSON.stringify({ name, fatal: String(message) }) });
  addEventListener("error", (e) => fatal(e.message));
  addEventListener("unhandledrejection", (e) => fatal(e.reason && e.reason.stack || e.reason));
</script>
${
  scope === "worker"
    ? `<script>const worker = new Worker(${JSON.stringify(bundleUrl)}, { type: "module" }); worker.onerror = (e) => fatal("in the worker: " + e.message);</script>`
    : `<script type="module" src=${JSON.stringify(bundleUrl)}></script>`
}`;

const CONTACT = (id: string) => ({ type: "contact", id, role: "user", email: "ada@example.com" });

function startFake(): Promise<Server> {
  const attempts = new Map<string, number>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url!, "http://fake");
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "x-seen-intercom-version": String(req.headers["intercom-version"] ?? ""),
        "x-seen-authorization": String(req.headers.authorization ?? ""),
        ...headers,
      });
      res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
    };

    if (url.pathname === "/__runtime/page.html") {
      const bundleUrl = `/__runtime/bundle.js?ctx=${encodeURIComponent(url.searchParams.get("ctx")!)}`;
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE(url.searchParams.get("scope")!, bundleUrl));
      return;
    }
    if (url.pathname === "/__runtime/bundle.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundles.browser);
      return;
    }
    if (url.pathname === "/__runtime/report" && req.method === "POST") {
      const report = JSON.parse(body) as { name: string; results?: Result[]; fatal?: string };
      reports.get(report.name)?.(report.results ?? { fatal: report.fatal! });
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/favicon.ico") return void res.writeHead(404).end();

    const contact = /^\/contacts\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && contact) {
      const id = decodeURIComponent(contact[1]!);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (id.endsWith("-missing")) {
        return send(404, { type: "error.list", request_id: "req-404", errors: [{ code: "not_found", message: "User Not Found" }] });
      }
      if (id.endsWith("-slow")) {
        // Answers after 5 s, or never if the client goes away first (the abort check).
        const timer = setTimeout(() => send(200, CONTACT(id)), 5_000);
        res.on("close", () => clearTimeout(timer));
        return;
      }
      if (id.endsWith("-retry") && attempt === 1) {
        return send(500, { type: "error.list", request_id: "req-500", errors: [{ code: "server_error", message: "Server Error" }] });
      }
      return send(200, CONTACT(id), { "x-attempt": String(attempt) });
    }
    if (req.method === "POST" && url.pathname === "/contacts/search") {
      const { query, pagination } = JSON.parse(body) as { query: { value: string }; pagination: { per_page: number; starting_after?: string } };
      if (!String(query.value).endsWith(".example") || pagination.per_page !== 2) return send(400, { type: "error.list", errors: [{ code: "bad_request", message: body }] });
      const second = pagination.starting_after === "cursor-2";
      return send(200, {
        type: "list",
        data: second ? [CONTACT("c3")] : [CONTACT("c1"), CONTACT("c2")],
        total_count: 3,
        pages: { type: "pages", page: second ? 2 : 1, per_page: 2, total_pages: 2, ...(second ? {} : { next: { starting_after: "cursor-2" } }) },
      });
    }
    if (req.method === "GET" && url.pathname.startsWith("/download/content/data/")) {
      res.writeHead(200, { "content-type": "application/octet-stream", "x-seen-intercom-version": String(req.headers["intercom-version"] ?? "") });
      res.end(gzipSync(EXPORT_CSV));
      return;
    }
    send(404, { type: "error.list", errors: [{ code: "not_found", message: `${req.method} ${url.pathname} is not faked` }] });
  };
  return new Promise((resolve) => {
    const s = createServer((req, res) => void handle(req, res).catch((error) => res.writeHead(599).end(String(error))));
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}
