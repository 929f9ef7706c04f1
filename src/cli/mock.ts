// `intercom-fetch mock`: the fake Intercom of `intercom-fetch/testing` on a port, for any language
// or for curl. It loads the version's manifest and description by the package's own subpaths, so
// every version and alias the package exports (`2.11`, `preview`) is one here too.
import { readFile } from "node:fs/promises";
import type { Command, CommandContext } from "./commands.js";
import { chosenVersion, NAME, parseUsage, UsageError, versions, wrap } from "./usage.js";

/** The seed file's collections, in the order they are created (a ticket needs its type and contact). */
const SEED_ORDER = ["admins", "companies", "tags", "contacts", "conversations", "ticketTypes", "tickets"] as const;

function help() {
  const { keys, latest } = versions();
  return `Usage: ${NAME} mock [--port N] [--version VERSION] [--token TOKEN] [--seed FILE]

Serves a fake Intercom workspace (intercom-fetch/testing) on 127.0.0.1: stateful, answering as
VERSION does, refusing the requests its description refuses. Prints its URL, then serves until
Ctrl-C or SIGTERM.

  --port N           the port (default 4010; 0 picks a free one)
  --host HOST        the address to listen on (default 127.0.0.1)
  --version VERSION  Intercom API version (default ${latest}), one of:
${wrap(keys.join(", "), 21, 100)}
  --token TOKEN      the access token the fake accepts (default fake-intercom-token)
  --seed FILE        a JSON object of records to start with, by collection, each a list of what
                     fake.data.<collection>.create takes: ${SEED_ORDER.join(", ")}
                     e.g. {"contacts": [{"email": "ada@example.com", "tags": ["vip"]}]}
  -h, --help         show this help

Exit codes: 0 stopped by a signal, 1 it could not start (the port is taken...), 2 bad usage.
`;
}

interface MockArgs {
  port: number;
  host: string;
  version: string;
  token?: string;
  seed?: string;
}

function parse(argv: string[]): MockArgs | "help" {
  const options = {
    port: { type: "string" },
    host: { type: "string" },
    version: { type: "string" },
    token: { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  } as const;
  const { values } = parseUsage({ args: argv, options });
  if (values.help) return "help";
  const port = Number(values.port ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535, got ${values.port}`);
  const version = chosenVersion(values.version);
  if (values.token === "") throw new UsageError("--token must not be empty");
  return { port, host: values.host ?? "127.0.0.1", version, token: values.token, seed: values.seed };
}

type Fake = import("../testing/index.js").FakeIntercom;

async function seed(fake: Fake, file: string) {
  let records: unknown;
  try {
    records = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--seed ${file}: ${(error as Error).message}`);
  }
  if (typeof records !== "object" || records === null || Array.isArray(records)) throw new UsageError(`--seed ${file}: must be a JSON object of lists, by collection`);
  const unknown = Object.keys(records).filter((k) => !(SEED_ORDER as readonly string[]).includes(k));
  if (unknown.length) throw new UsageError(`--seed ${file}: unknown collection(s) ${unknown.join(", ")}; one of ${SEED_ORDER.join(", ")}`);
  for (const name of SEED_ORDER) {
    const list = (records as Record<string, unknown>)[name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new UsageError(`--seed ${file}: ${name} must be a list`);
    for (const [i, input] of list.entries()) {
      try {
        (fake.data[name] as { create(input: unknown): unknown }).create(input);
      } catch (error) {
        throw new UsageError(`--seed ${file}: ${name}[${i}]: ${(error as Error).message}`);
      }
    }
  }
}

/** Runs `intercom-fetch mock`: serves until the first Ctrl-C or SIGTERM, then resolves 0. */
async function run(argv: string[], { interrupts }: CommandContext): Promise<number> {
  const args = parse(argv);
  if (args === "help") {
    process.stdout.write(help());
    return 0;
  }
  const { createFakeIntercom } = (await import(`${NAME}/testing`)) as typeof import("../testing/index.js");
  const { manifest } = await import(`${NAME}/${args.version}/core`);
  const { description } = await import(`${NAME}/${args.version}/testing`);
  const fake = createFakeIntercom({ manifest, description, ...(args.token ? { token: args.token } : {}) });
  if (args.seed) await seed(fake, args.seed);
  const server = await fake.listen({ port: args.port, host: args.host });
  // A token the user chose is theirs: never printed. The default one is public.
  console.log(`Fake Intercom ${fake.version} listening on ${server.url}`);
  console.log(args.token ? "Send Authorization: Bearer <your --token>." : `Send Authorization: Bearer ${fake.token} (the default; choose another with --token).`);
  const { signal } = interrupts;
  const stoppedBy = await new Promise<string>((resolve) => {
    const stop = () => resolve((signal.reason as { signal?: string } | undefined)?.signal ?? "signal");
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  await server.close();
  console.log(`Stopped (${stoppedBy}).`);
  return 0;
}

export const mockCommand: Command = { help, run };
