#!/usr/bin/env node
// How fast `intercom.exports.rows()` turns a gzipped export into rows, beside the floor of plain
// zlib gunzip of the same bytes, and whether its memory stays flat as the export grows.
//
//   npm run build && node bench/exports-rows.bench.mjs [--sizes 256,1024] [--runs 3] [--baseline DIR]
//
// For each size (MB of CSV, uncompressed) it generates a data_export_csv-shaped export once, gzipped,
// into a temporary file (reused by later runs; removed with --clean), serves it from a loopback
// server that also answers the job's status, and runs each measurement in a fresh Node process, so
// that its peak RSS (`process.resourceUsage().maxRSS`) is its own:
//   gunzip    node:zlib createGunzip over the file, bytes counted: the floor
//   download  exports.download(): fetch + DecompressionStream, bytes counted
//   rows      exports.rows(): the above + the CSV parse (udsv) into typed rows, rows counted
//   baseline  (with --baseline DIR) exports.rows() of another build: DIR/2.11/index.js, e.g. a copy
//             of an earlier dist/ placed where its own dependencies resolve
// Runs interleave (gunzip, download, rows, ... then again), so that a noisy minute hits each alike.
// MB/s is uncompressed MB (10^6 bytes) per second, median of --runs runs; after each size, the
// ratio of rows to download (issue 13's target: >= 0.35x). Not part of the tests.
import { execFile } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { rm, rename } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { createGunzip, createGzip } from "node:zlib";

const MB = 1_000_000;
const self = fileURLToPath(import.meta.url);

async function main() {
  const { values } = parseArgs({
    options: { sizes: { type: "string", default: "256,1024" }, runs: { type: "string", default: "3" }, clean: { type: "boolean" }, baseline: { type: "string" } },
  });
  const baseline = values.baseline && path.resolve(values.baseline, "2.11/index.js");
  if (baseline && !existsSync(baseline)) throw new Error(`--baseline: ${baseline} does not exist`);
  const modes = ["gunzip", "download", "rows", ...(baseline ? ["baseline"] : [])];
  const sizes = values.sizes.split(",").map(Number);
  const runs = Number(values.runs);
  const files = [];
  for (const size of sizes) files.push({ size, ...(await exportFile(size)) });
  const server = await serve(files);
  console.log(`node ${process.version}, ${runs} runs each, median shown (min-max)\n`);
  console.log("size      gzip       mode       MB/s              peak RSS (MB)       rows");
  try {
    for (const file of files) {
      const byMode = new Map(modes.map((m) => [m, []]));
      for (let i = 0; i < runs; i++) {
        for (const mode of modes) {
          const target = mode === "gunzip" ? file.gz : `${server.url}/bench-${file.size}`;
          // Not spawnSync: the loopback server lives in this process and must go on answering.
          const { stdout } = await promisify(execFile)(process.execPath, [self, "--worker", mode, target, String(file.bytes), baseline ?? ""]);
          byMode.get(mode).push(JSON.parse(stdout));
        }
      }
      const rates = {};
      for (const [mode, results] of byMode) {
        for (const r of results) if (r.bytes !== file.bytes) throw new Error(`${mode}: ${r.bytes} bytes out, expected ${file.bytes}`);
        const rate = results.map((r) => r.bytes / MB / r.seconds);
        rates[mode] = median(rate);
        const rss = results.map((r) => r.maxRssKb / 1024);
        const rows = results[0].rows ?? "";
        console.log(`${String(file.size).padEnd(4)} MB  ${(file.gzBytes / MB).toFixed(0).padStart(4)} MB    ${mode.padEnd(9)}  ${summary(rate, 1).padEnd(16)}  ${summary(rss, 0).padEnd(18)}  ${rows}`);
        if ((mode === "rows" || mode === "baseline") && rows !== file.rows) throw new Error(`${mode}: ${rows} rows, expected ${file.rows}`);
      }
      const vs = (mode) => (rates[mode] / rates.download).toFixed(2);
      console.log(`${String(file.size).padEnd(4)} MB  rows vs download: ${vs("rows")}x (target >= 0.35x)${baseline ? `; baseline vs download: ${vs("baseline")}x` : ""}`);
    }
  } finally {
    await server.close();
    if (values.clean) for (const f of files) await rm(f.gz, { force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs, digits) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

/**
 * One measurement, in its own process: prints { bytes, rows?, seconds, maxRssKb }. `rows` counts
 * rows, not bytes: its MB/s is the CSV's size (`csvBytes`) over its time.
 */
async function worker(mode, target, csvBytes, baseline) {
  const started = performance.now();
  let bytes = 0;
  let rows;
  if (mode === "gunzip") {
    for await (const chunk of createReadStream(target).pipe(createGunzip())) bytes += chunk.length;
  } else {
    const url = new URL(target);
    const { createIntercom } = await import(mode === "baseline" ? baseline : "intercom-fetch/2.11");
    const intercom = createIntercom({ token: "bench", baseUrl: url.origin });
    const job = url.pathname.slice(1);
    if (mode === "download") {
      const reader = (await intercom.exports.download(job)).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
      }
    } else {
      rows = 0;
      for await (const _ of intercom.exports.rows(job)) rows++;
      bytes = Number(csvBytes);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ bytes, rows, seconds, maxRssKb: process.resourceUsage().maxRSS }));
}

/** Job `bench-<size>`: its status says completed, its download streams the file. */
async function serve(files) {
  const bySize = new Map(files.map((f) => [String(f.size), f]));
  const server = createServer((req, res) => {
    const match = /^\/(export|download)\/content\/data\/bench-(\d+)$/.exec(req.url);
    const file = match && bySize.get(match[2]);
    if (!file) return res.writeHead(404).end();
    if (match[1] === "export") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ job_identifier: `bench-${file.size}`, status: "completed", download_url: "", download_expires_at: String(Math.floor(Date.now() / 1000) + 3600) }));
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.gzBytes });
    createReadStream(file.gz).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A gzipped export of about `size` MB of CSV, made once per size. Rows look like Intercom's: the
 * data_export_csv columns, timestamps, some empty cells, titles with commas, quotes and newlines.
 */
