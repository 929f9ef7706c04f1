// The export's CSV bytes to typed rows, chunk by chunk, with web APIs only (TextDecoder, streams): it
// runs wherever `fetch` does. The CSV grammar is udsv's (the fastest of the parsers measured; see the
// README), fed in pieces that end at a line feed, so that udsv never sees a CRLF split in two; what
// udsv does not check of a truncated export (an unclosed quote, a short last row) is checked here.
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
}

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
  const reader = stream.getReader();
  // ignoreBOM: false drops a BOM at the start of the stream, and only there.
  const decoder = new TextDecoder("utf-8");
  let finished = false;
  let carry = "";
  let table: Table | undefined;
  let rowNumber = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      let input = carry + text;
      if (!table) {
        const header = done ? headerOf(input.length ? input + "\n" : input) : headerOf(input);
        if (!header) {
          if (done) break;
          carry = input;
          continue;
        }
        table = new Table(header.names, header.rowDelimiter, integers);
        input = input.slice(header.length);
      }
      if (done) {
        table.feed(input);
        table.end();
      } else {
        // Whole lines only: udsv mis-reads a CRLF split between two pieces after a quoted cell.
        const cut = lastLineEnd(input);
        carry = input.slice(cut);
        if (cut > 0) table.feed(cut === input.length ? input : input.slice(0, cut));
      }
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

/** Just past the last line feed of `text`, or 0. */
const lastLineEnd = (text: string) => text.lastIndexOf("\n") + 1;

/** The header line's names, its line end, and its length with the line end; `undefined` until a line feed. */
function headerOf(text: string): { names: string[]; rowDelimiter: string; length: number } | undefined {
  let at = text.indexOf("\n");
  // A header cell may be quoted, and so hold a line feed: the header ends at a line feed outside quotes.
  while (at !== -1 && quotesIn(text, 0, at) % 2 === 1) at = text.indexOf("\n", at + 1);
  if (at === -1) return undefined;
  const crlf = at > 0 && text.charCodeAt(at - 1) === 13;
  const line = text.slice(0, crlf ? at - 1 : at);
  return { names: splitHeader(line), rowDelimiter: crlf ? "\r\n" : "\n", length: at + 1 };
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

function quotesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('"', from); at !== -1 && at < to; at = text.indexOf('"', at + 1)) n++;
  return n;
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
