// The load suite of the rate-limit scheduler: real worker processes (test/support/load-worker.mjs,
// running the built dist/) against a server that counts like Intercom, 40 calls per 2-second
// window. Prints the table the README quotes and checks the thresholds of issue 11. The four
// scenarios run side by side, each against its own server, so the suite takes about 20 s.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startRateLimitedServer } from "./support/fake-rate-limit.js";
import { startRedis, type RedisServer } from "./support/redis-server.js";

const LIMIT = 40;
const WINDOW_SECONDS = 2;
const WORKER = fileURLToPath(new URL("./support/load-worker.mjs", import.meta.url));
const RUN_TIMEOUT_MS = 50_000;

interface Scenario {
  name: string;
  method: "GET" | "POST";
  processes: number;
  inFlight: number;
  /** Calls per process. */
  calls: number;
  redis: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: "GET, one process, 32 in flight", method: "GET", processes: 1, inFlight: 32, calls: 400, redis: false },
  { name: "POST /events (a write), one process, 32 in flight", method: "POST", processes: 1, inFlight: 32, calls: 240, redis: false },
  { name: "GET, three processes through Redis, 8 in flight each", method: "GET", processes: 3, inFlight: 8, calls: 120, redis: true },
  { name: "GET, three processes without Redis, 8 in flight each", method: "GET", processes: 3, inFlight: 8, calls: 120, redis: false },
];

/** Runs one worker process to its end; resolves how many of its calls failed. */
function worker(args: Record<string, unknown>) {
  return new Promise<{ failed: number; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(args)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr}`));
      resolve({ failed: JSON.parse(stdout.trim().split("\n").pop()!).failed, stderr });
    });
  });
}

async function run(scenario: Scenario, redis: RedisServer) {
  const server = await startRateLimitedServer({ limit: LIMIT, windowSeconds: WINDOW_SECONDS });
  try {
    const key = `load:${scenario.name}`;
    const results = await Promise.all(
      Array.from({ length: scenario.processes }, (_, p) =>
        worker({
          baseUrl: server.url,
          method: scenario.method,
          calls: scenario.calls,
          concurrency: scenario.inFlight,
          redisUrl: scenario.redis ? redis.url : undefined,
          key,
          idPrefix: `p${p}`,
          windowSeconds: WINDOW_SECONDS,
        }),
      ),
    );
    const stats = server.stats();
    const calls = scenario.calls * scenario.processes;
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const writesAppliedOnce = scenario.method === "POST" ? stats.applied.size === calls && [...stats.applied.values()].every((n) => n === 1) : undefined;
    return {
      scenario,
      calls,
      failed,
      tooMany: stats.tooMany,
      share: stats.share,
      windows: stats.windowsUsed,
      perWindow: stats.perWindow,
      writesAppliedOnce,
      warnings: results.map((r) => r.stderr).join(""),
    };
  } finally {
    await server.close();
  }
}

let redis: RedisServer;
let outcomes: Awaited<ReturnType<typeof run>>[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe(`rate-limit load: ${LIMIT} calls per ${WINDOW_SECONDS}-second window`, () => {
  test("every scenario, side by side", async () => {
    outcomes = await Promise.all(SCENARIOS.map((s) => run(s, redis)));
    const rows = outcomes.map((o) => [o.scenario.name, String(o.calls), String(o.failed), `${o.tooMany} (${((100 * o.tooMany) / o.calls).toFixed(1)}%)`, o.share.toFixed(2)]);
    const header = ["scenario", "calls", "failed", "429s provoked", "share of the allowed rate used"];
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    console.log(["", line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n"));
    console.log(outcomes.map((o) => `${o.scenario.name}, calls let through / refused per window: ${o.perWindow}`).join("\n"));

    for (const o of outcomes) {
      // The workers print a line to stderr per failed call and per limiter warning.
      expect(o.warnings, `${o.scenario.name}: failed calls or limiter warnings`).toBe("");
      expect(o.failed, `${o.scenario.name}: failed calls`).toBe(0);
    }
    const [get, post, shared] = outcomes as [(typeof outcomes)[0], (typeof outcomes)[0], (typeof outcomes)[0]];
    expect(post.writesAppliedOnce, "every write applied exactly once").toBe(true);
    for (const one of [get, post]) {
      expect(one.tooMany, `${one.scenario.name}: 429s`).toBeLessThanOrEqual(0.01 * one.calls);
      expect(one.share, `${one.scenario.name}: share of the rate`).toBeGreaterThanOrEqual(0.9);
    }
    expect(shared.tooMany, "through Redis: 429s").toBeLessThanOrEqual(0.02 * shared.calls);
    expect(shared.share, "through Redis: share of the rate").toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
