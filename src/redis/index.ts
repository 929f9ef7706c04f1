// `intercom-fetch/redis`: one rate-limit window count for a fleet of processes, held in Redis. Only
// this entry loads the `redis` package (an optional peer dependency); the core never does.
import { createClient } from "redis";
import type { Limiter, RateWindow } from "../core/scheduler.js";

/** What the limiter needs of a Redis client: node-redis's (`redis` 5 or later) has it. */
export interface RedisCommander {
  sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisLimiterOptions {
  /**
   * A Redis URL (`redis://[[user]:password@]host[:port][/db]`, `rediss://` for TLS). The limiter
   * opens its own connection; `close()` ends it when the work is done (an open connection does not
   * keep the process alive, but its attempts to reconnect to an unreachable Redis do). Default
   * `redis://127.0.0.1:6379` when no `client` is given.
   */
  url?: string;
  /** A node-redis client of yours instead of `url`; connect it yourself. The limiter never closes it. */
  client?: RedisCommander;
  /**
   * Names the shared count: every process whose limiter has the same key draws from one window.
   * Use one key per Intercom app (its limit is per app), e.g. `"intercom:my-app"`, never the token.
   */
  key: string;
  /**
   * Longest wait for Redis, in ms. A slower answer counts as a failure: the client falls back to
   * counting alone for a second. Default 1000.
   */
  timeout?: number;
}

export interface RedisLimiter extends Limiter {
  /** Closes the connection the limiter opened from `url` (not a `client` you passed). */
  close(): Promise<void>;
}

// A window's count lives under `<key>:<limit>:<reset>`: the limit is part of the name, so that two
// apps with different limits sharing a key (or one app whose limit changes) never draw from one
// count. Each write sets the count and its expiry in one command (`SET ... PX`), so a count never
// lives without one, and the expiry is a duration computed here from Intercom's reset and this
// host's clock: Redis's own clock (EXPIREAT) may be ahead of Intercom's and would delete the count
// as it is written. A count outliving its window costs a few bytes and nothing else (the next
// window has another name), so the expiry errs long: the window's rest, at most a minute, plus a
// grace for this host's clock being ahead of Intercom's.
/** Grants up to ARGV[2] calls while the count stays within ARGV[1]; returns how many. ARGV[3]: expiry in ms. */
const TAKE = `local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local granted = math.min(tonumber(ARGV[2]), tonumber(ARGV[1]) - used)
if granted <= 0 then return 0 end
redis.call('SET', KEYS[1], used + granted, 'PX', ARGV[3])
return granted`;
/** Raises the count to ARGV[1] (what Intercom reports as used), never lowers it. ARGV[2]: expiry in ms. */
const OBSERVE = `local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > used then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 0`;
/** The longest window a reset may describe: Intercom's limits are per minute; a reset further away (`1e16`) is not one. */
const MAX_WINDOW_MS = 60_000;
/** How far this host's clock may run ahead of Intercom's before a count expires early: one of Intercom's 10-second windows. */
const EXPIRY_GRACE_MS = 10_000;

/**
 * A `limiter` for `createIntercom` that shares Intercom's rate-limit window between every process
 * using the same `key`: each call is counted in Redis, atomically (a Lua script), in the window the
 * headers name. See the README's "Fleets" section.
 */
export function redisLimiter(options: RedisLimiterOptions): RedisLimiter {
  if (typeof options !== "object" || options === null) throw new TypeError("redisLimiter: options must be an object");
  const { key, timeout = 1000 } = options;
  if (typeof key !== "string" || key === "") throw new TypeError("redisLimiter: `key` is required (a name shared by the processes that share a limit)");
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 2_147_483_647) throw new RangeError(`redisLimiter: \`timeout\` must be a positive number of ms up to 2147483647, got ${timeout}`);
  if (options.client !== undefined && options.url !== undefined) throw new TypeError("redisLimiter: pass `url` or `client`, not both");
  if (options.client !== undefined && typeof options.client?.sendCommand !== "function") {
    throw new TypeError("redisLimiter: `client` must be a node-redis client (with `sendCommand`)");
  }

  let own: ReturnType<typeof createClient> | undefined;
  let client = options.client;
  if (!client) {
    let url: URL;
    try {
      url = new URL(options.url ?? "redis://127.0.0.1:6379");
    } catch {
      // Not the URL itself: it may hold a password.
      throw new TypeError("redisLimiter: `url` is not a valid Redis URL");
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new TypeError(`redisLimiter: \`url\` must be redis: or rediss:, got ${url.protocol}`);
    own = createClient({
      url: url.href,
      // A command sent while the connection is down fails at once, and the client counts alone,
      // rather than queueing behind a reconnection.
      disableOfflineQueue: true,
      socket: { connectTimeout: Math.max(timeout, 1000), reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
    });
    // Failures reach the client through the commands that fail; without a listener Node would throw.
    own.on("error", () => undefined);
    own.unref();
    own.connect().catch(() => undefined);
    client = own as unknown as RedisCommander;
  }
  const redis = client;

  // EVAL rather than EVALSHA: Redis caches the compiled script either way, and a restarted Redis
  // that has forgotten it needs no second round trip.
  const run = async (source: string, window: RateWindow, args: string[]) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeout} ms`)), timeout);
    });
    try {
      return await Promise.race([redis.sendCommand(["EVAL", source, "1", `${key}:${window.limit}:${window.reset}`, ...args]), slow]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** The count's lifetime in ms: the window's rest (clamped to 0..MAX_WINDOW_MS, whatever the reset says) and the grace. */
  const expiry = (window: RateWindow) => {
    const rest = window.reset * 1000 - Date.now();
    return String(Math.round((rest > 0 ? Math.min(rest, MAX_WINDOW_MS) : 0) + EXPIRY_GRACE_MS));
  };
  /** A window the scripts can count in: a positive integer limit and a finite reset (a `Limiter` may be called by anyone). */
  const checked = (window: RateWindow) => {
    if (!Number.isSafeInteger(window?.limit) || window.limit < 0 || !Number.isFinite(window.reset)) {
      throw new TypeError("redisLimiter: the window needs an integer `limit` and a finite `reset`");
    }
    return window;
  };

  return {
    async take(window, count) {
      checked(window);
      if (!Number.isSafeInteger(count) || count < 0) throw new TypeError("redisLimiter: `count` must be a non-negative integer");
      const reply = await run(TAKE, window, [String(window.limit), String(count), expiry(window)]);
      // A client of yours that answers something else than the script's integer fails the take.
      const granted = typeof reply === "number" || (typeof reply === "string" && /^\d+$/.test(reply)) ? Number(reply) : Number.NaN;
      if (!Number.isInteger(granted) || granted < 0) throw new TypeError("Redis answered the take with something other than a count");
      return granted;
    },
    async observe(window, used) {
      checked(window);
      if (!Number.isFinite(used)) throw new TypeError("redisLimiter: `used` must be a number");
      await run(OBSERVE, window, [String(used), expiry(window)]);
    },
    async close() {
      if (own?.isOpen) await own.close();
    },
  };
}
