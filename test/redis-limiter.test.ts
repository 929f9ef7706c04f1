// The shared limiter against a real redis-server (test/support/redis-server.ts), and the client's
// fall-back when Redis is unreachable, lost, slow or restarted. No mock of Redis.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";
import { freePort } from "../scripts/lib/prism.mjs";
import { redisLimiter, type RedisLimiter } from "../src/redis/index.js";
import { startRateLimitedServer } from "./support/fake-rate-limit.js";
import { startRedis, type RedisServer } from "./support/redis-server.js";

let redis: RedisServer;
let raw: ReturnType<typeof createClient>;
const limiters: RedisLimiter[] = [];
const limiter = (options: Parameters<typeof redisLimiter>[0]) => {
  const made = redisLimiter(options);
  limiters.push(made);
  return made;
};

beforeAll(async () => {
  redis = await startRedis();
  raw = createClient({ url: redis.url });
  raw.on("error", () => undefined);
  await raw.connect();
});
afterAll(async () => {
  await Promise.all(limiters.map((l) => l.close()));
  if (raw.isOpen) await raw.close();
  redis.resume();
  await redis.stop();
});

const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;
const connected = async (l: RedisLimiter) => {
  // The connection opens in the background; a take before it fails, by design.
  for (let i = 0; i < 50; i++) {
    try {
      return await l.take({ limit: 1e9, reset: inSeconds(5) }, 0);
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error("never connected");
};

describe("redisLimiter", () => {
  test("processes with the same key draw from one count per window, atomically", async () => {
    const a = limiter({ url: redis.url, key: "shared" });
    const b = limiter({ url: redis.url, key: "shared" });
    const other = limiter({ url: redis.url, key: "another-app" });
    await Promise.all([connected(a), connected(b), connected(other)]);
    const window = { limit: 50, reset: inSeconds(5) };
    // 40 takes of 3 at once from two connections: exactly 50 granted, never more.
    const grants = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take(window, 3)));
    expect(grants.reduce((x, y) => x + y, 0)).toBe(50);
    expect(grants.filter((g) => g > 0 && g < 3)).toHaveLength(grants.filter((g) => g > 0).length - 16);
    expect(await a.take(window, 1)).toBe(0);
    // Another key, and the next window, are counted apart.
    expect(await other.take(window, 5)).toBe(5);
    expect(await b.take({ limit: 50, reset: window.reset + 10 }, 5)).toBe(5);
    expect(await raw.get(`shared:50:${window.reset}`)).toBe("50");
  });

  test("what Intercom reports as used raises the count, never lowers it", async () => {
    const l = limiter({ url: redis.url, key: "observed" });
    await connected(l);
    const window = { limit: 20, reset: inSeconds(5) };
    expect(await l.take(window, 5)).toBe(5);
    await l.observe(window, 3);
    expect(await raw.get(`observed:20:${window.reset}`)).toBe("5");
    await l.observe(window, 18);
    expect(await l.take(window, 5)).toBe(2);
  });

  test("a window's count expires when the window ends: a process that dies holds nothing past it", async () => {
    const dying = limiter({ url: redis.url, key: "dies" });
    await connected(dying);
    const window = { limit: 10, reset: inSeconds(1) };
    expect(await dying.take(window, 10)).toBe(10);
    await dying.close(); // it is gone, its calls never released
    // It expires once the window is over, with a grace for this host's clock being ahead of Intercom's (10 s).
    const ttl = await raw.pTTL(`dies:10:${window.reset}`);
    expect(ttl).toBeGreaterThan(10_000 - 50);
    expect(ttl).toBeLessThanOrEqual(window.reset * 1000 - Date.now() + 10_000 + 50);
    const survivor = limiter({ url: redis.url, key: "dies" });
    await connected(survivor);
    expect(await survivor.take(window, 1)).toBe(0);
    // The next window is all the survivor's.
    expect(await survivor.take({ limit: 10, reset: window.reset + 1 }, 10)).toBe(10);
  });

  test("an out-of-range X-RateLimit-Reset (1e16, negative) never leaves a count without expiry", async () => {
    const l = limiter({ url: redis.url, key: "far" });
    await connected(l);
    for (const reset of [1e16, -5, inSeconds(100_000)]) {
      const window = { limit: 10, reset };
      // The take may grant or fail, but whatever it counted must expire within the clamped window.
      await l.take(window, 3).catch(() => undefined);
      await l.observe(window, 4).catch(() => undefined);
      const keys = await raw.keys(`far:*${reset}`);
      expect(keys, String(reset)).toHaveLength(1);
      const ttl = await raw.pTTL(keys[0]!);
      expect(ttl, `${reset}: ${ttl}`).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000 + 10_000);
    }
  });

  test("a Redis clock ahead of Intercom's does not delete a window's count as it is written (no over-send)", async () => {
    // Intercom's window still runs, but by a Redis clock 15 s ahead its reset is already past: the
    // count's expiry is relative (from Intercom's reset and this host's clock), not Redis's.
    const a = limiter({ url: redis.url, key: "skewed" });
    const b = limiter({ url: redis.url, key: "skewed" });
    await Promise.all([connected(a), connected(b)]);
    const window = { limit: 4, reset: inSeconds(-15) };
    expect(await a.take(window, 4)).toBe(4);
    expect(await b.take(window, 4)).toBe(0);
    await b.observe(window, 2);
    expect(await a.take(window, 1)).toBe(0);
  });

  test("two apps sharing a key with different limits count apart: the lower limit is not starved", async () => {
    const big = limiter({ url: redis.url, key: "one-prefix" });
    const small = limiter({ url: redis.url, key: "one-prefix" });
    await Promise.all([connected(big), connected(small)]);
    const reset = inSeconds(5);
    expect(await big.take({ limit: 100, reset }, 60)).toBe(60);
    expect(await small.take({ limit: 10, reset }, 5)).toBe(5);
    expect(await big.take({ limit: 100, reset }, 60)).toBe(40);
    expect(await small.take({ limit: 10, reset }, 10)).toBe(5);
  });

  test.each([
    [{ key: "" }, /`key` is required/],
    [{ key: "k", timeout: 0 }, /`timeout` must be a positive number/],
    [{ key: "k", timeout: 2 ** 31 }, /`timeout` must be a positive number of ms up to 2147483647/],
    [{ key: "k", url: "http://x" }, /must be redis: or rediss:/],
    [{ key: "k", url: "redis://:secret-pass@/bad url" }, /not a valid Redis URL/],
    [{ key: "k", url: "redis://127.0.0.1", client: { sendCommand: async () => 1 } }, /not both/],
    [{ key: "k", client: {} }, /node-redis client/],
  ])("refuses %j at once", (options, message) => {
    expect(() => redisLimiter(options as never)).toThrow(message);
    expect(() => redisLimiter(options as never)).toThrow(expect.objectContaining({ message: expect.not.stringContaining("secret-pass") }));
  });

  test.each([["OK"], [null], [-1], [2.5]])("a client of yours answering the take with %j fails the take (the client then counts alone)", async (answer) => {
    const l = redisLimiter({ client: { sendCommand: async () => answer }, key: "nonsense" });
    await expect(l.take({ limit: 5, reset: inSeconds(5) }, 1)).rejects.toThrow(TypeError);
  });

  test("takes a node-redis client of yours, and leaves it open", async () => {
    const mine = createClient({ url: redis.url });
    await mine.connect();
    const l = redisLimiter({ client: mine, key: "mine" });
    expect(await l.take({ limit: 3, reset: inSeconds(5) }, 5)).toBe(3);
    await l.close();
    expect(mine.isOpen).toBe(true);
    await mine.close();
  });
});

