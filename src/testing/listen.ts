// The fake on a port, for other languages and curl: a small node:http adapter around the same
// fetch-style handler. Node only; `fake.listen()` imports it lazily.
import type { IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const body = chunks.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body });
}

// A specifier no bundler resolves: a browser bundle of the fake (for MSW's setupWorker) keeps this
// chunk, and a static `node:http` (which tsup writes as `http`) fails to bundle for the browser.
const NODE_HTTP = ["node", "http"].join(":");

export async function serve(handle: (request: Request) => Promise<Response>, port: number, host: string) {
  const { createServer }: typeof import("node:http") = await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_HTTP);
  const sockets = new Set<Socket>();
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      const response = await handle(await toRequest(req, origin));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      res.writeHead(500).end();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
