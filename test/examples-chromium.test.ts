// The sample app's browser suite (examples/vip-sync/test/browser.mjs): bundled with esbuild as an
// app would bundle it, served on loopback beside msw's mockServiceWorker.js, and run in headless
// Chromium (Debian's, the runtime matrix's: scripts/lib/runtimes.mjs), where MSW's service worker
// hands the app's requests to the fake. The page reports each scenario's result here.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { binaryOf, ensureRuntimes, RUNTIMES } from "../scripts/lib/runtimes.mjs";
import { runHeadlessChromium } from "./support/chromium.js";
import { root } from "./support/versions.js";

interface Report {
  controlled: boolean;
  results: { name: string; status: "pass" | "fail"; error?: string }[];
}

const RUN_TIMEOUT = 90_000;
const chromium = RUNTIMES.find((r: { kind: string; scope?: string }) => r.kind === "browser" && r.scope === "page")!;
const scenarioNames = (await import("../examples/vip-sync/test/scenarios.mjs")).scenarios.map((s: { name: string }) => s.name);

let unavailable: string | undefined;
let server: Server | undefined;
let origin = "";
let bundle = "";
let report: (value: Report | { fatal: string }) => void = () => {};

const PAGE = `<!doctype html><meta charset="utf-8"><title>vip-sync in Chromium</title>
<script>
  const fatal = (message) => fetch("/__report", { method: "POST", body: JSON.stringify({ fatal: String(message) }) });
  addEventListener("error", (e) => fatal(e.message));
  addEventListener("unhandledrejection", (e) => fatal((e.reason && e.reason.stack) || e.reason));
</script>
<script type="module" src="/bundle.js"></script>`;

beforeAll(async () => {
  try {
    await ensureRuntimes([chromium], { log: (line: string) => console.log(`examples-chromium: ${line}`) });
  } catch (error) {
    unavailable = `chromium is not installed and could not be installed: ${(error as Error).message}`;
    return;
  }
  const out = await build({
    entryPoints: [path.join(root, "examples/vip-sync/test/browser.mjs")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  bundle = out.outputFiles[0]!.text;
  const worker = readFileSync(path.join(root, "node_modules/msw/lib/mockServiceWorker.js"), "utf8");
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      if (req.url === "/bundle.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
      if (req.url === "/mockServiceWorker.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(worker);
      if (req.url === "/__report" && req.method === "POST") {
        report(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        return void res.writeHead(204).end();
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
});

test(
  "every scenario of examples/vip-sync passes in headless Chromium, the fake behind MSW's service worker",
  async (ctx) => {
    if (unavailable) {
      console.warn(`examples-chromium: skipped: ${unavailable}`);
      return ctx.skip(unavailable);
    }
    const outcome = await runChromium();
    if ("fatal" in outcome) throw new Error(`the page did not run the suite: ${outcome.fatal}`);
    console.log(
      `examples-chromium (service worker in control: ${outcome.controlled}):\n${outcome.results.map((r) => `  ${r.status}  ${r.name}${r.error ? `\n        ${r.error.split("\n")[0]}` : ""}`).join("\n")}`,
    );
    expect(outcome.controlled, "the page was controlled by MSW's service worker").toBe(true);
    expect(outcome.results.map((r) => r.name)).toEqual(scenarioNames);
    expect(outcome.results.filter((r) => r.status !== "pass")).toEqual([]);
  },
  RUN_TIMEOUT + 30_000,
);

async function runChromium(): Promise<Report | { fatal: string }> {
  const reported = new Promise<Report | { fatal: string }>((resolve) => {
    report = resolve;
  });
  return await runHeadlessChromium(binaryOf(chromium), `${origin}/`, reported, RUN_TIMEOUT);
}
