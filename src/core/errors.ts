/** One entry of Intercom's `error.list` body. */
export interface IntercomErrorDetail {
  code: string;
  message?: string;
  field?: string;
}

interface IntercomErrorInit {
  status: number;
  code?: string;
  requestId?: string;
  errors?: IntercomErrorDetail[];
  response?: Response;
  cause?: unknown;
}

/**
 * What this package throws when Intercom answers with an error, or when no answer arrives.
 *
 * `status` is the HTTP status, or 0 when no response arrived (`code` is then `"timeout"` or
 * `"network_error"`). `code`, `requestId` and `errors` come from Intercom's `error.list` body.
 * Messages are built from the method, path, status and Intercom's own error text: never from
 * request headers, so the token cannot end up in a message or a log line.
 */
export class IntercomError extends Error {
  override readonly name: string = "IntercomError";
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** Intercom's first error code (e.g. `"not_found"`), or `"timeout"` / `"network_error"`. */
  readonly code: string | undefined;
  /** Intercom's `request_id` (body) or `X-Request-Id` header: quote it to Intercom support. */
  readonly requestId: string | undefined;
  /** Every entry of Intercom's `error.list`. */
  readonly errors: IntercomErrorDetail[];
  /** The response, when there was one; its body has already been read. */
  declare readonly response: Response | undefined;

  constructor(message: string, init: IntercomErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code ?? init.errors?.[0]?.code;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    // Not enumerable: `util.inspect(error)`, a logger's serializer or JSON.stringify would print the
    // response, and its URL's query (a pre-signed download's credentials after a redirect).
    Object.defineProperty(this, "response", { value: init.response, enumerable: false, writable: false, configurable: true });
  }

  /**
   * Builds the error for a failed openapi-fetch result (`{ error, response }`): the body has been
   * parsed by openapi-fetch already, so it is read from `error`, not from the response again.
   */
  static from(result: { error?: unknown; response: Response }): IntercomError {
    const { response } = result;
    const body = isObject(result.error) ? result.error : undefined;
    const errors = Array.isArray(body?.errors) ? body.errors.filter(isDetail) : [];
    const requestId = (typeof body?.request_id === "string" ? body.request_id : undefined) ?? response.headers.get("x-request-id") ?? undefined;
    const url = new URL(response.url || "http://unknown/");
    const detail = errors.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join("; ");
    const text = detail || (typeof result.error === "string" ? preview(result.error) : response.statusText);
    return new IntercomError(`Intercom answered ${response.status} to ${url.pathname}${text ? `: ${text}` : ""}`, {
      status: response.status,
      errors,
      requestId,
      response,
    });
  }
}

/** The first bytes of a body that was not Intercom's JSON, enough to recognise a proxy's error page. */
export function preview(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isDetail = (value: unknown): value is IntercomErrorDetail => isObject(value) && typeof value.code === "string";

/** An openapi-fetch result: what every client call resolves to. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an `IntercomError` for a failed one: what helpers build on. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const result = await call;
  if (!result.response.ok) throw IntercomError.from(result);
  return result.data as T;
}
