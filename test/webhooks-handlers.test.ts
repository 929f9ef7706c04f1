// Both handlers behind a real HTTP server on loopback: node:http with nodeHandler as it is, and
// node:http adapted to Request/Response for fetchHandler (as a fetch-style runtime calls it). Each
// answer is checked by status, and no answer, error or log line may carry the secret or the body.
import { Buffer } from "node:buffer";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, connect as netConnect } from "node:net";
import { Readable } from "node:stream";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { createWebhooks, type WebhooksOptions } from "../src/webhooks/index.js";
import { conversationBody, notification, pingBody, SECRET, sha256Signature, sign } from "./support/webhook-vectors.js";

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
}

/** node:http in front of a fetch-style handler: the request's stream becomes the Request's body. */
const asFetchServer = (handler: (request: Request) => Promise<Response>) => async (req: IncomingMessage, res: ServerResponse) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    duplex: "half",
  } as RequestInit);
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
};

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}
/** One request through node:http's client; `chunked` sends the body without a Content-Length. */
function send(url: string, { method = "POST", body, signature, chunked = false }: { method?: string; body?: string | Uint8Array; signature?: string; chunked?: boolean }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (signature !== undefined) headers["x-hub-signature"] = signature;
    if (body !== undefined && !chunked) headers["content-length"] = String(Buffer.byteLength(body));
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (body !== undefined && chunked) {
      const bytes = Buffer.from(body);
      for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}

const tenMegabytes = JSON.stringify(notification("conversation.user.created", { type: "conversation", id: "9", filler: "x".repeat(10 * 1024 * 1024) }));
const invalidUtf8 = Buffer.concat([Buffer.from(conversationBody.slice(0, 30)), Buffer.from([0xff, 0xfe]), Buffer.from(conversationBody.slice(30))]);

const kinds = ["node", "fetch"] as const;
type Kind = (typeof kinds)[number];

/** A server for `kind` with a recording listener on every topic; `errors` is what onError heard. */
async function setup(kind: Kind, options: Partial<WebhooksOptions> = {}, listener: (n: { topic: string; id: unknown }) => unknown = () => {}) {
  const heard: { topic: string; id: unknown; item: unknown }[] = [];
  const errors: unknown[] = [];
  const webhooks = createWebhooks({ secret: SECRET, onError: (error) => errors.push(error), ...options }).on("*", (n) => {
    heard.push({ topic: n.topic, id: n.id, item: n.data.item });
    return listener(n);
  });
  const url = await listen(kind === "node" ? (req, res) => void webhooks.nodeHandler(req, res) : asFetchServer(webhooks.fetchHandler));
  return { url, heard, errors };
}

/** Everything an answer shows: none of it may carry the secret or the request's body. */
const expectNothingLeaked = (sent: Sent) => {
  const shown = `${sent.text} ${JSON.stringify(sent.headers)}`;
  expect(shown).not.toContain(SECRET);
  expect(shown).not.toContain("BODY-MARKER-42");
  expect(shown).not.toContain("Zoë");
};

describe.each(kinds)("%s handler", (kind) => {
  test("answers 200 to a signed notification and hands it to the listeners", async () => {
    const { url, heard } = await setup(kind);
    const sent = await send(url, { body: conversationBody, signature: sign(conversationBody) });
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.text)).toEqual({ ok: true });
    expect(heard).toEqual([{ topic: "conversation.admin.replied", id: "notif_conversation-admin-replied-1", item: JSON.parse(conversationBody).data.item }]);
    expectNothingLeaked(sent);
    expect((await send(url, { body: pingBody, signature: sign(pingBody) })).status).toBe(200);
    expect(heard[1]).toMatchObject({ topic: "ping", id: null });
  });

  const refused: [string, () => { body?: string | Uint8Array; signature?: string; method?: string; chunked?: boolean }, number, string][] = [
    ["no X-Hub-Signature", () => ({ body: conversationBody }), 401, "missing_signature"],
    ["a sha256= signature", () => ({ body: conversationBody, signature: sha256Signature(conversationBody) }), 401, "malformed_signature"],
    ["a signature one digit short", () => ({ body: conversationBody, signature: sign(conversationBody).slice(0, -1) }), 401, "malformed_signature"],
    ["a non-hex signature", () => ({ body: conversationBody, signature: `sha1=${"q".repeat(40)}` }), 401, "malformed_signature"],
    ["another secret's signature", () => ({ body: conversationBody, signature: sign(conversationBody, "not-the-secret") }), 401, "signature_mismatch"],
    ["a body re-serialized with other whitespace", () => ({ body: JSON.stringify(JSON.parse(conversationBody), null, 2), signature: sign(conversationBody) }), 401, "signature_mismatch"],
    ["an empty body, unsigned", () => ({ body: "", signature: sign(conversationBody) }), 401, "signature_mismatch"],
    ["an empty body, signed", () => ({ body: "", signature: sign("") }), 400, "invalid_json"],
    ["a signed body that is not JSON", () => ({ body: "not json", signature: sign("not json") }), 400, "invalid_json"],
    ["a signed body that is invalid UTF-8", () => ({ body: invalidUtf8, signature: sign(invalidUtf8) }), 400, "invalid_utf8"],
    ["a signed JSON body that is not a notification", () => ({ body: '{"a":1}', signature: sign('{"a":1}') }), 400, "not_a_notification"],
    ["a 10 MB signed body (Content-Length)", () => ({ body: tenMegabytes, signature: sign(tenMegabytes) }), 413, "body_too_large"],
    ["a 10 MB signed body (chunked, no Content-Length)", () => ({ body: tenMegabytes, signature: sign(tenMegabytes), chunked: true }), 413, "body_too_large"],
    ["a GET", () => ({ method: "GET", signature: sign("") }), 405, "method_not_allowed"],
    ["a PUT of a signed notification", () => ({ method: "PUT", body: conversationBody, signature: sign(conversationBody) }), 405, "method_not_allowed"],
  ];
  test.each(refused)("refuses %s: %i %s, and calls no listener", async (_, input, status, error) => {
    const { url, heard } = await setup(kind);
    const sent = await send(url, input());
    expect(sent.status).toBe(status);
    expect(JSON.parse(sent.text)).toEqual({ error });
    if (status === 405) expect(sent.headers.allow).toBe("POST");
    expect(heard).toEqual([]);
    expectNothingLeaked(sent);
  });

  test("a 10 MB body is accepted when maxBodyBytes allows it: the limit, not the size, refused it above", async () => {
    const { url, heard } = await setup(kind, { maxBodyBytes: 16 * 1024 * 1024 });
    expect((await send(url, { body: tenMegabytes, signature: sign(tenMegabytes), chunked: true })).status).toBe(200);
    expect(heard).toHaveLength(1);
  });

  test("a listener that throws: 500 listener_failed (so Intercom redelivers), onError hears it, the server goes on", async () => {
    let calls = 0;
    const { url, errors } = await setup(kind, {}, () => {
      if (++calls === 1) throw new Error("database down");
    });
    const failed = await send(url, { body: conversationBody, signature: sign(conversationBody) });
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text)).toEqual({ error: "listener_failed" });
    expect(failed.text).not.toContain("database down");
    expect(errors).toEqual([new Error("database down")]);
    expect((await send(url, { body: conversationBody, signature: sign(conversationBody) })).status).toBe(200);
  });

  test("a listener slower than `timeout`: 200 at the timeout, and the listener finishes anyway", async () => {
    let finished = false;
    const { url } = await setup(kind, { timeout: 100 }, () => new Promise<void>((resolve) => setTimeout(() => resolve(void (finished = true)), 600)));
    const started = performance.now();
    const sent = await send(url, { body: conversationBody, signature: sign(conversationBody) });
    expect(sent.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(550);
    expect(finished).toBe(false);
    await vi.waitFor(() => expect(finished).toBe(true), { timeout: 2000 });
  });
});

