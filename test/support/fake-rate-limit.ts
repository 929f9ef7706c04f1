// A loopback server that counts calls like Intercom: fixed windows aligned to the clock, `limit`
// calls per window, 429 (with `X-RateLimit-Remaining: 0`) once a window is used up, and the
// `X-RateLimit-*` headers on every response. Writes (POST /events) are applied by their
// `metadata.load_id`, so a write applied twice shows.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RateLimitOptions {
  /** Calls allowed per window. */
  limit: number;
  /** Length of a window in whole seconds (`X-RateLimit-Reset` is a UNIX time in seconds). */
  windowSeconds: number;
  /** How long the server takes to answer, in ms, after counting the call. */
  latencyMs?: number;
}

export async function startRateLimitedServer({ limit, windowSeconds, latencyMs = 10 }: RateLimitOptions) {
  const windowMs = windowSeconds * 1000;
  const counts = new Map<number, number>();
  const applied = new Map<string, number>();
  let tooMany = 0;
  const refusedIn = new Map<number, number>();
  const sockets = new Set<Socket>();
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.url === "/warmup") return res.end();
    const window = Math.floor(Date.now() / windowMs);
    const used = counts.get(window) ?? 0;
    const refused = used >= limit;
    if (refused) tooMany++, refusedIn.set(window, (refusedIn.get(window) ?? 0) + 1);
    else {
      counts.set(window, used + 1);
      if (req.method === "POST") {
        const id = String(JSON.parse(body).metadata?.load_id);
        applied.set(id, (applied.get(id) ?? 0) + 1);
      }
    }
    const headers = {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(refused ? 0 : limit - used - 1),
      "x-ratelimit-reset": String((window + 1) * windowSeconds),
    };
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (refused) return json(res, 429, { type: "error.list", errors: [{ code: "rate_limit_exceeded", message: "Rate Limit Exceeded" }] }, headers);
    json(res, 200, req.method === "POST" ? {} : { type: "admin", id: "1" }, headers);
  });
  // Longer than any wait for a window, so that no idle connection is closed under a client about
  // to reuse it (a write on such a connection fails, and is rightly not sent again).
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket) => (sockets.add(socket), socket.on("close", () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
    /** Calls let through / refused per window, the calls let through, the 429s sent, the windows from the first to the last used, the share of the allowed calls used, the writes applied per id. */
    stats() {
      const windows = [...counts.keys()];
      const admitted = [...counts.values()].reduce((a, b) => a + b, 0);
      const windowsUsed = windows.length === 0 ? 0 : Math.max(...windows) - Math.min(...windows) + 1;
      // The allowed calls: a full window from the first window used to the one before the last, and
      // in the last only the calls it carried (the job ran out of calls there, it did not wait).
      const allowed = windowsUsed === 0 ? 0 : limit * (windowsUsed - 1) + counts.get(Math.max(...windows))!;
      // Calls let through / refused, window by window.
      const perWindow = [...counts.keys()]
        .sort((a, b) => a - b)
        .map((w) => `${counts.get(w)}/${refusedIn.get(w) ?? 0}`)
        .join(" ");
      return { perWindow, admitted, tooMany, windowsUsed, share: allowed === 0 ? 0 : admitted / allowed, applied };
    },
  };
}
