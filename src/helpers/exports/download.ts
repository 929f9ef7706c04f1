// The export's bytes: gunzipped on the fly when they are gzip, with backpressure.
import { messageOf } from "./poll.js";

export const emptyStream = () => new ReadableStream<Uint8Array>({ start: (c) => c.close() });

/**
 * Reads the first bytes: a gzip member starts with 1f 8b, whatever Content-Type or Content-Encoding
 * say (a fetch that honoured `Content-Encoding: gzip` has already inflated it, and this sees CSV).
 */
export async function gunzipIfGzip(body: ReadableStream<Uint8Array>, id: string): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    head = concat(head, value);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) return fromReader(reader, head);
  // zlib's own words ("unexpected end of file") do not say which stream broke.
  const relabel = (error: unknown) => new Error(`the download of export job ${id} is not valid gzip or was cut short: ${messageOf(error)}`, { cause: error });
  return inflate(reader, head, relabel);
}

/**
 * `body`, erroring with `tooLarge()` once more than `max` bytes have passed: inflated bytes, so that
 * a small gzip bomb cannot fill a disk or a parser's memory.
 */
export function capped(body: ReadableStream<Uint8Array>, max: number, tooLarge: () => unknown): ReadableStream<Uint8Array> {
  if (max === Number.POSITIVE_INFINITY) return body;
  const reader = body.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          size += value.byteLength;
          if (size > max) {
            controller.error(tooLarge());
            void reader.cancel().catch(() => {});
            return;
          }
          controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

const FED = Symbol("fed");

/** `promise`, marked as handled: of a read and a write raced, the loser may reject unobserved. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * Gunzips `head` then `source`, reading compressed bytes only while the consumer waits for inflated
 * ones. Not `pipeThrough(new DecompressionStream("gzip"))`: the writable side of Node 20's
 * DecompressionStream never signals backpressure, so behind a slow reader (a CSV parser) the pipe
 * would pull the whole download into memory.
 */
function inflate(source: ReadableStreamDefaultReader<Uint8Array>, head: Uint8Array, relabel: (error: unknown) => unknown) {
  // Its writable side is typed for any BufferSource; a Uint8Array is one.
  const gunzip = new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const input = gunzip.writable.getWriter();
  const output = gunzip.readable.getReader();
  let next: Uint8Array | undefined = head;
  let ended = false;
  let reading: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  let feeding: Promise<typeof FED> | undefined;

  /** Moves one compressed chunk (or the end) from the source into the gunzip. */
  async function feed(): Promise<typeof FED> {
    const chunk = next ?? (await source.read()).value;
    next = undefined;
    if (chunk === undefined) {
      ended = true;
      await input.close();
    } else {
      await input.write(chunk);
    }
    return FED;
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          reading ??= handled(output.read());
          for (;;) {
            if (!ended) feeding ??= handled(feed().finally(() => (feeding = undefined)));
            const result = await (feeding ? Promise.race([reading, feeding]) : reading);
            if (result === FED) continue;
            reading = undefined;
            if (result.done) controller.close();
            else controller.enqueue(result.value);
            return;
          }
        } catch (error) {
          controller.error(relabel(error));
          void source.cancel(error).catch(() => {});
        }
      },
      async cancel(reason) {
        await Promise.allSettled([source.cancel(reason), input.abort(reason), output.cancel(reason)]);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A pull-through stream over `reader`: `head` first, errors renamed by `relabel`, cancel passed on. */
function fromReader(reader: ReadableStreamDefaultReader<Uint8Array>, head?: Uint8Array, relabel = (error: unknown) => error) {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (head?.length) controller.enqueue(head);
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(relabel(error));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
