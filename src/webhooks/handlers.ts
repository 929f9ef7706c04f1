// `createWebhooks`: listeners by topic, and the two request handlers that feed them (a fetch-style
// one and a Node http / Express one). Both read the raw body themselves, within a size bound,
// verify before they parse, and answer with a status and a fixed JSON body that never quotes the
// request or the secret. The signature header's shape is checked before a byte of the body is
// read, the body has a deadline of its own, and a client that goes away mid-body is nobody's error.
import { parseWebhook, WebhookError, type UnknownWebhookTopic, type WebhookNotification, type WebhookNotificationOf } from "./notification.js";
import { bodyBytes, signatureProblem, type WebhookBody } from "./signature.js";
import type { WebhookTopic } from "./topics.js";

/** A topic, `"*"` for every topic, or a prefix and `.*` (`"conversation.*"`, `"conversation.admin.*"`). */
export type WebhookTopicPattern = WebhookTopic | "*" | `${string}.*` | (string & {});

/** What a listener of `pattern` receives, typed from version `C`. */
export type WebhookListenerNotification<C, P extends string> = P extends "*"
  ? WebhookNotification<C>
  : P extends `${infer Prefix}.*`
    ? Extract<WebhookNotification<C>, { topic: `${Prefix}.${string}` }> | WebhookNotificationOf<C, UnknownWebhookTopic>
    : WebhookNotificationOf<C, P>;

export interface WebhooksOptions<C = unknown> {
  /** The app's client secret (Developer Hub, Basic information): the HMAC key. Required. */
  secret: string;
  /** The largest body read, in bytes (default 5 MiB). A larger one is answered 413 without being read further. */
  maxBodyBytes?: number;
  /**
   * How long the handlers wait for the listeners before answering 200 anyway, in ms (default 3000;
   * Intercom gives up after 5 s and redelivers). Listeners still running then go on; their errors
   * reach `onError`, but Intercom no longer hears of them.
   */
  timeout?: number;
  /**
   * How long the handlers wait for the whole body, in ms (default 10000). A body still arriving then
   * (a client dripping it) is answered 408 `body_timeout` and the connection is closed, so that a
   * slow client cannot hold a socket and its buffer for ever.
   */
  bodyTimeout?: number;
  /**
   * Hears a listener's error (with its notification) and a misconfigured server (the body was
   * already parsed by another middleware). Default: `console.error` of the error, the topic and
   * the id; never the body or the secret.
   */
  onError?: (error: unknown, notification: WebhookNotification<C> | undefined) => void;
}

/** A Node `http.IncomingMessage` (or Express `Request`), as far as the handler uses it. */
export interface NodeWebhookRequest {
  method?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  removeListener?(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  resume?(): unknown;
  readableEnded?: boolean;
  /** Set by `express.raw()` or `express.text()` (used as the raw body), or by `express.json()` (refused). */
  body?: unknown;
  /** The raw body, where a framework keeps it (e.g. `express.json({ verify: (req, res, buf) => { req.rawBody = buf } })`). */
  rawBody?: unknown;
}

/** A Node `http.ServerResponse` (or Express `Response`), as far as the handler uses it. */
export interface NodeWebhookResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

export interface Webhooks<C = unknown> {
  /**
   * Calls `listener` with every verified notification of `topic` (or of a pattern: `"*"`,
   * `"conversation.*"`). Listeners run concurrently; the answer waits for them (up to `timeout`).
   */
  on<P extends WebhookTopicPattern>(topic: P, listener: (notification: WebhookListenerNotification<C, P>) => unknown): Webhooks<C>;
  /**
   * Verifies, parses and hands a notification to its listeners; resolves with it once they are done.
   * Rejects with `WebhookError` for a refused request, or with the first listener's error.
   */
  receive(input: { body: WebhookBody; signature: string | null | undefined }): Promise<WebhookNotification<C>>;
  /** For fetch-style servers (Next.js route handlers, Cloudflare Workers, Deno, Bun): never rejects. */
  fetchHandler: (request: Request) => Promise<Response>;
  /** For Node's `http` servers and Express (`app.post(path, webhooks.nodeHandler)`): never rejects. */
  nodeHandler: (req: NodeWebhookRequest, res: NodeWebhookResponse, next?: unknown) => Promise<void>;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const DEFAULT_MAX_BODY = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT = 3000;
const DEFAULT_BODY_TIMEOUT = 10_000;
const TOO_LARGE = Symbol("too large");
const BODY_TIMEOUT = Symbol("body timeout");
/** The client went away (or its stream broke) before the body's end: there is nobody to answer. */
const CLIENT_GONE = Symbol("client gone");
const ALREADY_PARSED = Symbol("already parsed");
const answers = {
  ok: { status: 200, body: { ok: true } },
  method: { status: 405, body: { error: "method_not_allowed" }, headers: { allow: "POST" } },
  tooLarge: { status: 413, body: { error: "body_too_large" }, headers: { connection: "close" } },
  bodyTimeout: { status: 408, body: { error: "body_timeout" }, headers: { connection: "close" } },
  incomplete: { status: 400, body: { error: "body_incomplete" }, headers: { connection: "close" } },
  listener: { status: 500, body: { error: "listener_failed" } },
  server: { status: 500, body: { error: "server_misconfigured" } },
} satisfies Record<string, Answer>;

/**
 * Listeners by topic and the handlers that feed them. Type the notifications with your pinned
 * version's `components`: `createWebhooks<components>({ secret })`.
 */
export function createWebhooks<C = unknown>(options: WebhooksOptions<C>): Webhooks<C> {
  const { secret, maxBodyBytes = DEFAULT_MAX_BODY, timeout = DEFAULT_TIMEOUT, bodyTimeout = DEFAULT_BODY_TIMEOUT, onError = logError } = options ?? ({} as WebhooksOptions<C>);
  if (typeof secret !== "string" || secret === "") throw new TypeError("createWebhooks: `secret` must be the app's client secret, a non-empty string");
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw new RangeError(`createWebhooks: \`maxBodyBytes\` must be a positive integer (got ${String(maxBodyBytes)})`);
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > 2_147_483_647) throw new RangeError(`createWebhooks: \`timeout\` must be a number of ms from 0 to 2147483647 (got ${String(timeout)})`);
  if (!Number.isFinite(bodyTimeout) || bodyTimeout <= 0 || bodyTimeout > 2_147_483_647) {
    throw new RangeError(`createWebhooks: \`bodyTimeout\` must be a positive number of ms up to 2147483647 (got ${String(bodyTimeout)})`);
  }
  if (typeof onError !== "function") throw new TypeError("createWebhooks: `onError` must be a function");

