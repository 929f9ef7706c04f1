import type { Middleware } from "openapi-fetch";
import { IntercomError, preview } from "./errors.js";

/** One encoder for every response: it holds no state. */
const utf8 = new TextEncoder();

/**
 * A successful response whose body has been parsed once already. openapi-fetch reads a JSON body
 * with `response.json()` when Content-Length is set, so handing it the parsed value saves parsing
 * large pages twice. It keeps the text as its body, so a caller can still read it.
 */
class ParsedResponse extends Response {
  readonly #value: unknown;
  constructor(text: string, value: unknown, from: Response) {
    // The constructor copies the headers; that copy is writable, so Content-Length (the size of the
    // body it now holds, which openapi-fetch looks for) is set on it rather than on a second copy.
    super(text, { status: from.status, statusText: from.statusText, headers: from.headers });
    this.headers.set("content-length", String(utf8.encode(text).byteLength));
    this.#value = value;
    Object.defineProperty(this, "url", { value: from.url });
  }
  override json(): Promise<unknown> {
    return Promise.resolve(this.#value);
  }
}

/**
 * Where JSON was asked for, a 2xx whose body is not JSON (an HTML error page from a proxy, a body
 * cut short, an empty body labelled JSON) becomes an IntercomError with the status and the first
 * bytes of the body, rather than a SyntaxError from deep inside the parser.
 */
export const strictJson: Middleware = {
  async onResponse({ request, response, options }) {
    if (options.parseAs !== "json" || !response.ok || response.status === 204 || request.method === "HEAD") return undefined;
    const type = response.headers.get("content-type") ?? "";
    // The path is parsed out of the URL only for an error, not on every call.
    const fail = (why: string, cause?: unknown) =>
      new IntercomError(`${request.method} ${new URL(request.url).pathname}: Intercom answered ${response.status} with ${why}`, {
        status: response.status,
        code: "invalid_response",
        requestId: response.headers.get("x-request-id") ?? undefined,
        response,
        cause,
      });
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The connection dropped mid-body: undici says "terminated", browsers a TypeError.
      throw fail("a body cut short (the connection closed before it ended)", (error as Error).cause ?? error);
    }
    if (text === "") {
      if (/json/i.test(type)) throw fail("an empty body where JSON was expected");
      return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    if (type && !/json/i.test(type)) throw fail(`${type.split(";")[0]} where JSON was expected: ${preview(text)}`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw fail(`a body that is not valid JSON (${text.length} bytes, cut short or malformed): ${preview(text)}`);
    }
    return new ParsedResponse(text, value, response);
  },
};
