// `intercom-fetch export`: runs a content data export into a CSV file. Its options, its help, and
// the run: create the job, wait with progress, download to a temporary file beside the output
// (owner-only: the CSV holds emails and names), rename it into place.
import { randomBytes } from "node:crypto";
import { createWriteStream, rmSync } from "node:fs";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command, CommandContext } from "./commands.js";
import { Interrupted } from "./interrupt.js";
import { formatBytes, printable, Progress } from "./terminal.js";
import { chosenVersion, NAME, parseUsage, UsageError, versions, wrap } from "./usage.js";

/** The export's file mode: read and write for its owner only, whatever the umask allows beyond. */
const FILE_MODE = 0o600;

function help() {
  const { keys, latest } = versions();
  return `Usage: ${NAME} export --from DATE --to DATE --out FILE [options]

Runs an Intercom content data export (who received which outbound message, when, and how they
engaged with it) for the messages sent from --from to --to, and writes its CSV to FILE.

  --from DATE           first day (2026-01-01, from 00:00:00 UTC), a date-time with Z or an
                        offset (2026-01-01T09:00:00+01:00), or UNIX seconds
  --to DATE             last day, included (until 23:59:59 UTC, or now if that is today), a
                        date-time or UNIX seconds
  --out FILE            where the CSV goes; written to a temporary file beside it and renamed
                        once the download is complete; readable by its owner only (mode 0600),
                        also when it replaces an existing file
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
plain lines otherwise. Ctrl-C cancels the export job on Intercom's side and leaves no file; a
second Ctrl-C (or SIGTERM) exits at once, still leaving no file (the job may then keep running).

Exit codes: 0 written (an empty file when the range has no data), 1 the export or its download
failed, 2 bad usage, 130 interrupted.
`;
}

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
  const { values, positionals } = parseUsage({ args: argv, allowPositionals: true, options: OPTIONS });
  if (values.help) return "help";
  if (positionals.length) throw new UsageError(`unknown command ${JSON.stringify(["export", ...positionals].join(" "))}; try --help`);
  for (const name of ["from", "to", "out"] as const) if (!values[name]) throw new UsageError(`--${name} is required`);
  const version = chosenVersion(values.version);
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

async function run(argv: string[], { env, interrupts }: CommandContext): Promise<number> {
  const args = parse(argv, env);
  if (args === "help") {
    process.stdout.write(help());
    return 0;
  }
  const { signal } = interrupts;
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
  // A second Ctrl-C exits without waiting for the catch below: the partial file goes first.
  const forget = interrupts.onForcedExit(() => rmSync(tmp, { force: true }));
  try {
    if (job.status === "no_data") {
      await writeFile(tmp, "", { flag: "wx", mode: FILE_MODE });
      await rename(tmp, args.out);
      progress.end();
      console.log(printable(`export ${id}: no data in that range; wrote an empty ${args.out}`));
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
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), count, createWriteStream(tmp, { flags: "wx", mode: FILE_MODE }), { signal });
    await rename(tmp, args.out);
    progress.say(`export ${id}: downloaded ${formatBytes(bytes)}`);
    progress.end();
    console.log(printable(`wrote ${bytes} bytes to ${args.out}`));
    return 0;
  } catch (error) {
    progress.end();
    await rm(tmp, { force: true });
    if (signal.aborted) throw new Error(`${(signal.reason as Error).message}: download stopped, no file written`);
    throw error;
  } finally {
    forget();
  }
}

export const exportCommand: Command = { help, run };
