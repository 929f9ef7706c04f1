// Search pagination: iterate 100,000 contacts (150 a page) from bench/lib/fake-intercom.mjs through
// each client, one page in memory at a time. Reports pages/s, the client's own CPU time per page
// beside the server's, and peak RSS after 10,000 and after 100,000 contacts (flat when the client
// holds one page at a time).
import { fileURLToPath } from "node:url";
import { runNode, startServer } from "./lib/processes.mjs";
import { interleave, ratio, summarize } from "./lib/stats.mjs";

const self = fileURLToPath(import.meta.url);
const TOKEN = "bench-token";
const PER_PAGE = 150;
const FILTER = { field: "email_domain", operator: "=", value: "example.com" };

/** Each client's way of iterating every matching contact. */
const CLIENTS = {
  /** The baseline: the cursor loop by hand. */
  fetch: async function* (url) {
    const headers = { Authorization: `Bearer ${TOKEN}`, Accept: "application/json", "Content-Type": "application/json", "Intercom-Version": "2.11" };
    let startingAfter;
    do {
      const pagination = { per_page: PER_PAGE, ...(startingAfter ? { starting_after: startingAfter } : {}) };
      const response = await fetch(`${url}/contacts/search`, { method: "POST", headers, body: JSON.stringify({ query: FILTER, pagination }) });
      if (!response.ok) throw new Error(`search: ${response.status}`);
      const page = await response.json();
      yield* page.data;
      startingAfter = page.pages?.next?.starting_after;
    } while (startingAfter);
  },
  "intercom-fetch": async function* (url) {
    const { createIntercom } = await import("intercom-fetch/2.11");
    const intercom = createIntercom({ token: TOKEN, baseUrl: url });
    yield* intercom.search.contacts(FILTER, { perPage: PER_PAGE });
  },
  "intercom-client": async function* (url) {
    const { IntercomClient } = await import("intercom-client");
    const client = new IntercomClient({ token: TOKEN, baseUrl: url, version: "2.11", maxRetries: 2 });
    yield* await client.contacts.search({ query: FILTER, pagination: { per_page: PER_PAGE } });
  },
};

export const CONTENDERS = Object.keys(CLIENTS);

async function worker(client, url, total) {
  let count = 0;
  let rssAt10k;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const contact of CLIENTS[client](url)) {
    if (contact.id !== `c${count}`) throw new Error(`contact ${count} is ${contact.id}`);
    if (++count === 10_000) rssAt10k = process.resourceUsage().maxRSS;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (count !== total) throw new Error(`${client}: ${count} contacts, expected ${total}`);
  process.stdout.write(`${JSON.stringify({ count, seconds, cpuMs: (used.user + used.system) / 1000, maxRssKbAt10k: rssAt10k, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

export async function measure({ rounds = 3, contacts = 100_000, log = console.log } = {}) {
  const server = await startServer(["--contacts", String(contacts)]);
  const pages = Math.ceil(contacts / PER_PAGE);
  const clients = {};
  try {
    const runs = await interleave(CONTENDERS, rounds, async (client) => {
      await server.stats();
      const result = runNode(self, ["--worker", client, server.url, String(contacts)], { timeout: 300_000 });
      return { ...result, server: await server.stats() };
    });
    for (const [client, results] of runs) {
      clients[client] = {
        pagesPerSecond: summarize(results.map((r) => pages / r.seconds)),
        contactsPerSecond: summarize(results.map((r) => r.count / r.seconds)),
        clientCpuMsPerPage: summarize(results.map((r) => r.cpuMs / pages)),
        serverCpuMsPerPage: summarize(results.map((r) => r.server.cpuMs / pages)),
        serverHandlerMsPerPage: summarize(results.map((r) => r.server.handlerMs / pages)),
        maxRssMbAt10k: summarize(results.map((r) => r.maxRssKbAt10k / 1024)),
        maxRssMb: summarize(results.map((r) => r.maxRssKb / 1024)),
      };
    }
  } finally {
    await server.stop();
  }
  for (const [client, c] of Object.entries(clients)) {
    c.vsFetch = {
      pagesPerSecond: ratio(c.pagesPerSecond.median, clients.fetch.pagesPerSecond.median),
      clientCpuPerPage: ratio(c.clientCpuMsPerPage.median, clients.fetch.clientCpuMsPerPage.median),
      maxRss: ratio(c.maxRssMb.median, clients.fetch.maxRssMb.median),
    };
    log(
      `  ${client.padEnd(16)} ${c.pagesPerSecond.median.toFixed(0).padStart(4)} pages/s (${c.vsFetch.pagesPerSecond.toFixed(2)}x fetch)  ` +
        `client ${c.clientCpuMsPerPage.median.toFixed(2)} ms CPU/page, server ${c.serverCpuMsPerPage.median.toFixed(2)} ms  ` +
        `peak RSS ${c.maxRssMbAt10k.median.toFixed(0)} MB at 10k, ${c.maxRssMb.median.toFixed(0)} MB at ${contacts / 1000}k`,
    );
  }
  return {
    method: `${contacts} contacts (2.11's contact schema, 1.9 kB each), ${PER_PAGE} a page (${pages} pages), fresh process per run; medians of ${rounds} interleaved rounds`,
    contacts,
    perPage: PER_PAGE,
    rounds,
    clients,
  };
}

if (process.argv[2] === "--worker") {
  const [, , , client, url, total] = process.argv;
  await worker(client, url, Number(total));
}
