// A real redis-server (Debian's `redis-server` package; .ci/run installs it) on a free loopback
// port, with no persistence, for the tests of the shared limiter. Stopped, killed and started
// again on the same port by the fault tests.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/lib/prism.mjs";

export interface RedisServer {
  port: number;
  url: string;
  /** Starts it again on the same port, empty (nothing is saved). */
  start(): Promise<void>;
  /** SIGKILL: the connections drop with no goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, and waits for the process to end. */
  stop(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing is answered (a Redis too slow to wait for). */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

const START_TIMEOUT_MS = 10_000;

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
      child = proc;
      let output = "";
      const timer = setTimeout(() => (proc.kill("SIGKILL"), reject(new Error(`redis-server did not start on ${port}:\n${output}`))), START_TIMEOUT_MS);
      proc.once("error", (error) => (clearTimeout(timer), reject(new Error(`cannot run redis-server (apt-get install redis-server): ${error.message}`))));
      proc.once("exit", (code) => (clearTimeout(timer), reject(new Error(`redis-server exited with ${code}:\n${output}`))));
      const read = (chunk: Buffer) => {
        output = (output + chunk).slice(-4000);
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          proc.stdout!.off("data", read);
          proc.stdout!.resume();
          resolve();
        }
      };
      proc.stdout!.on("data", read);
      proc.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk).slice(-4000)));
    });

  const end = (signal: NodeJS.Signals) => async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await start();
  const signal = (name: NodeJS.Signals) => () => void child?.kill(name);
  return { port, url: `redis://127.0.0.1:${port}`, start, kill: end("SIGKILL"), stop: end("SIGTERM"), pause: signal("SIGSTOP"), resume: signal("SIGCONT") };
}
