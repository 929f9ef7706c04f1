// What every command of the command line shares about its usage: the bin's name, the error for bad
// usage (exit code 2), the versions the package exports, and help text layout.
import { createRequire } from "node:module";
import { type ParseArgsConfig, parseArgs } from "node:util";

export const NAME = "intercom-fetch";
const require = createRequire(import.meta.url);

/** A failure of the command line itself (bad usage): exit code 2. */
export class UsageError extends Error {}

/** node:util's parseArgs, with its errors (an unknown or malformed option) as a UsageError. */
export function parseUsage<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The `--version` asked for, or the newest numbered one when none was; one the package lacks is a UsageError. */
export function chosenVersion(asked: string | undefined): string {
  const { keys, latest } = versions();
  const version = asked ?? latest;
  if (!keys.includes(version)) throw new UsageError(`unknown --version ${JSON.stringify(version)}; this package has ${keys.join(", ")}`);
  return version;
}

/** The versions the package exports (`./2.11`, `./preview`...) and the newest numbered one. */
export function versions() {
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

/** `text` broken into lines of at most `width` columns, each indented by `indent`. */
export function wrap(text: string, indent: number, width: number): string {
  const lines = [""];
  for (const word of text.split(" ")) {
    if (indent + lines.at(-1)!.length + word.length + 1 > width) lines.push("");
    lines[lines.length - 1] += `${lines.at(-1) ? " " : ""}${word}`;
  }
  return lines.map((l) => " ".repeat(indent) + l).join("\n");
}
