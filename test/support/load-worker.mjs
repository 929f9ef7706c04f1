// One worker process of test/rate-limit-load.test.ts: `concurrency` loops share `calls` calls
// through the built client (dist/), with the shared Redis limiter when given a URL. Prints one
// JSON line: how many calls failed.
import { createIntercom } from "../../dist/2.11/index.js";

const { baseUrl, method, calls, concurrency, redisUrl, key, idPrefix, windowSeconds } = JSON.parse(process.argv[2]);
const limiter = redisUrl ? (await import("../../dist/redis/index.js")).redisLimiter({ url: redisUrl, key }) : undefined;
const intercom = createIntercom({ token: "load-token", baseUrl, limiter, onLimiterError: (error) => console.error(`limiter, ${Date.now() - started} ms in: ${error.message}`) });

// Warm up (connections opened, code compiled) on a path the server does not count, then start at
// a window's start: the process's start-up is not what is measured.
for (let round = 0; round < 3; round++) {
  await Promise.all(Array.from({ length: concurrency }, () => fetch(`${baseUrl}/warmup`).then((r) => r.arrayBuffer())));
}
if (windowSeconds) await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000))));
const started = Date.now();
let next = 0;
let failed = 0;
const call = (i) => (method === "GET" ? intercom.GET("/me") : intercom.POST("/events", { body: { event_name: "load-test", created_at: 1, user_id: "u1", metadata: { load_id: `${idPrefix}-${i}` } } }));
const loop = async () => {
  while (next < calls) {
    const i = next++;
    try {
      const { response } = await call(i);
      if (!response.ok) failed++, console.error(`call ${i}: ${response.status}`);
    } catch (error) {
      failed++;
      console.error(`call ${i}: ${error}`);
    }
  }
};
await Promise.all(Array.from({ length: concurrency }, loop));
await limiter?.close();
process.stdout.write(`${JSON.stringify({ failed })}\n`);
