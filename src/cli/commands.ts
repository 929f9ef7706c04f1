// The command line's commands, by name. A command is a module exporting a `Command`; registering
// one is a line in `commands` below (its name is the word after `intercom-fetch`).
import { exportCommand } from "./export.js";
import type { Interrupts } from "./interrupt.js";
import { mockCommand } from "./mock.js";

/** What a command gets besides its arguments. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  /** Ctrl-C and SIGTERM: `interrupts.signal` aborts on the first; `onForcedExit` cleans up on a second. */
  interrupts: Interrupts;
}

export interface Command {
  /** The command's usage, printed for `--help` (and, with the others', for `intercom-fetch --help`). */
  help(): string;
  /**
   * Runs the command with its arguments (those after its name) and resolves with the exit code: 0
   * done, 1 failed. Throws `UsageError` (or a TypeError/RangeError from the library's checks) for
   * bad usage, which exits 2.
   */
  run(argv: string[], context: CommandContext): Promise<number>;
}

export const commands: Readonly<Record<string, Command>> = {
  export: exportCommand,
  mock: mockCommand,
};
