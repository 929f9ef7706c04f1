// The export's CSV bytes to typed rows, chunk by chunk, with web APIs only (TextDecoder, streams): it
// runs wherever `fetch` does. The CSV grammar is udsv's (the fastest of the parsers measured; see the
// README), fed in pieces that end at a line feed, so that udsv never sees a CRLF split in two; what
// udsv does not check of a truncated export (an unclosed quote, a short last row) is checked here.
// Each character is scanned once here: the pieces udsv gets end where a row ends (a line feed outside
// quotes), found by scanning only the new text with the quote state carried over, so that neither
// this reader nor udsv (which re-parses the row it held back with every piece) rescans a long row
// once per piece. A row still unfinished after `maxRowLength` characters ends the rows.
import { IntercomError } from "../../core/errors.js";
import { initParser, type Parser, type Schema } from "udsv";

/** The columns of the export's CSV and their types, from the version's manifest (`data_export_csv`). */
export type ExportColumns = { readonly [column: string]: "integer" | "string" };

/** How `parseExportRows` types the cells. */
export interface ParseExportRowsOptions {
  /**
   * Columns whose cells are integers: parsed to numbers, an empty cell to `undefined`, anything else
   * a `TypeError` naming the row and the column. Every other cell is its text.
   */
  integerColumns: Iterable<string>;
  /** Stops the rows: no row is yielded once it has aborted, even one parsed already. */
  signal?: AbortSignal;
  /**
   * Most characters held for one row (or the header) while waiting for its end, quoted line feeds
   * included; beyond it the rows end with `IntercomError` code `"row_too_large"` and the stream is
   * canceled. Default 1 MiB (1,048,576); `Infinity` for no cap.
   */
  maxRowLength?: number;
  /** The HTTP status reported by a `row_too_large` error (the download's). Default 200. */
  status?: number;
}

/** The default `maxRowLength`: an export's rows are ids, emails, names and titles, far below it. */
export const DEFAULT_MAX_ROW_LENGTH = 1024 ** 2;

/** One row: the header's names to the cells' values. */
export type ParsedRow = Record<string, string | number | undefined>;

const INTEGER = /^-?\d+$/;
const QUOTE = 34;
/** What errors call the CSV. */
const LABEL = "export CSV";

/**
 * The rows of a CSV with a header line, parsed as the bytes arrive and read only as fast as rows are
 * taken (one chunk's rows at a time). A leading BOM is dropped; CRLF or LF line ends, by the header's.
 * Stopping early (`break`, `return`, an error in the loop) cancels `stream`. Rejects with a
 * `SyntaxError` (with csv-parse's `code`, as before) when the CSV ends inside a quoted field
 * (`CSV_QUOTE_NOT_CLOSED`) or its last row has fewer cells than the header
 * (`CSV_RECORD_INCONSISTENT_COLUMNS`), as a cut-off export does.
 */
export async function* parseExportRows(stream: ReadableStream<Uint8Array>, options: ParseExportRowsOptions): AsyncGenerator<ParsedRow, void, undefined> {
  const integers = new Set(options.integerColumns);
  const { maxRowLength = DEFAULT_MAX_ROW_LENGTH, status = 200 } = options;
  if (typeof maxRowLength !== "number" || !(maxRowLength === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxRowLength) && maxRowLength > 0))) {
    throw new RangeError(`exports: \`maxRowLength\` must be a positive integer or Infinity, got ${String(maxRowLength)}`);
  }
  const reader = stream.getReader();
  // ignoreBOM: false drops a BOM at the start of the stream, and only there.
  const decoder = new TextDecoder("utf-8");
  const rows = new Rows(maxRowLength, status);
  let finished = false;
  let table: Table | undefined;
  let rowNumber = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      // Whole rows only: udsv mis-reads a CRLF split between two pieces after a quoted cell.
      let input = done ? rows.rest(text) : rows.push(text);
      if (!table) {
        const header = headerOf(done && input.length && !input.endsWith("\n") ? `${input}\n` : input);
        if (!header) {
          if (done) break;
          continue;
        }
        table = new Table(header.names, header.rowDelimiter, integers);
        input = input.slice(header.length);
      }
      table.feed(input);
      if (done) table.end();
      for (const cells of table.take()) {
        // Rows of a chunk already read are yielded without awaiting the stream: check here too.
        options.signal?.throwIfAborted();
        yield table.row(cells, ++rowNumber);
      }
      if (done) break;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * The text as it arrives, given back in whole rows: `push` returns everything up to the last line
 * feed outside quotes and keeps the rest, scanning only the new text (the quote state is carried).
 */
