// What a failed fetch looks like on each runtime, in one place: the transport decides from these
// whether to retry and whether to report `network_error`. Each shape here is checked on its runtime
// by test/runtimes.test.ts.

/**
 * workerd (Cloudflare Workers) rejects a refused or dropped connection with a plain `Error`, not
 * the Fetch standard's `TypeError`. Only the message seen there is matched: any other plain Error
 * (a bug in a custom fetch) must surface as it is.
 */
const WORKERD_NETWORK_ERROR = "Network connection lost.";

/**
 * Whether `error`, thrown by a fetch, means the request got no response because of the network.
 * The Fetch standard rejects with a `TypeError` (Node's undici, Bun, Deno, browsers); workerd with a
 * plain `Error` (above). While `signal` is aborted the failure is the abort, never a network error.
 */
export function isNetworkError(error: unknown, signal?: AbortSignal): error is Error {
  if (signal?.aborted) return false;
  if (error instanceof TypeError) return true;
  return error instanceof Error && error.constructor === Error && error.message === WORKERD_NETWORK_ERROR;
}

/**
 * Whether the connection was refused: no byte reached the server, so even a write is safe to repeat.
 * Node (undici) says so in `cause.code`, Bun in `code`, Deno in its cause's message; elsewhere
 * (browsers, workerd) a refusal cannot be told from a connection dropped after sending, so it is not assumed.
 */
export function isConnectionRefused(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  return (
    cause?.code === "ECONNREFUSED" || (error as { code?: unknown }).code === "ECONNREFUSED" || (typeof cause?.message === "string" && cause.message.includes("tcp connect error: Connection refused"))
  );
}