describe("the default onError", () => {
  afterEach(() => vi.restoreAllMocks());

  test("logs the topic, the id and the listener's error; never the secret or the body", async () => {
    const logged: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    const webhooks = createWebhooks({ secret: SECRET }).on("conversation.admin.replied", () => {
      throw new Error("listener broke");
    });
    const url = await listen((req, res) => void webhooks.nodeHandler(req, res));
    expect((await send(url, { body: conversationBody, signature: sign(conversationBody) })).status).toBe(500);
    expect(logged).toHaveLength(1);
    const line = logged[0]!.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" ");
    expect(line).toContain("conversation.admin.replied");
    expect(line).toContain("notif_conversation-admin-replied-1");
    expect(line).toContain("listener broke");
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain("BODY-MARKER-42");
  });
});

describe("nodeHandler behind body-parsing middleware (as Express's express.json/raw/text set req.body)", () => {
  /** Reads the body first, as a body parser does, then hands the request on with `assign(req, bytes)`. */
  const behind = (assign: (req: IncomingMessage & { body?: unknown; rawBody?: unknown }, bytes: Buffer) => void, options: Partial<WebhooksOptions> = {}) => {
    const errors: unknown[] = [];
    const heard: string[] = [];
    const webhooks = createWebhooks({ secret: SECRET, onError: (error) => errors.push(error), ...options }).on("*", (n) => void heard.push(n.topic));
    const url = listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        assign(req, Buffer.concat(chunks));
        void webhooks.nodeHandler(req, res, () => {});
      });
    });
    return { url, errors, heard };
  };

  test("express.json() already parsed it: 500 server_misconfigured, and onError says what to do", async () => {
    const { url, errors, heard } = behind((req, bytes) => (req.body = JSON.parse(bytes.toString("utf8"))));
    const sent = await send(await url, { body: conversationBody, signature: sign(conversationBody) });
    expect(sent.status).toBe(500);
    expect(JSON.parse(sent.text)).toEqual({ error: "server_misconfigured" });
    expect(String(errors[0])).toMatch(/already parsed.*express\.raw/);
    expect(String(errors[0])).not.toContain(SECRET);
    expect(heard).toEqual([]);
  });

  test.each([
    ["express.raw() (req.body is a Buffer)", (req: { body?: unknown }, bytes: Buffer) => (req.body = bytes)],
    ["express.text() (req.body is a string)", (req: { body?: unknown }, bytes: Buffer) => (req.body = bytes.toString("utf8"))],
    ["express.json({ verify }) keeping req.rawBody", (req: { body?: unknown; rawBody?: unknown }, bytes: Buffer) => ((req.body = JSON.parse(bytes.toString("utf8"))), (req.rawBody = bytes))],
  ])("%s: the kept raw body is verified: 200, and 401 when it was not what Intercom signed", async (_, assign) => {
    const { url, heard } = behind(assign);
    expect((await send(await url, { body: conversationBody, signature: sign(conversationBody) })).status).toBe(200);
    expect((await send(await url, { body: conversationBody, signature: sign(pingBody) })).status).toBe(401);
    expect(heard).toEqual(["conversation.admin.replied"]);
  });

  test("a kept raw body larger than maxBodyBytes: 413", async () => {
    const { url } = behind((req, bytes) => (req.body = bytes), { maxBodyBytes: 100 });
    expect((await send(await url, { body: conversationBody, signature: sign(conversationBody) })).status).toBe(413);
  });
});

