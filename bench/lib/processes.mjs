// Child processes of the benchmarks: the fake Intercom server, and one fresh Node process per
// measurement, so that each measures its own CPU time, memory and JIT state.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./fake-intercom.mjs", import.meta.url));
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Starts bench/lib/fake-intercom.mjs; `stop()` ends it (and only it). */
export async function startServer(args = []) {
  // stdin stays open as a lifeline: the server exits when it closes, even if this process dies.
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ["pipe", "pipe", "inherit"], cwd: ROOT });
  let buffered = "";
  child.stdout.setEncoding("utf8");
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`fake-intercom exited with ${code} before listening`)));
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      if (buffered.includes("\n")) resolve(JSON.parse(buffered.split("\n")[0]).url);
    });
  });
  return {
    url,
    /** What the server spent since the last call: { requests, cpuMs, handlerMs }. */
    stats: async () => (await fetch(`${url}/__stats`)).json(),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Runs `node [nodeArgs] script ...args` and returns the JSON it prints last on stdout. */
export function runNode(script, args = [], { nodeArgs = [], timeout = 120_000 } = {}) {
  const run = spawnSync(process.execPath, [...nodeArgs, script, ...args], { cwd: ROOT, encoding: "utf8", timeout, maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${script} ${args.join(" ")} failed (${run.status ?? run.signal}):\n${run.stderr}`);
  const lines = run.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}
