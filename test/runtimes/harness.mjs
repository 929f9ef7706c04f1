// Runs check modules inside a runtime: plain JavaScript with no imports, so the same file runs in
// Node, Bun, Deno, workerd and a browser. test/runtimes.test.ts copies it, with every
// test/runtimes/*.check.mjs, beside the packed package it installs, and starts each runtime on it.
//
// A check module's default export is an array of checks:
//   { column, run(ctx), only?(runtime), label?(runtime) }
// `column` names the support table's column (README), `run` throws to fail, `only` returns false
// where the check does not apply (the cell reads "n/a"), `label` is the cell's text when it passes
// (default "✓"). `ctx` is { runtime, baseUrl, closedUrl, run, assert, assertEqual }: `runtime` is the
// entry of scripts/lib/runtimes.mjs (what it is expected to support), `baseUrl` the loopback fake
// API, `closedUrl` a loopback port nothing listens on, `run` a prefix unique to this runtime's run.

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const describe = (error) => {
  if (!(error instanceof Error)) return `threw ${typeof error}: ${String(error)}`;
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
};

/** Runs every check, one at a time, each bounded by `timeoutMs`; resolves to one result per check. */
export async function runChecks(checks, context, timeoutMs = 20_000) {
  const ctx = { ...context, assert, assertEqual };
  const results = [];
  for (const check of checks) {
    if (check.only && !check.only(ctx.runtime)) {
      results.push({ column: check.column, status: "n/a" });
      continue;
    }
    let timer;
    const started = Date.now();
    try {
      await Promise.race([check.run(ctx), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)))]);
      results.push({ column: check.column, status: "pass", label: check.label ? check.label(ctx.runtime) : "✓", ms: Date.now() - started });
    } catch (error) {
      results.push({ column: check.column, status: "fail", error: describe(error), ms: Date.now() - started });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
