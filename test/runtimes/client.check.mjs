// The client on every runtime of the matrix, against the loopback fake API of test/runtimes.test.ts
// (its routes are keyed by `ctx.run`, so runtimes never share state). See harness.mjs for the format.
import { IntercomError, where } from "intercom-fetch";
import { apiVersion, createIntercom } from "intercom-fetch/2.11";

const TOKEN = "runtime-matrix-token";
const client = (ctx, options = {}) => createIntercom({ token: TOKEN, baseUrl: ctx.baseUrl, ...options });

/** The CSV the fake serves gzipped at /download/content/data/{id}, and the rows it should give. */
export const EXPORT_CSV = 'user_id,email,content_title,received_at,first_open\nu1,ada@example.com,"Hello, world",1767225600,\nu2,bob@example.com,"Line\nbreak",1767225601,1767225700\n';
const EXPORT_ROWS = [
  { user_id: "u1", email: "ada@example.com", content_title: "Hello, world", received_at: 1767225600 },
  { user_id: "u2", email: "bob@example.com", content_title: "Line\nbreak", received_at: 1767225601, first_open: 1767225700 },
];
const completedJob = (ctx) => ({
  type: "data_export",
  job_identifier: `${ctx.run}-job`,
  status: "completed",
  download_url: "",
  download_expires_at: String(Math.floor(Date.now() / 1000) + 3600),
});

/** The subpaths that are not a version's client, and one function each must export. */
const NOT_VERSIONS = { ".": "IntercomError", "./webhooks": "verifyWebhook", "./redis": "redisLimiter", "./otel": "withTracing", "./testing": "createFakeIntercom", "./testing/msw": "handlersFor" };

export default [
  {
    column: "ESM import",
    run: async (ctx) => {
      ctx.assertEqual([typeof createIntercom, apiVersion, typeof IntercomError, typeof where], ["function", "2.11", "function", "function"], "exports");
    },
  },
  {
    column: "require()",
    only: (runtime) => runtime.require,
    run: async (ctx) => {
      // Every subpath the package exports, from the installed package's own map.
      const { createRequire } = await import("node:module");
      const require = createRequire(import.meta.url);
      const pkg = require("intercom-fetch/package.json");
      const subpaths = Object.keys(pkg.exports).filter((s) => s !== "./package.json");
      ctx.assert(subpaths.length > 10, `the exports map has ${subpaths.length} entries`);
      // msw's own CommonJS build loads ES-only packages from 2.11 on: where require() cannot load
      // an ES module (Node before 20.19 and 22.12), require("msw") fails, and with it the subpath
      // that imports msw; the ESM import of it is unaffected.
      const mswRequires = (() => {
        try {
          require("msw");
          return true;
        } catch {
          return false;
        }
      })();
      for (const subpath of subpaths) {
        if (subpath === "./testing/msw" && !mswRequires) continue;
        const m = require(`intercom-fetch${subpath.slice(1)}`);
        const name = `require('intercom-fetch${subpath.slice(1)}')`;
        const expected = NOT_VERSIONS[subpath];
        if (expected) ctx.assertEqual(typeof m[expected], "function", `${name}.${expected}`);
        // A version's `/testing` entry: the description the fake checks requests against.
        else if (subpath.endsWith("/testing")) ctx.assertEqual(typeof m.description?.requests, "object", `${name}.description`);
        else ctx.assertEqual([typeof m.createIntercom, typeof m.apiVersion], ["function", "string"], name);
      }
    },
  },
  {
    column: "typed GET, version header",
    run: async (ctx) => {
      const { data, error, response } = await client(ctx).GET("/contacts/{contact_id}", { params: { path: { contact_id: `${ctx.run}-get` } } });
      ctx.assertEqual(error, undefined, "error");
      ctx.assertEqual([data?.type, data?.id, data?.email], ["contact", `${ctx.run}-get`, "ada@example.com"], "data");
      ctx.assertEqual(response.headers.get("x-seen-intercom-version"), "2.11", "Intercom-Version received");
      ctx.assertEqual(response.headers.get("x-seen-authorization"), `Bearer ${TOKEN}`, "Authorization received");
    },
  },
  {
    column: "retry after a 500",
    run: async (ctx) => {
      const { data, response } = await client(ctx).GET("/contacts/{contact_id}", { params: { path: { contact_id: `${ctx.run}-retry` } } });
      ctx.assertEqual([response.status, data?.id, response.headers.get("x-attempt")], [200, `${ctx.run}-retry`, "2"], "status, id, attempt");
    },
  },
  {
    column: "search iteration",
    run: async (ctx) => {
      const ids = [];
      for await (const contact of client(ctx).search.contacts(where("email", "~", `@${ctx.run}.example`), { perPage: 2 })) ids.push(contact.id);
      ctx.assertEqual(ids, ["c1", "c2", "c3"], "contacts over two pages");
    },
  },
  {
    column: "error as { error }",
    run: async (ctx) => {
      const result = await client(ctx).GET("/contacts/{contact_id}", { params: { path: { contact_id: `${ctx.run}-missing` } } });
      ctx.assertEqual([result.data, result.response.status, result.error?.type], [undefined, 404, "error.list"], "result");
      const error = IntercomError.from(result);
      ctx.assertEqual([error instanceof IntercomError, error.status, error.code, error.requestId], [true, 404, "not_found", "req-404"], "IntercomError.from");
    },
  },
  {
    column: "network error",
    run: async (ctx) => {
      // Refused (nothing listens), retried once, then IntercomError from the root entry.
      const intercom = createIntercom({ token: TOKEN, baseUrl: ctx.closedUrl, retry: { limit: 1, backoffLimit: 50 } });
      const error = await intercom.GET("/me").then(
        () => undefined,
        (e) => e,
      );
      ctx.assert(error instanceof IntercomError, `rejects with IntercomError, got ${error?.name}: ${error?.message}`);
      ctx.assertEqual([error.status, error.code], [0, "network_error"], "status, code");
      ctx.assert(!String(error.message).includes(TOKEN), "the token is not in the message");
    },
  },
  {
    column: "abort",
    run: async (ctx) => {
      // The caller's own reason, not a copy of it (workerd copies it).
      const controller = new AbortController();
      const reason = new Error("the caller stopped");
      setTimeout(() => controller.abort(reason), 50);
      const outcome = await client(ctx)
        .GET("/contacts/{contact_id}", { params: { path: { contact_id: `${ctx.run}-slow` } }, signal: controller.signal })
        .then(
          () => "resolved",
          (e) => e,
        );
      ctx.assert(outcome === reason, `rejects with the signal's reason, got ${outcome?.name}: ${outcome?.message ?? outcome}`);
    },
  },
  {
    column: "export download",
    run: async (ctx) => {
      const stream = await client(ctx).exports.download(completedJob(ctx));
      const text = await new Response(stream).text();
      ctx.assertEqual(text, EXPORT_CSV, "the inflated CSV");
    },
  },
  {
    column: "exports.rows()",
    run: async (ctx) => {
      const rows = [];
      for await (const row of client(ctx).exports.rows(completedJob(ctx))) rows.push({ ...row });
      // An empty cell is undefined, which JSON leaves out.
      ctx.assertEqual(rows, EXPORT_ROWS, "rows");
    },
  },
];