class Rows {
  #held: string[] = [];
  #heldLength = 0;
  #quoted = false;
  readonly #max: number;
  readonly #status: number;

  constructor(max: number, status: number) {
    this.#max = max;
    this.#status = status;
  }

  push(text: string): string {
    const { last, quoted } = scanRows(text, this.#quoted);
    this.#quoted = quoted;
    if (last === -1) {
      this.#hold(text);
      return "";
    }
    const ready = this.#held.length ? this.#held.join("") + text.slice(0, last) : text.slice(0, last);
    this.#held = [];
    this.#heldLength = 0;
    this.#hold(text.slice(last));
    return ready;
  }

  /** Everything held, and `text`: the stream has ended. */
  rest(text: string): string {
    const all = this.#held.join("") + text;
    this.#held = [];
    this.#heldLength = 0;
    return all;
  }

  #hold(text: string) {
    if (text.length === 0) return;
    this.#held.push(text);
    this.#heldLength += text.length;
    if (this.#heldLength > this.#max) {
      throw new IntercomError(`${LABEL}: a row runs past maxRowLength (${this.#max} characters) without ending: the export is malformed, or raise maxRowLength`, {
        status: this.#status,
        code: "row_too_large",
      });
    }
  }
}

/**
 * One pass over `text`, starting inside quotes when `quoted`: just past its first and its last line
 * feed outside quotes (-1 when there is none), and whether it ends inside quotes. A doubled quote
 * (`""`) toggles twice, so counting quotes is enough. Each search starts where the previous one of
 * its kind stopped: every character is looked at a bounded number of times.
 */
function scanRows(text: string, quoted: boolean): { first: number; last: number; quoted: boolean } {
  let first = -1;
  let last = -1;
  let quote = text.indexOf('"');
  let feed = text.indexOf("\n");
  for (;;) {
    if (quoted) {
      if (quote === -1) break;
      quoted = false;
      const from = quote + 1;
      quote = text.indexOf('"', from);
      if (feed !== -1 && feed < from) feed = text.indexOf("\n", from);
    } else if (feed !== -1 && (quote === -1 || feed < quote)) {
      // Every line feed before the next quote ends a row: the first and the last of them count.
      if (first === -1) first = feed + 1;
      if (quote === -1) {
        last = text.lastIndexOf("\n") + 1;
        break;
      }
      last = text.lastIndexOf("\n", quote) + 1;
      feed = text.indexOf("\n", quote);
    } else {
      if (quote === -1) break;
      quoted = true;
      quote = text.indexOf('"', quote + 1);
    }
  }
  return { first, last, quoted };
}

/** The header line's names, its line end, and its length with the line end; `undefined` until a line feed. */
function headerOf(text: string): { names: string[]; rowDelimiter: string; length: number } | undefined {
  // A header cell may be quoted, and so hold a line feed: the header ends at a line feed outside quotes.
  const end = scanRows(text, false).first;
  if (end === -1) return undefined;
  const at = end - 1;
  const crlf = at > 0 && text.charCodeAt(at - 1) === 13;
  const line = text.slice(0, crlf ? at - 1 : at);
  return { names: splitHeader(line), rowDelimiter: crlf ? "\r\n" : "\n", length: end };
}

/** The cells of one line (its quotes undone). */
function splitHeader(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const names: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (line[i + 1] === '"') (cell += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") names.push(cell), (cell = "");
    else cell += c;
  }
  names.push(cell);
  return names;
}

/** udsv's incremental parser for one header, and the typing of its rows. */
class Table {
  readonly #parser: Parser;
  readonly #names: string[];
  readonly #build: Build;
  readonly #rowDelimiter: string;
  #rows: string[][] = [];
  #fed = false;
  /** The text udsv parses last: at the end, what it held back (the start of an unfinished row). */
  #lastInput = "";