async function exportFile(size) {
  const gz = path.join(tmpdir(), `intercom-fetch-bench-export-${size}MB.csv.gz`);
  const meta = `${gz}.json`;
  if (existsSync(gz) && existsSync(meta)) return { gz, gzBytes: statSync(gz).size, ...JSON.parse(await import("node:fs/promises").then((f) => f.readFile(meta, "utf8"))) };
  process.stderr.write(`generating ${size} MB of CSV into ${gz} ...\n`);
  const header =
    "user_id,user_external_id,company_id,email,name,ruleset_id,content_id,content_type,content_title,ruleset_version_id,receipt_id,received_at,series_id,series_title,node_id,first_reply,first_completion,first_series_completion,first_series_disengagement,first_series_exit,first_goal_success,first_open,first_click,first_dismisall,first_unsubscribe,first_hard_bounce\n";
  const titles = ["Welcome aboard", '"Spring sale", 20% off', "Onboarding tour", 'Survey: "how did we do?"', "Release notes\nMarch", "Re-engagement, part 2"];
  const types = ["email", "post", "chat", "custom_bot", "survey", "tour"];
  const quote = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  let rows = 0;
  let bytes = 0;
  const target = size * MB;
  let seed = 42;
  const rand = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  async function* csv() {
    yield header;
    bytes += Buffer.byteLength(header);
    while (bytes < target) {
      let chunk = "";
      for (let i = 0; i < 2000; i++) {
        const n = rows++;
        const t = 1767225600 + rand(2_678_400);
        const maybe = (p) => (rand(100) < p ? String(t + rand(86_400)) : "");
        const title = titles[rand(titles.length)];
        chunk +=
          `${5_000_000 + n},ext-${n},${rand(10) ? 600 + rand(5000) : -1},user${n}@example.com,${quote(`User ${n}, Jr.`)},${100 + rand(900)},${1000 + rand(9000)},${types[rand(types.length)]},` +
          `${quote(title)},${rand(100_000)},${n * 7 + 1},${t},${rand(4) ? -1 : 300 + rand(50)},${rand(4) ? "" : quote(`Series ${rand(20)}`)},${rand(500)},` +
          `${maybe(5)},${maybe(10)},${maybe(3)},${maybe(2)},${maybe(2)},${maybe(4)},${maybe(60)},${maybe(20)},${maybe(5)},${maybe(1)},${maybe(1)}\n`;
      }
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  }
  const part = `${gz}.part`;
  await pipeline(csv, createGzip(), createWriteStream(part));
  await rename(part, gz);
  const { writeFile } = await import("node:fs/promises");
  await writeFile(meta, JSON.stringify({ bytes, rows }));
  return { gz, gzBytes: statSync(gz).size, bytes, rows };
}

if (process.argv[2] === "--worker") {
  await worker(process.argv[3], process.argv[4], process.argv[5], process.argv[6]);
} else {
  await main();
}