  const listeners = new Map<string, Set<(notification: never) => unknown>>();

  const matching = (topic: string) => {
    const found = [...(listeners.get(topic) ?? []), ...(listeners.get("*") ?? [])];
    for (let dot = topic.lastIndexOf("."); dot > 0; dot = topic.lastIndexOf(".", dot - 1)) {
      found.push(...(listeners.get(`${topic.slice(0, dot)}.*`) ?? []));
    }
    return found;
  };

  const dispatch = (notification: WebhookNotification<C>) => matching(notification.topic).map((listener) => Promise.resolve().then(() => listener(notification as never)));

  async function receive(input: { body: WebhookBody; signature: string | null | undefined }) {
    const notification = await parseWebhook<C>({ ...input, secret });
    await Promise.all(dispatch(notification));
    return notification;
  }

  /** The answer to a POST whose body has been read; listeners are awaited up to `timeout`. */
  async function answer(body: Uint8Array, signature: string | null | undefined): Promise<Answer> {
    let notification: WebhookNotification<C>;
    try {
      notification = await parseWebhook<C>({ body, signature, secret });
    } catch (error) {
      if (error instanceof WebhookError) return { status: error.status, body: { error: error.reason } };
      throw error;
    }
    const settled = Promise.allSettled(dispatch(notification)).then((results) => {
      for (const result of results) if (result.status === "rejected") report(result.reason, notification);
      return results.some((result) => result.status === "rejected");
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, timeout, "late")));
    const outcome = await Promise.race([settled, late]);
    clearTimeout(timer);
    return outcome === true ? answers.listener : answers.ok;
  }

  function report(error: unknown, notification: WebhookNotification<C> | undefined) {
    try {
      onError(error, notification);
    } catch {
      // An onError that throws must not take the server down with it.
    }
  }

  async function fetchHandler(request: Request): Promise<Response> {
    let result: Answer;
    try {
      const signature = request.headers.get("x-hub-signature");
      const problem = signatureProblem(signature);
      if (request.method !== "POST") result = answers.method;
      else if (problem) result = refusedUnread(problem);
      else {
        const body = await readWebBody(request, maxBodyBytes, bodyTimeout);
        result = body === TOO_LARGE ? answers.tooLarge : body === BODY_TIMEOUT ? answers.bodyTimeout : body === CLIENT_GONE ? answers.incomplete : await answer(body, signature);
      }
    } catch (error) {
      report(error, undefined);
      result = answers.server;
    }
    return new Response(JSON.stringify(result.body), { status: result.status, headers: { "content-type": "application/json", ...result.headers } });
  }

