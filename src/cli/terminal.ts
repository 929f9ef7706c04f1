// What the command line prints: progress lines (one redrawn line on a terminal, plain lines
// elsewhere), sizes, and text from the server made safe to print. A job's status, its id and an
// error's reason come from a response: an escape sequence in them could retitle the window, clear
// the screen or rewrite what was printed before, so control characters are shown, not obeyed.

/**
 * `text` with every control character (C0 but none kept, DEL, C1) and bidirectional override shown
 * as an escape (`\x1b`, `\u202e`) instead of being sent to the terminal.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is matched.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** One line on a terminal, redrawn in place; plain lines, fewer of them, anywhere else. Every line is made `printable`. */
export class Progress {
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
    const line = printable(text);
    if (this.#tty) this.#out.write(`\r\x1b[2K${line}`);
    else this.#out.write(`${line}\n`);
    this.#shown = line;
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

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`;

/** The first line of an error's message, printable: the reason printed on failure. */
export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return printable(message.split("\n")[0]!.trim() || String(error));
}