/** A client with the shared limiter against a server counting 20 calls per 1-second window. */
async function fleetClient(redisUrl: string, key: string) {
  const server = await startRateLimitedServer({ limit: 20, windowSeconds: 1, latencyMs: 2 });
  const warnings: unknown[] = [];
  const shared = limiter({ url: redisUrl, key, timeout: 150 });
  const intercom = createIntercom({ token: "t", baseUrl: server.url, limiter: shared, onLimiterError: (error) => warnings.push(error) });
  /** `calls` writes, `inFlight` at a time; resolves the statuses. */
  const writes = async (calls: number, inFlight: number, during?: (done: () => number) => Promise<void>) => {
    let next = 0;
    const statuses: number[] = [];
    const loop = async () => {
      while (next < calls) {
        const i = next++;
        const { response } = await intercom.POST("/events", { body: { event_name: "x", created_at: 1, user_id: "u", metadata: { load_id: `w${i}` } } as never });
        statuses.push(response.status);
      }
    };
    await Promise.all([...Array.from({ length: inFlight }, loop), during?.(() => statuses.length)]);
    return statuses;
  };
  return { server, warnings, writes };
}

const appliedOnce = (applied: Map<string, number>, calls: number) => applied.size === calls && [...applied.values()].every((n) => n === 1);

