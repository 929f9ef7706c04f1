// Ctrl-C and SIGTERM. The first one aborts the command's signal: the command stops what it does,
// cleans up (an export cancels its job on Intercom's side and removes its partial file) and exits
// 130. A second one does not wait for that: it runs the cleanups registered with `onForcedExit`
// (synchronous: a partial file is removed) and exits 130 at once.

/** What the abort signal carries. */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted (${signal})`);
  }
}

export interface Interrupts {
  /** Aborted by the first Ctrl-C or SIGTERM, with an `Interrupted` reason. */
  readonly signal: AbortSignal;
  /** Runs `cleanup` (synchronously) if a second interrupt exits at once; the returned function unregisters it. */
  onForcedExit(cleanup: () => void): () => void;
  /** Stops listening for the signals. */
  dispose(): void;
}

export function listenForInterrupts(report: (line: string) => void): Interrupts {
  const controller = new AbortController();
  const cleanups = new Set<() => void>();
  const interrupt = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) return controller.abort(new Interrupted(signal));
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // Exiting anyway: the next cleanup still runs.
      }
    }
    report(`interrupted again (${signal}): exiting without waiting; no file written`);
    process.exit(130);
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  return {
    signal: controller.signal,
    onForcedExit(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
    dispose() {
      process.off("SIGINT", interrupt);
      process.off("SIGTERM", interrupt);
    },
  };
}