  async function nodeHandler(req: NodeWebhookRequest, res: NodeWebhookResponse): Promise<void> {
    let result: Answer;
    try {
      const header = req.headers["x-hub-signature"];
      const signature = Array.isArray(header) ? header.join(", ") : header;
      const problem = signatureProblem(signature);
      if (req.method !== "POST") result = answers.method;
      else if (problem) result = refusedUnread(problem);
      else {
        const body = await readNodeBody(req, maxBodyBytes, bodyTimeout);
        // Nobody to answer: no 500, and nothing for onError, which hears of the server's faults.
        if (body === CLIENT_GONE) return;
        if (body === ALREADY_PARSED) {
          report(
            new TypeError(
              'intercom-fetch/webhooks: the request body was already parsed (express.json()?), so its signature cannot be checked: mount nodeHandler before the JSON parser, or behind express.raw({ type: "application/json" })',
            ),
            undefined,
          );
          result = answers.server;
        } else if (body === TOO_LARGE) result = answers.tooLarge;
        else if (body === BODY_TIMEOUT) result = answers.bodyTimeout;
        else result = await answer(body, signature);
      }
    } catch (error) {
      report(error, undefined);
      result = answers.server;
    }
    try {
      res.writeHead(result.status, { "content-type": "application/json", ...result.headers });
      res.end(JSON.stringify(result.body));
    } catch (error) {
      report(error, undefined);
    }
  }

  const webhooks: Webhooks<C> = {
    on(topic, listener) {
      if (typeof topic !== "string" || topic === "") throw new TypeError('webhooks.on: `topic` must be a topic, "*" or a prefix followed by ".*"');
      if (typeof listener !== "function") throw new TypeError(`webhooks.on(${JSON.stringify(topic)}): \`listener\` must be a function`);
      if (!listeners.has(topic)) listeners.set(topic, new Set());
      listeners.get(topic)!.add(listener as (notification: never) => unknown);
      return webhooks;
    },
    receive,
    fetchHandler,
    nodeHandler,
  };
  return webhooks;
}

function logError(error: unknown, notification: { topic: string; id: unknown } | undefined) {
  const what = notification ? `a listener of ${notification.topic} (notification ${String(notification.id)}) failed:` : "";
  console.error(`intercom-fetch/webhooks: ${what}`, error);
}

/**
 * The answer to a request whose signature header is missing or malformed, sent without reading its
 * body (up to `maxBodyBytes` otherwise): the connection is closed rather than drained.
 */
const refusedUnread = (reason: "missing_signature" | "malformed_signature"): Answer => ({ status: 401, body: { error: reason }, headers: { connection: "close" } });

/** A fetch Request's body, read no further than `max` bytes and for no longer than `deadline` ms. */
async function readWebBody(request: Request, max: number, deadline: number): Promise<Uint8Array | typeof TOO_LARGE | typeof BODY_TIMEOUT | typeof CLIENT_GONE> {
  if (Number(request.headers.get("content-length")) > max) return TOO_LARGE;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof BODY_TIMEOUT>((resolve) => (timer = setTimeout(resolve, deadline, BODY_TIMEOUT)));
  try {
    for (;;) {
      const read = reader.read();
      // A read left behind by the deadline may still reject when the connection closes.
      read.catch(() => {});
      const step = await Promise.race([read, late]);
      // Not canceled: canceling a runtime's request body may close the connection before the 408 is sent.
      if (step === BODY_TIMEOUT) return BODY_TIMEOUT;
      if (step.done) break;
      size += step.value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
      chunks.push(step.value);
    }
  } catch {
    // The body's stream broke: the client disconnected mid-body.
    return CLIENT_GONE;
  } finally {
    clearTimeout(timer);
  }
  return concat(chunks, size);
}

/**
 * A Node request's raw body: one a framework already read into bytes or a string (`rawBody`,
 * `express.raw()`, `express.text()`), or else the stream itself, read no further than `max` bytes
 * and for no longer than `deadline` ms.
 */
function readNodeBody(req: NodeWebhookRequest, max: number, deadline: number): Promise<Uint8Array | typeof TOO_LARGE | typeof ALREADY_PARSED | typeof BODY_TIMEOUT | typeof CLIENT_GONE> {
  const kept = bodyBytes(req.rawBody) ?? bodyBytes(req.body);
  if (kept) return Promise.resolve(kept.byteLength > max ? TOO_LARGE : kept);
  if (req.readableEnded) return Promise.resolve(ALREADY_PARSED);
  if (Number(req.headers["content-length"]) > max) {
    req.resume?.();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    const finish = (value: Uint8Array | typeof TOO_LARGE | typeof BODY_TIMEOUT | typeof CLIENT_GONE) => {
      clearTimeout(timer);
      req.removeListener?.("data", onData);
      resolve(value);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > max) {
        // Stop keeping what arrives, and let the rest drain so that the 413 can be written.
        finish(TOO_LARGE);
        req.resume?.();
      } else chunks.push(bytes);
    };
    // Stop reading; the 408 closes the connection.
    const timer = setTimeout(() => finish(BODY_TIMEOUT), deadline);
    req.on("data", onData);
    req.on("end", () => {
      ended = true;
      finish(concat(chunks, size));
    });
    // Node's "aborted" error (ECONNRESET), or a close before the end: the client went away.
    req.on("error", () => finish(CLIENT_GONE));
    (req as unknown as { on(event: "close", listener: () => void): unknown }).on("close", () => {
      if (!ended) finish(CLIENT_GONE);
    });
  });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