describe("faults of the shared limiter: every call completes once", () => {
  test("Redis unreachable from the start: one warning, calls counted in-process", async () => {
    const port = await freePort();
    const { server, warnings, writes } = await fleetClient(`redis://127.0.0.1:${port}`, "unreachable");
    try {
      const statuses = await writes(50, 5);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(appliedOnce(server.stats().applied, 50)).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0])).not.toContain("secret");
    } finally {
      await server.close();
    }
  }, 20_000);

  test("Redis lost mid-run, then restarted: one warning, and the limiter is used again", async () => {
    const key = "restarted";
    const { server, warnings, writes } = await fleetClient(redis.url, key);
    try {
      const statuses = await writes(90, 5, async (done) => {
        while (done() < 20) await new Promise((r) => setTimeout(r, 20));
        await redis.kill();
        await new Promise((r) => setTimeout(r, 700));
        await redis.start();
        if (!raw.isReady) await new Promise((r) => raw.once("ready", r));
      });
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(appliedOnce(server.stats().applied, 90)).toBe(true);
      expect(warnings).toHaveLength(1);
      // Counts written after the restart (the old ones died with the server): it rejoined.
      expect((await raw.keys(`${key}:*`)).length).toBeGreaterThan(0);
      expect(server.stats().tooMany).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  }, 30_000);

  test("Redis too slow (paused): one warning, calls go on, and it rejoins when Redis answers again", async () => {
    const key = "slow";
    const { server, warnings, writes } = await fleetClient(redis.url, key);
    let resumedAt = 0;
    try {
      const statuses = await writes(80, 5, async (done) => {
        while (done() < 15) await new Promise((r) => setTimeout(r, 20));
        redis.pause();
        await new Promise((r) => setTimeout(r, 1200));
        redis.resume();
        resumedAt = Date.now();
      });
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(appliedOnce(server.stats().applied, 80)).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0])).toMatch(/did not answer within 150 ms/);
      // A window that began after Redis answered again was counted there.
      const resets = (await raw.keys(`${key}:*`)).map((k) => Number(k.split(":").at(-1)));
      expect(resets.some((reset) => (reset - 1) * 1000 >= resumedAt)).toBe(true);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("packaging", () => {
  /** Every file an entry loads, following the static imports between dist/ chunks. */
  function graph(entry: string, seen = new Set<string>()) {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const text = readFileSync(entry, "utf8");
    for (const [, spec] of text.matchAll(/(?:from|import)\s*["']([^"']+)["']/g)) {
      if (spec!.startsWith(".")) graph(path.resolve(path.dirname(entry), spec!), seen);
      else seen.add(spec!);
    }
    return seen;
  }

  test("the core and the version entries never load the Redis code", () => {
    expect(existsSync("dist/redis/index.js")).toBe(true);
    expect([...graph(path.resolve("dist/redis/index.js"))]).toContain("redis");
    for (const entry of ["dist/index.js", "dist/2.11/index.js", "dist/unstable/index.js"]) {
      const loaded = [...graph(path.resolve(entry))];
      expect(loaded.filter((f) => f === "redis" || f.startsWith("@redis/") || f.endsWith("redis.js"))).toEqual([]);
      for (const file of loaded.filter((f) => f.startsWith("/"))) expect(readFileSync(file, "utf8")).not.toContain("PEXPIREAT");
    }
  });

  test("nor the fake Intercom of intercom-fetch/testing, or node:http", () => {
    expect(existsSync("dist/testing/index.js")).toBe(true);
    expect([...graph(path.resolve("dist/testing/index.js"))].some((f) => f.startsWith("/") && readFileSync(f, "utf8").includes("createFakeIntercom"))).toBe(true);
    for (const entry of ["dist/index.js", "dist/2.11/index.js", "dist/2.11/core.js", "dist/unstable/index.js"]) {
      const loaded = [...graph(path.resolve(entry))];
      expect(loaded.filter((f) => f === "http" || f === "node:http" || f.includes("/testing/") || f.includes("listen-"))).toEqual([]);
      for (const file of loaded.filter((f) => f.startsWith("/"))) expect(readFileSync(file, "utf8")).not.toContain("fake.intercom.test");
    }
  });
});
