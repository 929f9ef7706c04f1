#!/usr/bin/env node
// The benchmarks' server: a separate process on loopback, so that its work is not counted as the
// client's. Started by bench/lib/processes.mjs; prints `{"url": ...}` once it listens.
//
//   GET  /contacts/{id}      the same contact every time (a fixed JSON body, 2.11's `contact` schema)
//   POST /contacts/search    `--contacts N` contacts, one page per request, cursor in `starting_after`
//   GET  /__stats            { requests, cpuMs, handlerMs } since the last /__stats, then resets
import { fstatSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { contacts: { type: "string", default: "100000" } } });
const total = Number(values.contacts);

// A contact as 2.11's schema describes it (about 1.9 kB), from openapi-sampler.
const { sample } = require("openapi-sampler");
const spec = require("../../generated/2.11/openapi.json");
const contact = sample(spec.components.schemas.contact, { skipReadOnly: false }, spec);
const fixedBody = Buffer.from(JSON.stringify(contact));

// Pages are spliced from the contact's JSON with the id and email of each index: cheap to build.
const template = JSON.stringify({ ...contact, id: "@ID@", email: "@EMAIL@" }).split(/"@ID@"|"@EMAIL@"/);
const contactJson = (i) => `${template[0]}"c${i}"${template[1]}"user${i}@example.com"${template[2]}`;

function searchPage(body) {
  const { per_page: perPage = 50, starting_after: after } = body.pagination ?? {};
  const start = after ? Number(after.slice(1)) : 0;
  const end = Math.min(start + perPage, total);
  const items = [];
  for (let i = start; i < end; i++) items.push(contactJson(i));
  const page = Math.floor(start / perPage) + 1;
  const totalPages = Math.ceil(total / perPage);
  const next = end < total ? `,"next":{"page":${page + 1},"starting_after":"c${end}"}` : "";
  return `{"type":"list","data":[${items.join(",")}],"total_count":${total},"pages":{"type":"pages","page":${page},"per_page":${perPage},"total_pages":${totalPages}${next}}}`;
}

let stats = { requests: 0, handlerMs: 0, cpu: process.cpuUsage() };

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const started = performance.now();
    if (req.url === "/__stats") {
      const cpu = process.cpuUsage(stats.cpu);
      const body = JSON.stringify({ requests: stats.requests, handlerMs: stats.handlerMs, cpuMs: (cpu.user + cpu.system) / 1000 });
      stats = { requests: 0, handlerMs: 0, cpu: process.cpuUsage() };
      return res.writeHead(200, { "content-type": "application/json" }).end(body);
    }
    stats.requests++;
    let status = 200;
    let body = fixedBody;
    if (req.method === "POST" && req.url === "/contacts/search") {
      body = searchPage(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } else if (!(req.method === "GET" && req.url.startsWith("/contacts/"))) {
      status = 404;
      body = '{"type":"error.list","errors":[{"code":"not_found","message":"Resource Not Found"}]}';
    }
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
    stats.handlerMs += performance.now() - started;
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
// Started with a pipe on stdin (bench/lib/processes.mjs): its end means the parent is gone.
if (fstatSync(0).isFIFO() || fstatSync(0).isSocket()) process.stdin.on("end", () => process.exit(0)).resume();
