// Intercom's protocol around every answer: the `error.list` body with a `request_id`, the
// `X-Request-Id` header, JSON responses. Web APIs only, so the fake runs in any runtime.

/** One entry of an `error.list` body, as Intercom writes it. */
export interface FakeErrorEntry {
  code: string;
  message: string;
  field?: string;
}

/**
 * Thrown by a route to answer with Intercom's error body. The router adds the request id; the
 * message never quotes the token or a webhook secret.
 */
export class FakeHttpError extends Error {
  override readonly name = "FakeHttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** 404 `not_found`, with Intercom's wording for the resource. */
export const notFound = (what: string) => new FakeHttpError(404, "not_found", `${what} Not Found`);

/** 400 for a body that lacks a field Intercom requires. */
export const missing = (field: string) => new FakeHttpError(400, "parameter_not_found", `${field} is required`, field);

/** 400 for a field whose value Intercom refuses. */
export const invalid = (field: string, why: string) => new FakeHttpError(400, "parameter_invalid", `${field} ${why}`, field);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...headers },
  });
}

export function errorBody(requestId: string, errors: readonly FakeErrorEntry[]) {
  return { type: "error.list", request_id: requestId, errors: errors.map((e) => ({ ...e })) };
}

export function errorResponse(error: FakeHttpError, requestId: string, headers: Record<string, string> = {}): Response {
  const entry: FakeErrorEntry = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
  return json(error.status, errorBody(requestId, [entry]), headers);
}
