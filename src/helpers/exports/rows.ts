// The export's CSV as typed rows: parsed as the bytes arrive, the manifest's integer columns cast.

/** The columns of the export's CSV and their types, from the version's manifest (`data_export_csv`). */
export type ExportColumns = { readonly [column: string]: "integer" | "string" };

const INTEGER = /^-?\d+$/;

/**
 * Row `n` (1 is the first after the header) with its integer columns as numbers, an empty cell as
 * `undefined`. Done here rather than by csv-parse's `cast` option, which makes it ten times slower.
 */
function typed(row: Record<string, unknown>, n: number, integers: readonly string[]): Record<string, unknown> {
  for (const column of integers) {
    const value = row[column];
    if (typeof value !== "string") continue;
    if (value === "") row[column] = undefined;
    else if (INTEGER.test(value)) row[column] = Number(value);
    else throw new TypeError(`export CSV row ${n}: \`${column}\` should be an integer (data_export_csv), got ${JSON.stringify(value)}`);
  }
  return row;
}

/** The rows of a CSV byte stream, one at a time; stopping early cancels the stream. */
export async function* csvRows(bytes: ReadableStream<Uint8Array>, columns: ExportColumns): AsyncGenerator<Record<string, unknown>> {
  const integers = Object.keys(columns).filter((column) => columns[column] === "integer");
  const { parse } = await loadCsvParse();
  const reader = bytes.pipeThrough(parse({ columns: true, bom: true })).getReader();
  let finished = false;
  try {
    for (let n = 1; ; n++) {
      const next = await reader.read();
      if (next.done) break;
      yield typed(next.value, n, integers);
    }
    finished = true;
  } finally {
    // Stopping early (break, return, an error in the loop body) cancels the download.
    if (!finished) await reader.cancel().catch(() => {});
  }
}

interface CsvParseModule {
  parse(options: { columns: true; bom: true }): TransformStream<Uint8Array, Record<string, unknown>>;
}

// Loaded on first use, by a specifier TypeScript does not follow: csv-parse's types reference
// Node's, which would otherwise enter the library's Node-free type check, and its web-streams
// entry imports node:stream/web, which would otherwise stop the client loading where that is missing.
const CSV_PARSE = "csv-parse/stream";
let csvParse: Promise<CsvParseModule> | undefined;
export const loadCsvParse = () => (csvParse ??= import(CSV_PARSE) as Promise<CsvParseModule>);
