// Starts and stops Prism (mock or validating proxy) on a free loopback port. Used by the test
// setup, the quickstart and scripts/mock.mjs; nothing here listens beyond 127.0.0.1.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";

const prismBin = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");

/** A port that was free a moment ago: bind 0, read it, release it. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {string} specFile the (repaired) description to serve
 * @param {object} [options]
 * @param {"mock" | "proxy"} [options.mode] `proxy` forwards to `upstream` and validates both directions
 * @param {string} [options.upstream] where a proxy forwards to
 * @param {boolean} [options.errors] answer invalid requests/responses with an error (default true)
 * @param {boolean} [options.dynamic] generate responses from the schemas, deterministically
 * @param {number} [options.port] default: a free port
 * @param {number} [options.startTimeoutMs] default 60 000
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startPrism(specFile, options = {}) {
  const { mode = "mock", errors = true, dynamic = false, startTimeoutMs = 60_000 } = options;
  const port = options.port ?? (await freePort());
  const args = [prismBin, mode, specFile];
  if (mode === "proxy") args.push(options.upstream ?? "");
  args.push("-h", "127.0.0.1", "-p", String(port), "-v", "warn");
  if (errors) args.push("--errors");
  if (dynamic) args.push("--dynamic", "--seed", "intercom-fetch");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk) => (output = (output + chunk).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  try {
    await waitUntilListening(child, port, startTimeoutMs, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => stop(child) };
}

async function waitUntilListening(child, port, timeoutMs, output) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode} before listening:\n${output()}`);
    try {
      // Any HTTP answer, even a 404 for an unknown path, means Prism has loaded the spec.
      await fetch(`http://127.0.0.1:${port}/__prism_ready`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Prism did not listen on ${port} within ${timeoutMs} ms:\n${output()}`);
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
