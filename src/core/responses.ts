import type { Middleware } from "openapi-fetch";
import { guardStream, readBytes, takeDeadline } from "./body-limits.js";
import { IntercomError, preview } from "./errors.js";

/** One decoder for every response: without `stream`, it holds no state between calls. */
const utf8Decoder = new TextDecoder();

/**
 * A successful response whose body has been parsed once already. openapi-fetch reads a JSON body
 * with `response.json()` when Content-Length is set, so handing it the parsed value saves parsing
 * large pages twice. It is built without a body: a body is a stream, the costliest part of a
 * `Response` to make, and most callers only take `data`. A caller who reads `result.response`'s
 * body all the same (`text()`, `body`, `clone()`...) gets the text, from a `Response` made then.
 */
class ParsedResponse extends Response {
  readonly #value: unknown;
  readonly #text: string;
  #full: Response | undefined;
  constructor(text: string, value: unknown, from: Response, byteLength: number) {
    // The constructor copies the headers; that copy is writable, so Content-Length (the size of the
    // body it holds, which openapi-fetch looks for) is set on it rather than on a second copy.
    super(null, { status: from.status, statusText: from.statusText, headers: from.headers });
    this.headers.set("content-length", String(byteLength));
    this.#value = value;
    this.#text = text;
    Object.defineProperty(this, "url", { value: from.url });
  }
  /** The same response with its text as a real body, made on first use. */
  #body(): Response {
    this.#full ??= rebuild(this.#text, this);
    return this.#full;
  }
  override json(): Promise<unknown> {
    return Promise.resolve(this.#value);
  }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#body().body;
  }
  override get bodyUsed(): boolean {
    return this.#full?.bodyUsed ?? false;
  }
  override text(): Promise<string> {
    return this.#body().text();
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#body().arrayBuffer();
  }
  override blob(): Promise<Blob> {
    return this.#body().blob();
  }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#body().bytes();
  }
  override formData(): Promise<FormData> {
    return this.#body().formData();
  }
  override clone(): Response {
    return this.#body().clone();
  }
}

/** A response carrying `body` (already read) in place of `from`'s, with its status, headers and URL. */
function rebuild(body: BodyInit | null, from: Response): Response {
  const response = new Response(body, { status: from.status, statusText: from.statusText, headers: from.headers });
  Object.defineProperty(response, "url", { value: from.url });
  return response;
}

/**
 * Every body is read here, under the attempt's deadline and the caller's signal (kept armed by
 * the transport until the body is read), and capped at `maxResponseBytes`: a JSON or error body
 * is read whole; a stream (`parseAs: "stream"`) is handed on, still cancellable and with a stall
 * timeout. Where JSON was asked for, a 2xx whose body is not JSON (an HTML error page from a proxy,
 * a body cut short, an empty body labelled JSON) becomes an IntercomError with the status and the
 * first bytes of the body, rather than a SyntaxError from deep inside the parser.
 */
export function createBodyChecks(maxResponseBytes: number): Middleware {
  return {
    async onResponse({ request, response, options }) {
      if (request.method === "HEAD" || response.status === 204 || !response.body) {
        takeDeadline(response)?.dispose();
        return undefined;
      }
      if (options.parseAs === "stream" && response.ok) return rebuild(guardStream(request, response), response);
      const json = options.parseAs === "json" && response.ok;
      // The path is parsed out of the URL only for an error, not on every call.
      const fail = (why: string, cause?: unknown) =>
        new IntercomError(`${request.method} ${new URL(request.url).pathname}: Intercom answered ${response.status} with ${why}`, {
          status: response.status,
          code: "invalid_response",
          requestId: response.headers.get("x-request-id") ?? undefined,
          response,
          cause,
        });
      let bytes: Uint8Array;
      try {
        bytes = await readBytes(request, response, maxResponseBytes);
      } catch (error) {
        if (error instanceof IntercomError || request.signal.aborted) throw error;
        // The connection dropped mid-body: undici says "terminated", browsers a TypeError.
        throw fail("a body cut short (the connection closed before it ended)", (error as Error).cause ?? error);
      }
      if (!json) return rebuild(bytes as Uint8Array<ArrayBuffer>, response);
      const text = utf8Decoder.decode(bytes);
      const type = response.headers.get("content-type") ?? "";
      if (text === "") {
        if (/json/i.test(type)) throw fail("an empty body where JSON was expected");
        return rebuild(null, response);
      }
      if (type && !/json/i.test(type)) throw fail(`${type.split(";")[0]} where JSON was expected: ${preview(text)}`);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw fail(`a body that is not valid JSON (${text.length} bytes, cut short or malformed): ${preview(text)}`);
      }
      return new ParsedResponse(text, value, response, bytes.byteLength);
    },
  };
}