describe("hostile clients, on a raw socket (issue 22)", () => {
  /** A server whose handler calls are kept, so a test can wait for the handler to be done with a request. */
  async function rawServer(kind: Kind, options: Partial<WebhooksOptions> = {}) {
    const errors: unknown[] = [];
    const heard: string[] = [];
    const handled: Promise<unknown>[] = [];
    const webhooks = createWebhooks({ secret: SECRET, onError: (error) => errors.push(error), ...options }).on("*", (n) => void heard.push(n.topic));
    const fetchServer = asFetchServer(webhooks.fetchHandler);
    const url = await listen((req, res) => {
      // A request whose client went away may leave fetchServer's writes failing: that is the adapter's, not the handler's.
      handled.push(kind === "node" ? webhooks.nodeHandler(req, res) : fetchServer(req, res).catch(() => undefined));
    });
    return { port: Number(new URL(url).port), errors, heard, handled };
  }

  /** A raw connection: `head` written at once; resolves what the server sent and whether it closed the connection. */
  function connect(port: number, head: string) {
    const socket = netConnect(port, "127.0.0.1");
    socket.write(head);
    let received = "";
    socket.on("data", (c: Buffer) => (received += c.toString("latin1")));
    socket.on("error", () => undefined);
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    return { socket, closed, received: () => received };
  }

  const head = (headers: Record<string, string>) =>
    `POST /webhooks HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")}\r\n`;

  describe.each(kinds)("%s handler", (kind) => {
    test.each([
      ["no X-Hub-Signature", {}, "missing_signature"],
      ["a malformed X-Hub-Signature", { "x-hub-signature": "sha256=abc" }, "malformed_signature"],
    ])("%s is answered 401 before the body is read (5 MiB announced, 1 KiB sent)", async (_, headers, reason) => {
      const { port, heard } = await rawServer(kind);
      const conn = connect(port, head({ ...headers, "content-length": String(5 * 1024 * 1024) }) + "x".repeat(1024));
      // Bounded: the old handlers waited for the 5 MiB that never come.
      const closedByServer = await Promise.race([conn.closed.then(() => true), new Promise<boolean>((r) => setTimeout(r, 5000, false))]);
      conn.socket.destroy();
      expect(closedByServer, "the server waited for the body").toBe(true);
      expect(conn.received()).toMatch(/^HTTP\/1\.1 401 /);
      expect(conn.received()).toContain(`{"error":"${reason}"}`);
      expect(heard).toEqual([]);
    });

    test("a body dripped slower than bodyTimeout is answered 408 and the connection closed", async () => {
      const { port, errors, handled } = await rawServer(kind, { bodyTimeout: 300 });
      const body = conversationBody;
      const conn = connect(port, head({ "x-hub-signature": sign(body), "content-length": String(Buffer.byteLength(body)) }) + body.slice(0, 10));
      const drip = setInterval(() => conn.socket.writable && conn.socket.write(" "), 100);
      let closedByServer: boolean;
      try {
        closedByServer = await Promise.race([conn.closed.then(() => true), new Promise<boolean>((r) => setTimeout(r, 5000, false))]);
      } finally {
        clearInterval(drip);
        conn.socket.destroy();
      }
      expect(closedByServer, "the server let the dripping client hold the socket").toBe(true);
      expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(conn.received()).toContain('{"error":"body_timeout"}');
      await Promise.all(handled);
      expect(errors).toEqual([]);
    });

    test("a client that disconnects mid-body: the handler ends, and nothing is reported as a server error", async () => {
      const logged: unknown[][] = [];
      const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
      try {
        const { port, errors, handled } = await rawServer(kind, { onError: undefined });
        const body = conversationBody;
        const conn = connect(port, head({ "x-hub-signature": sign(body), "content-length": String(Buffer.byteLength(body)) }) + body.slice(0, 10));
        await vi.waitFor(() => expect(handled).toHaveLength(1), { timeout: 5000 });
        conn.socket.destroy();
        const done = await Promise.race([handled[0]!.then(() => "done"), new Promise((r) => setTimeout(r, 5000, "still reading"))]);
        expect(done).toBe("done");
        expect(errors).toEqual([]);
        expect(logged).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });
  });

  test("bodyTimeout is checked at construction", () => {
    for (const bodyTimeout of [0, -1, Number.NaN, 2 ** 31]) {
      expect(() => createWebhooks({ secret: SECRET, bodyTimeout })).toThrow(/`bodyTimeout`/);
    }
  });
});
