/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    };
    const abort = () => (done(), reject(signal!.reason));
    const timer = setTimeout(() => (done(), resolve()), ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}
