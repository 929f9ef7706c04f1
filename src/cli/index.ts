#!/usr/bin/env node
// The package's command line: `intercom-fetch <command> [options]`, a command from the table in
// ./commands.ts. Node-only (files, signals, a terminal); the library it drives is not. This file
// picks the command, listens for Ctrl-C, and turns the outcome into an exit code and one line.
import { type Command, commands } from "./commands.js";
import { listenForInterrupts } from "./interrupt.js";
import { reason } from "./terminal.js";
import { NAME, UsageError } from "./usage.js";

const names = Object.keys(commands);

/**
 * The command and its arguments. The command is the first argument; for compatibility, options may
 * come before it (`--from ... export`). Without one, `--help` shows every command's help.
 */
function pick(argv: string[]): { command: Command; args: string[] } | "help" {
  const at = argv[0] !== undefined && !argv[0].startsWith("-") ? 0 : argv.findIndex((a) => Object.hasOwn(commands, a));
  if (at === -1) {
    if (argv.includes("--help") || argv.includes("-h")) return "help";
    throw new UsageError(`missing the command: ${names.join(", ")}`);
  }
  const name = argv[at]!;
  if (!Object.hasOwn(commands, name)) throw new UsageError(`unknown command ${JSON.stringify(argv.filter((a) => !a.startsWith("-")).join(" "))}; try --help`);
  return { command: commands[name]!, args: [...argv.slice(0, at), ...argv.slice(at + 1)] };
}

async function main(argv: string[]): Promise<number> {
  const interrupts = listenForInterrupts((line) => console.error(`${NAME}: ${line}`));
  try {
    const picked = pick(argv);
    if (picked === "help") {
      process.stdout.write(names.map((name) => commands[name]!.help()).join("\n"));
      return 0;
    }
    return await picked.command.run(picked.args, { env: process.env, interrupts });
  } catch (error) {
    if (interrupts.signal.aborted) {
      // The reason says what became of the work: e.g. a job canceled, or left running when canceling failed.
      console.error(`${NAME}: ${reason(error)}`);
      return 130;
    }
    // The library checks its input before any request and throws TypeError or RangeError for bad
    // input (a date, an option); anything that reached Intercom is an IntercomError or an export's.
    const usage = error instanceof UsageError || error instanceof TypeError || error instanceof RangeError;
    console.error(`${NAME}: ${reason(error)}`);
    return usage ? 2 : 1;
  } finally {
    interrupts.dispose();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
