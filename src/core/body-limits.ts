// A response's body under the same deadline, cancellation and size cap as its headers. fetch
// resolves once headers arrive; from then on, without this, a server that sends its body one byte
// at a time holds the call forever, the caller's signal no longer stops it, and an endless body
// grows the process without bound.
import { IntercomError } from "./errors.js";

/** The default of `maxResponseBytes`: far above any page Intercom sends, far below a process's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The timeout of an attempt and the caller's signal, as one signal that outlives the headers. The
 * transport arms it with the attempt; whoever reads the body disposes of it once the body has been
 * read or cancelled.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal;
  readonly #ms: number;
  readonly #reason: () => unknown;
  readonly #onAbort = () => this.#controller.abort(this.#caller.reason);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;

  constructor(caller: AbortSignal, ms: number, reason: () => unknown) {
    this.#caller = caller;
    this.#ms = ms;
    this.#reason = reason;
    caller.addEventListener("abort", this.#onAbort, { once: true });
    this.#arm();
  }

  #arm() {
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(this.#reason());
    }, this.#ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  /** Whether the timer, not the caller, ended it. */
  get timedOut(): boolean {
    return this.#timedOut;
  }
  get ms(): number {
    return this.#ms;
  }

  /** Starts the timer over: a streamed body may take long, but may not stall for longer than the timeout. */
  restart() {
    if (this.#controller.signal.aborted) return;
    clearTimeout(this.#timer);
    this.#arm();
  }

  dispose() {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener("abort", this.#onAbort);
  }
}

const deadlines = new WeakMap<Response, Deadline>();

/** Hands `deadline` on with `response` to whoever reads its body; with no body, it ends here. */
export function keepForBody(response: Response, deadline: Deadline): Response {
  if (response.body) deadlines.set(response, deadline);
  else deadline.dispose();
  return response;
}

/** The deadline of `response`'s body, no longer held for it: the caller disposes of it. */
export function takeDeadline(response: Response): Deadline | undefined {
  const deadline = deadlines.get(response);
  if (deadline) deadlines.delete(response);
  return deadline;
}

/** Drops a response that will not be read (it is about to be retried). */
export async function discard(response: Response): Promise<void> {
  takeDeadline(response)?.dispose();
  await response.body?.cancel().catch(() => {});
}

const where = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

/** What a body read stopped by its deadline rejects with: the caller's reason, or a timeout. */
function stopped(request: Request, response: Response, deadline: Deadline): unknown {
  if (!deadline.timedOut) return request.signal.reason ?? deadline.signal.reason;
  return new IntercomError(`${where(request)}: the body of Intercom's ${response.status} did not arrive within ${deadline.ms} ms`, {
    status: response.status,
    code: "timeout",
    requestId: response.headers.get("x-request-id") ?? undefined,
    response,
  });
}

function tooLarge(request: Request, response: Response, max: number): IntercomError {
  return new IntercomError(`${where(request)}: the body of Intercom's ${response.status} is larger than maxResponseBytes (${max} bytes)`, {
    status: response.status,
    code: "response_too_large",
    requestId: response.headers.get("x-request-id") ?? undefined,
    response,
  });
}

/**
 * The whole body of `response`, at most `max` bytes, before its deadline. Rejects with an
 * `IntercomError` (`timeout`, `response_too_large`) or the caller's abort reason; with the read's
 * own error when the connection dropped.
 */
export async function readBytes(request: Request, response: Response, max: number): Promise<Uint8Array> {
  const deadline = takeDeadline(response);
  try {
    const declared = response.headers.get("content-length");
    if (declared !== null && Number(declared) > max) {
      await response.body?.cancel().catch(() => {});
      throw tooLarge(request, response, max);
    }
    if (!response.body) return new Uint8Array(0);
    const reader = response.body.getReader();
    const signal = deadline?.signal;
    // A fetch that does not end the body when its signal aborts (a mock, a custom fetch) is
    // stopped by cancelling the read.
    const stop = () => void reader.cancel(signal?.reason).catch(() => {});
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > max) {
          await reader.cancel().catch(() => {});
          throw tooLarge(request, response, max);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (deadline && signal?.aborted && !(error instanceof IntercomError)) throw stopped(request, response, deadline);
      throw error;
    } finally {
      signal?.removeEventListener("abort", stop);
    }
    if (deadline && signal?.aborted) throw stopped(request, response, deadline);
    return concat(chunks, size);
  } finally {
    deadline?.dispose();
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * `response`'s body as a stream that ends with the caller's signal, and errors when it stalls for
 * longer than the timeout (a long download is not cut, a stalled one is). No byte cap: a streamed
 * body is the caller's to bound (`exports.download()` has `maxBytes`).
 */
export function guardStream(request: Request, response: Response): ReadableStream<Uint8Array> | null {
  const deadline = takeDeadline(response);
  const body = response.body;
  if (!deadline || !body) {
    deadline?.dispose();
    return body;
  }
  const reader = body.getReader();
  const { signal } = deadline;
  let ended = false;
  let onAbort: () => void = () => {};
  const finish = () => {
    ended = true;
    signal.removeEventListener("abort", onAbort);
    deadline.dispose();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          if (ended) return;
          finish();
          controller.error(stopped(request, response, deadline));
          void reader.cancel(signal.reason).catch(() => {});
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (ended) return;
          if (done) {
            finish();
            controller.close();
          } else {
            deadline.restart();
            controller.enqueue(value);
          }
        } catch (error) {
          if (ended) return;
          finish();
          controller.error(signal.aborted ? stopped(request, response, deadline) : error);
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
