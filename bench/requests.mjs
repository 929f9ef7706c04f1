// Request overhead: the same GET, sequentially and 16 at a time, against a fixed JSON body served by
// a separate process on loopback, through each client. Each run is a fresh Node process that warms
// up, then times a fixed number of requests per mode and its own CPU time (process.cpuUsage) over
// them. Run by bench/run.mjs (`npm run bench -- --only requests`).
import { fileURLToPath } from "node:url";
import { runNode, startServer } from "./lib/processes.mjs";
import { interleave, ratio, summarize } from "./lib/stats.mjs";

const self = fileURLToPath(import.meta.url);
const TOKEN = "bench-token";
const CONTACT = "5ba682d23d7cf92bef87bfd4";

/** Each client's way of fetching one contact and reading its JSON. */
const CLIENTS = {
  /** The baseline: what the clients do for you, written by hand. */
  fetch: async (url) => {
    const headers = { Authorization: `Bearer ${TOKEN}`, Accept: "application/json", "Intercom-Version": "2.11" };
    return () => fetch(`${url}/contacts/${CONTACT}`, { headers }).then((response) => response.json());
  },
  /** The default transport: auth and version headers, 60 s timeout, 2 retries armed (a GET is retryable). */
  "intercom-fetch": async (url) => {
    const { createIntercom } = await import("intercom-fetch/2.11");
    const intercom = createIntercom({ token: TOKEN, baseUrl: url });
    const init = { params: { path: { contact_id: CONTACT } } };
    return () => intercom.GET("/contacts/{contact_id}", init);
  },
  /** The default transport with `logLevel: "info"`: one line per call, to a logger that drops it. */
  "intercom-fetch, info logging": async (url) => {
    const { createIntercom } = await import("intercom-fetch/2.11");
    const drop = () => {};
    const intercom = createIntercom({ token: TOKEN, baseUrl: url, logger: { debug: drop, info: drop, warn: drop, error: drop }, logLevel: "info" });
    const init = { params: { path: { contact_id: CONTACT } } };
    return () => intercom.GET("/contacts/{contact_id}", init);
  },
  /** The default transport with `withTracing`, spans recorded by the SDK and handed to an exporter that drops them. */
  "intercom-fetch, tracing": async (url) => {
    const { createIntercom } = await import("intercom-fetch/2.11");
    const { withTracing } = await import("intercom-fetch/otel");
    const { BasicTracerProvider, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
    const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const intercom = withTracing(createIntercom({ token: TOKEN, baseUrl: url }), { tracerProvider });
    const init = { params: { path: { contact_id: CONTACT } } };
    return () => intercom.GET("/contacts/{contact_id}", init);
  },
  /** The official SDK, retries armed (its default, made explicit), pinned to 2.11. */
  "intercom-client": async (url) => {
    const { IntercomClient } = await import("intercom-client");
    const client = new IntercomClient({ token: TOKEN, baseUrl: url, version: "2.11", maxRetries: 2 });
    return () => client.contacts.find({ contact_id: CONTACT });
  },
  /** openapi-fetch alone, no transport (no timeout, no retries): shows what ky adds. */
  "openapi-fetch": async (url) => {
    const { default: createClient } = await import("openapi-fetch");
    const client = createClient({ baseUrl: url, headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json", "Intercom-Version": "2.11" } });
    const init = { params: { path: { contact_id: CONTACT } } };
    return () => client.GET("/contacts/{contact_id}", init);
  },
};

/**
 * `BENCH_BASELINE=/path/to/2.11.js` adds "intercom-fetch, baseline": the default transport of another
 * build (a previous commit's `generated/2.11/index.ts` bundled with esbuild, ky and openapi-fetch
 * external), to compare a change with what it changes, side by side in one run.
 */
if (process.env.BENCH_BASELINE) {
  CLIENTS["intercom-fetch, baseline"] = async (url) => {
    const { createIntercom } = await import(process.env.BENCH_BASELINE);
    const intercom = createIntercom({ token: TOKEN, baseUrl: url });
    const init = { params: { path: { contact_id: CONTACT } } };
    return () => intercom.GET("/contacts/{contact_id}", init);
  };
}

export const CONTENDERS = Object.keys(CLIENTS);

/**
 * In the worker: `concurrency` loops share `count` requests, stopping early after `maxMs` so that a
 * starved run stays bounded. Returns how many were done.
 */
async function drive(call, count, concurrency, maxMs = Number.POSITIVE_INFINITY) {
  const deadline = performance.now() + maxMs;
  let started = 0;
  let done = 0;
  const loop = async () => {
    while (started < count && performance.now() < deadline) {
      started++;
      const result = await call();
      if (result === undefined || result.error) throw new Error(`request failed: ${JSON.stringify(result?.error)}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return done;
}

/** undici's fetch needs a few thousand requests before its CPU time per request settles. */
const WARMUP = 2500;

/** One fresh process per contender and round: warm-up, then each mode in turn. */
async function worker(client, url, modes) {
  const call = await CLIENTS[client](url);
  await drive(call, WARMUP / 2, 1);
  await drive(call, WARMUP / 2, 16);
  const out = {};
  for (const { name, count, concurrency } of modes) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const done = await drive(call, count, concurrency, MAX_MS);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    out[name] = { count: done, seconds, cpuMs: (used.user + used.system) / 1000 };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

const MAX_MS = 8000;
const MODES = (count) => [
  { name: "sequential", count, concurrency: 1 },
  { name: "concurrent16", count, concurrency: 16 },
];

/**
 * Runs every contender `rounds` times, interleaved; returns medians of requests/s and of client CPU
 * µs per request, with ratios to plain fetch (and, for intercom-fetch, to intercom-client).
 */
export async function measure({ rounds = 5, count = 2000, log = console.log } = {}) {
  const server = await startServer();
  const modes = MODES(count);
  const out = {
    server: "bench/lib/fake-intercom.mjs: GET /contacts/{id}, a fixed 1.9 kB JSON body, separate process, loopback",
    method: `fresh process per contender and round; ${WARMUP} warm-up requests, then ${count} sequential and ${count} at concurrency 16 (each stopped after ${MAX_MS / 1000} s); medians of ${rounds} interleaved rounds`,
    rounds,
    modes: {},
  };
  try {
    const runs = await interleave(CONTENDERS, rounds, (client) => runNode(self, ["--worker", client, server.url, JSON.stringify(modes)]));
    for (const { name, concurrency } of modes) {
      const figures = {};
      for (const [client, results] of runs) {
        const mode = results.map((r) => r[name]);
        figures[client] = {
          requestsPerSecond: summarize(mode.map((r) => r.count / r.seconds)),
          cpuMicrosPerRequest: summarize(mode.map((r) => (r.cpuMs * 1000) / r.count)),
        };
      }
      for (const figure of Object.values(figures)) {
        figure.vsFetch = {
          requestsPerSecond: ratio(figure.requestsPerSecond.median, figures.fetch.requestsPerSecond.median),
          cpuPerRequest: ratio(figure.cpuMicrosPerRequest.median, figures.fetch.cpuMicrosPerRequest.median),
        };
      }
      figures["intercom-fetch"].vsIntercomClient = {
        requestsPerSecond: ratio(figures["intercom-fetch"].requestsPerSecond.median, figures["intercom-client"].requestsPerSecond.median),
        cpuPerRequest: ratio(figures["intercom-fetch"].cpuMicrosPerRequest.median, figures["intercom-client"].cpuMicrosPerRequest.median),
      };
      out.modes[name] = { concurrency, clients: figures };
      for (const [client, f] of Object.entries(figures)) {
        log(
          `  ${name.padEnd(12)} ${client.padEnd(28)} ${f.requestsPerSecond.median.toFixed(0).padStart(6)} req/s (${f.vsFetch.requestsPerSecond.toFixed(2)}x fetch)` +
            `  ${f.cpuMicrosPerRequest.median.toFixed(0).padStart(5)} µs CPU/req (${f.vsFetch.cpuPerRequest.toFixed(2)}x)`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  return out;
}

if (process.argv[2] === "--worker") {
  const [, , , client, url, modes] = process.argv;
  await worker(client, url, JSON.parse(modes));
}
