#!/usr/bin/env node
// The package's command line: `intercom-fetch export` runs a content data export into a CSV file.
// Node-only (files, signals, a terminal); the library it drives is not. It loads the version entries
// the package exports, by name, so the list of versions is the package's own.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";

const NAME = "intercom-fetch";
const require = createRequire(import.meta.url);

/** A failure of the command line itself (bad usage): exit code 2. */
class UsageError extends Error {}

/** Ctrl-C or SIGTERM: what the abort signal carries. */
class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted (${signal})`);
  }
}

/** The versions the package exports (`./2.11`, `./preview`...) and the newest numbered one. */
function versions() {
  const { exports } = require(`${NAME}/package.json`) as { exports: Record<string, unknown> };
  const keys = Object.keys(exports)
    .map((k) => k.slice(2))
    // A version's subpath is one with a `/core` entry beside it (scripts/lib/derived-from-pins.mjs
    // writes both for each pin): not `webhooks`, `redis` or the other subpaths that are no version.
    .filter((k) => k !== "" && !k.includes("/") && `./${k}/core` in exports);
  const numbered = keys.filter((k) => /^\d+(\.\d+)*$/.test(k)).sort(compareVersions);
  return { keys, latest: numbered.at(-1)! };
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function help() {
  const { keys, latest } = versions();
  return `Usage: ${NAME} export --from DATE --to DATE --out FILE [options]
       ${NAME} mock [--port N] [--version VERSION] [--token TOKEN] [--seed FILE]  (see mock --help)

Runs an Intercom content data export (who received which outbound message, when, and how they
engaged with it) for the messages sent from --from to --to, and writes its CSV to FILE.

  --from DATE           first day (2026-01-01, from 00:00:00 UTC), a date-time with Z or an
                        offset (2026-01-01T09:00:00+01:00), or UNIX seconds
  --to DATE             last day, included (until 23:59:59 UTC, or now if that is today), a
                        date-time or UNIX seconds
  --out FILE            where the CSV goes; written to a temporary file beside it and renamed
                        once the download is complete
  --version VERSION     Intercom API version (default ${latest}), one of:
${wrap(keys.join(", "), 24, 100)}
  --region REGION       us, eu or au (default us)
  --wait-if-busy        when another export job is active in the workspace (Intercom allows one),
                        wait for it to end instead of failing
  --poll-interval MS    first delay between status checks, in ms (default 1000; it doubles up to 30 s)
  --base-url URL        send requests to URL instead of the region's server (a proxy, a test
                        server); also INTERCOM_BASE_URL
  --max-bytes N         most bytes of CSV written, once inflated (default 4294967296, 4 GiB); a
                        larger download fails and leaves no file (a gzip bomb cannot fill the disk)
  -h, --help            show this help

The token is read from INTERCOM_TOKEN. Progress goes to stdout: one updating line on a terminal,
plain lines otherwise. Ctrl-C cancels the export job on Intercom's side and leaves no file.

Exit codes: 0 written (an empty file when the range has no data), 1 the export or its download
failed, 2 bad usage, 130 interrupted.
`;
}

/** `text` broken into lines of at most `width` columns, each indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines = [""];
  for (const word of text.split(" ")) {
    if (indent + lines.at(-1)!.length + word.length + 1 > width) lines.push("");
    lines[lines.length - 1] += `${lines.at(-1) ? " " : ""}${word}`;
  }
  return lines.map((l) => " ".repeat(indent) + l).join("\n");
}

/** One line on a terminal, redrawn in place; plain lines, fewer of them, anywhere else. */
class Progress {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #shown = "";
  #last = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  /** A line that always shows (a new status, the end). */
  say(text: string) {
    this.#write(text);
  }

  /** A line that may be skipped: redrawn at most 10 times a second on a terminal, once a second elsewhere. */
  tick(text: string) {
    const now = Date.now();
    if (now - this.#last < (this.#tty ? 100 : 1000)) return;
    this.#last = now;
    this.#write(text);
  }

  #write(text: string) {
    if (this.#tty) this.#out.write(`\r\x1b[2K${text}`);
    else this.#out.write(`${text}\n`);
    this.#shown = text;
  }

  /** On a terminal, redraws `render()` every second, so that the time shown moves on; elsewhere nothing. */
  every(render: () => string) {
    clearInterval(this.#timer);
    if (this.#tty) this.#timer = setInterval(() => this.#write(render()), 1000).unref();
  }

  /** Ends the redrawn line so that what follows starts on its own. */
  end() {
    clearInterval(this.#timer);
    if (this.#tty && this.#shown) this.#out.write("\n");
    this.#shown = "";
  }
}

const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`);

interface ExportArgs {
  from: string | number;
  to: string | number;
  out: string;
  version: string;
  region?: string;
  baseUrl?: string;
  waitIfBusy: boolean;
  pollInterval?: number;
  maxBytes?: number;
}

const OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  out: { type: "string" },
  version: { type: "string" },
  region: { type: "string" },
  "base-url": { type: "string" },
  "wait-if-busy": { type: "boolean" },
  "poll-interval": { type: "string" },
  "max-bytes": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(argv: string[], env: NodeJS.ProcessEnv): ExportArgs | "help" {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals[0] !== "export" || positionals.length > 1) {
    throw new UsageError(positionals.length ? `unknown command ${JSON.stringify(positionals.join(" "))}; try --help` : "missing the command: export");
  }
  for (const name of ["from", "to", "out"] as const) if (!values[name]) throw new UsageError(`--${name} is required`);
  const { keys, latest } = versions();
  const version = values.version ?? latest;
  if (!keys.includes(version)) throw new UsageError(`unknown --version ${JSON.stringify(version)}; this package has ${keys.join(", ")}`);
  let pollInterval: number | undefined;
  if (values["poll-interval"] !== undefined) {
    pollInterval = Number(values["poll-interval"]);
    if (!Number.isFinite(pollInterval) || pollInterval <= 0) throw new UsageError(`--poll-interval must be a positive number of ms, got ${values["poll-interval"]}`);
  }
  let maxBytes: number | undefined;
  if (values["max-bytes"] !== undefined) {
    maxBytes = Number(values["max-bytes"]);
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new UsageError(`--max-bytes must be a positive integer, got ${values["max-bytes"]}`);
  }
  const date = (value: string) => (/^\d+$/.test(value) ? Number(value) : value);
  return {
    from: date(values.from!),
    to: date(values.to!),
    out: path.resolve(values.out!),
    version,
    region: values.region,
    baseUrl: values["base-url"] ?? (env.INTERCOM_BASE_URL || undefined),
    waitIfBusy: values["wait-if-busy"] ?? false,
    pollInterval,
    maxBytes,
  };
}

/** The parts of a version entry the command uses (typed loosely: any version will do). */
interface Entry {
  createIntercom(options: Record<string, unknown>): {
    exports: {
      run(options: Record<string, unknown>): Promise<{ job_identifier?: string; status: string }>;
      download(job: unknown, options: { signal: AbortSignal; maxBytes?: number }): Promise<ReadableStream<Uint8Array>>;
    };
  };
}

async function exportCommand(args: ExportArgs, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<number> {
  const token = env.INTERCOM_TOKEN;
  if (!token) throw new UsageError("INTERCOM_TOKEN is not set: export an Intercom access token");
  const dir = path.dirname(args.out);
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new UsageError(`--out: ${dir} is not a directory`);
  if ((await stat(args.out).catch(() => undefined))?.isDirectory()) throw new UsageError(`--out: ${args.out} is a directory`);

  const { createIntercom } = (await import(`${NAME}/${args.version}`)) as Entry;
  const { ExportLimitError } = (await import(NAME)) as { ExportLimitError: abstract new (...args: never[]) => Error };
  const intercom = createIntercom({ token, region: args.region, baseUrl: args.baseUrl });
  const progress = new Progress(process.stdout);
  const started = Date.now();
  let id: string | undefined;

  progress.say(args.waitIfBusy ? "creating the export job (waiting while another one is active)" : "creating the export job");
  let job: Awaited<ReturnType<typeof intercom.exports.run>>;
  try {
    job = await intercom.exports.run({
      from: args.from,
      to: args.to,
      signal,
      waitIfBusy: args.waitIfBusy,
      interval: args.pollInterval ? { initial: args.pollInterval } : undefined,
      onStatus: (j: { job_identifier?: string; status: string }) => {
        id ??= j.job_identifier;
        const line = () => `export ${id}: ${j.status} (${Math.round((Date.now() - started) / 1000)} s)`;
        progress.say(line());
        progress.every(line);
      },
    });
    progress.end();
  } catch (error) {
    progress.end();
    if (error instanceof Interrupted && id) throw new Error(`${error.message}: export job ${id} canceled`);
    if (error instanceof ExportLimitError) {
      throw new Error("another export job is active in this workspace and Intercom allows one at a time: wait for it to end, or pass --wait-if-busy");
    }
    throw error;
  }

  const tmp = path.join(dir, `.${path.basename(args.out)}.${randomBytes(4).toString("hex")}.part`);
  try {
    if (job.status === "no_data") {
      await writeFile(tmp, "", { flag: "wx" });
      await rename(tmp, args.out);
      progress.end();
      console.log(`export ${id}: no data in that range; wrote an empty ${args.out}`);
      return 0;
    }
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _, done) {
        bytes += chunk.length;
        progress.tick(`export ${id}: downloading, ${formatBytes(bytes)}`);
        done(null, chunk);
      },
    });
    const body = await intercom.exports.download(job, { signal, maxBytes: args.maxBytes });
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), count, createWriteStream(tmp, { flags: "wx" }), { signal });
    await rename(tmp, args.out);
    progress.say(`export ${id}: downloaded ${formatBytes(bytes)}`);
    progress.end();
    console.log(`wrote ${bytes} bytes to ${args.out}`);
    return 0;
  } catch (error) {
    progress.end();
    await rm(tmp, { force: true });
    if (signal.aborted) throw new Error(`${(signal.reason as Error).message}: download stopped, no file written`);
    throw error;
  }
}

/** The first line of an error's message: the reason printed on failure. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.trim() || String(error);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "mock") return (await import("./mock.js")).mock(argv.slice(1));
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for the cancellation.
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Interrupted(signal));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    const args = parse(argv, process.env);
    if (args === "help") {
      process.stdout.write(help());
      return 0;
    }
    return await exportCommand(args, process.env, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) {
      // The reason says what became of the job: canceled, or left running when canceling failed.
      console.error(`${NAME}: ${reason(error)}`);
      return 130;
    }
    // The library checks its input before any request and throws TypeError or RangeError for bad
    // input (a date, an option); anything that reached Intercom is an IntercomError or an export's.
    const usage = error instanceof UsageError || error instanceof TypeError || error instanceof RangeError;
    console.error(`${NAME}: ${reason(error)}`);
    return usage ? 2 : 1;
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