  constructor(names: string[], rowDelimiter: string, integers: Set<string>) {
    this.#names = names;
    this.#rowDelimiter = rowDelimiter;
    this.#build = builder(names, integers);
    const schema = {
      col: ",",
      row: rowDelimiter,
      encl: '"',
      esc: '"',
      trim: false,
      skip: 0,
      cols: names.map((name) => ({ name, type: "s", repl: { empty: undefined, null: undefined, NaN: undefined } })),
    } as Schema;
    this.#parser = initParser(schema);
  }

  // The parse step udsv calls with its held-back text plus the new piece (or alone, at the end).
  // udsv drops a U+FEFF that starts the text it parses, as if it were a BOM: a row that starts with
  // one gets an empty line before it, which udsv skips.
  readonly #parse = (text: string, onRow?: (row: string[]) => void) => {
    this.#lastInput = text;
    return this.#parser.stringArrs(text.charCodeAt(0) === 0xfeff ? this.#rowDelimiter + text : text, onRow as never);
  };

  readonly #onRow = (row: string[]) => {
    this.#rows.push(row);
  };

  feed(text: string) {
    if (text.length === 0) return;
    this.#fed = true;
    this.#parser.chunk(text, this.#parse as never, this.#onRow as never);
  }

  /** Ends the parse: the last row if it was held back, or an error when it is unfinished. */
  end() {
    if (!this.#fed) return;
    this.#lastInput = "";
    const before = this.#rows.length;
    this.#parser.end();
    const rest = this.#lastInput;
    if (rest.replace(/[\r\n]+/g, "") === "") return;
    let quotes = 0;
    for (let i = 0; i < rest.length; i++) if (rest.charCodeAt(i) === QUOTE) quotes++;
    if (quotes % 2 === 1) {
      this.#rows.length = before;
      throw csvError(`${LABEL} ends inside a quoted cell: the export was cut short or is malformed`, "CSV_QUOTE_NOT_CLOSED");
    }
    if (this.#rows.length === before) {
      throw csvError(`${LABEL}: its last row has fewer cells than its header's ${this.#names.length}: the export was cut short or is malformed`, "CSV_RECORD_INCONSISTENT_COLUMNS");
    }
  }

  /** The rows parsed since the last call. */
  take(): string[][] {
    const rows = this.#rows;
    if (rows.length) this.#rows = [];
    return rows;
  }

  /** Row `n` (1 is the first after the header) as an object, its integer cells as numbers. */
  row(cells: string[], n: number): ParsedRow {
    return this.#build(cells, n);
  }
}

type Build = (cells: string[], n: number) => ParsedRow;

/**
 * Builds a row from its cells. Where the page allows it, by a function made for this header (one
 * object literal, a hidden class V8 knows ahead): twice as fast as setting 24 keys one by one,
 * which is the fallback under a Content-Security-Policy without 'unsafe-eval'. The generated code
 * holds nothing of the CSV but its column names, as JSON string literals.
 */
function builder(names: string[], integers: Set<string>): Build {
  const cast = (value: string, n: number, i: number): number | undefined => {
    if (value === "") return undefined;
    if (INTEGER.test(value)) return Number(value);
    throw new TypeError(`${LABEL} row ${n}: \`${names[i]}\` should be an integer (data_export_csv), got ${JSON.stringify(value)}`);
  };
  const integer = names.map((name) => integers.has(name));
  // Set as a key, "__proto__" would set the prototype instead (or nothing): it is defined.
  const proto = names.indexOf("__proto__");
  const loop: Build = (cells, n) => {
    const row: ParsedRow = {};
    for (let i = 0; i < names.length; i++) {
      const value = integer[i] ? cast(cells[i]!, n, i) : cells[i];
      if (i === proto) Object.defineProperty(row, "__proto__", { value, enumerable: true, writable: true, configurable: true });
      else row[names[i]!] = value;
    }
    return row;
  };
  if (proto !== -1) return loop;
  const body = names.map((name, i) => `${JSON.stringify(name)}: ${integer[i] ? `cast(c[${i}], n, ${i})` : `c[${i}]`}`).join(", ");
  try {
    return new Function("cast", `"use strict"; return (c, n) => ({ ${body} });`)(cast) as Build;
  } catch {
    return loop;
  }
}

const csvError = (message: string, code: string) => Object.assign(new SyntaxError(message), { code });
