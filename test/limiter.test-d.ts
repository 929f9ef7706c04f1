import { expectTypeOf, test } from "vitest";
import type { Limiter, RateWindow } from "../src/index.js";
import { createIntercom } from "../generated/2.11/index.js";
import { redisLimiter, type RedisLimiter } from "../src/redis/index.js";

test("redisLimiter() is a Limiter that createIntercom takes", () => {
  const limiter = redisLimiter({ url: "redis://127.0.0.1:6379", key: "intercom:app" });
  expectTypeOf(limiter).toEqualTypeOf<RedisLimiter>();
  expectTypeOf(limiter).toMatchTypeOf<Limiter>();
  createIntercom({ token: "t", limiter, maxConcurrency: 8, onLimiterError: (error) => console.warn(error) });
  expectTypeOf<Limiter["take"]>().parameters.toEqualTypeOf<[RateWindow, number]>();
  // @ts-expect-error key is required
  redisLimiter({ url: "redis://127.0.0.1:6379" });
  // @ts-expect-error a limiter needs take and observe
  createIntercom({ token: "t", limiter: { take: async () => 1 } });
  // @ts-expect-error maxConcurrency is a number
  createIntercom({ token: "t", maxConcurrency: "8" });
});
