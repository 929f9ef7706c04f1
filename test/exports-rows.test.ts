// parseExportRows (what `exports.rows()` parses with) on its own, fed bytes split anywhere: in the
// middle of a quoted cell, of a CRLF, of a multi-byte character, of the BOM. The rows a property
// writes are the reference: every split of the same bytes must give them back, typed.
import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { parseExportRows } from "../src/helpers/exports/rows.js";

const COLUMNS = Array.from({ length: 24 }, (_, i) => (i === 3 || i === 20 ? `int_${i}` : `col_${i}`));
const INTEGERS = ["int_3", "int_20"];

const quoteIfNeeded = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
const quoteAlways = (cell: string) => `"${cell.replaceAll('"', '""')}"`;

/** Bytes as a pull stream of `pieces`, recording how many pieces were read and whether it was canceled. */
function source(bytes: Uint8Array, cuts: number[]) {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    if (p > at) pieces.push(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  const state = { pulled: 0, canceled: false, total: pieces.length };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const piece = pieces.shift();
        if (piece) {
          state.pulled++;
          controller.enqueue(piece);
        } else controller.close();
      },
      cancel() {
        state.canceled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

const collect = async <T>(rows: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
};
const parse = (bytes: Uint8Array, cuts: number[] = []) => parseExportRows(source(bytes, cuts).stream, { integerColumns: INTEGERS });
const encode = (text: string) => new TextEncoder().encode(text);

const text = fc.oneof(
  fc.constantFrom("", 'Say "hi"', "a,b", "two\nlines", "cr\r\nlf", "lone\rcr", "zoë", "日本語", "🎉", '"', '""', ",", "\n", "\r\n", " padded ", "x\ufeffy", "\ufeffat the start"),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);
const integer = fc.oneof(fc.constant(""), fc.integer({ min: -1, max: 2_000_000_000 }).map(String));
const row = fc.tuple(...COLUMNS.map((name) => (INTEGERS.includes(name) ? integer : text)));
const csvCase = fc.record({
  rows: fc.array(row, { maxLength: 8 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  quoteAll: fc.boolean(),
  // After the last row: nothing, a line end, or a line end and an empty line.
  ending: fc.constantFrom("", "nl", "nl+empty"),
  cuts: fc.array(fc.nat(), { maxLength: 24 }),
});

function csvOf(c: { rows: readonly (readonly string[])[]; crlf: boolean; bom: boolean; quoteAll: boolean; ending: string }) {
  const nl = c.crlf ? "\r\n" : "\n";
  const quote = c.quoteAll ? quoteAlways : quoteIfNeeded;
  let csv = (c.bom ? "\ufeff" : "") + COLUMNS.join(",") + nl + c.rows.map((r) => r.map(quote).join(",")).join(nl);
  if (c.rows.length && c.ending !== "") csv += nl;
  if (c.rows.length && c.ending === "nl+empty") csv += nl;
  return csv;
}

const typed = (cells: readonly string[]) => Object.fromEntries(COLUMNS.map((name, i) => [name, INTEGERS.includes(name) ? (cells[i] === "" ? undefined : Number(cells[i])) : cells[i]]));

describe("parseExportRows", () => {
  test("any split of the bytes gives the rows written: quoted cells with commas, quotes and line ends, CRLF or LF, a BOM, multi-byte characters, an empty last line", async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        const rows = await collect(parse(encode(csvOf(c)), c.cuts));
        expect(rows).toEqual(c.rows.map(typed));
      }),
      { numRuns: 400 },
    );
  });

  test("named splits: inside a quoted cell, between CR and LF after a quoted last cell, inside a multi-byte character, inside the BOM", async () => {
    const cells = (v: string) => COLUMNS.map((name) => (INTEGERS.includes(name) ? "7" : v));
    const rows = [cells("first"), cells('two\r\nlines, "quoted"'), cells("zoë 🎉"), cells("last")];
    const csv = csvOf({ rows, crlf: true, bom: true, quoteAll: true, ending: "nl" });
    const bytes = encode(csv);
    const crlfAfterQuote = csv.indexOf('"\r\n"') + 2; // UTF-16 offset; the bytes before it are ASCII or the BOM
    const inBom = 1;
    const inQuoted = encode(csv.slice(0, csv.indexOf("two\r\n") + 4)).length;
    const inMultiByte = encode(csv.slice(0, csv.indexOf("ë"))).length + 1;
    const inEmoji = encode(csv.slice(0, csv.indexOf("🎉"))).length + 2;
    const bomBytes = 2; // U+FEFF is 3 bytes, one UTF-16 unit
    for (const cut of [inBom, crlfAfterQuote + bomBytes, inQuoted, inMultiByte, inEmoji]) {
      expect(await collect(parse(bytes, [cut])), `cut at byte ${cut}`).toEqual(rows.map(typed));
    }
    // One byte at a time: every split at once.
    expect(await collect(parse(bytes, Array.from(bytes.keys())))).toEqual(rows.map(typed));
  });

  test("a row that starts with U+FEFF keeps it (only the stream's first character is a BOM), wherever the bytes are split", async () => {
    const csv = 'a,b\n"x\ny",1\n\ufeffz,2\n"\ufeffq\nr",3\n';
    const bytes = encode(csv);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await collect(parseExportRows(source(bytes, [cut]).stream, { integerColumns: [] })), `cut at byte ${cut}`).toEqual([
        { a: "x\ny", b: "1" },
        { a: "\ufeffz", b: "2" },
        { a: "\ufeffq\nr", b: "3" },
      ]);
    }
  });

  test("an export cut inside a quoted cell is a SyntaxError (CSV_QUOTE_NOT_CLOSED), however it is split", async () => {
    const full = COLUMNS.join(",") + "\n" + COLUMNS.map((c) => (INTEGERS.includes(c) ? "1" : "x")).join(",") + "\n";
    const cut =
      full +
      COLUMNS.slice(0, 23)
        .map(() => "y")
        .join(",") +
      ',"an unfinished\nquoted, cell';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), async (cuts) => {
        const seen: unknown[] = [];
        const error = await (async () => {
          for await (const r of parse(encode(cut), cuts)) seen.push(r);
        })().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SyntaxError);
        expect(error).toMatchObject({ code: "CSV_QUOTE_NOT_CLOSED", message: "export CSV ends inside a quoted cell: the export was cut short or is malformed" });
        expect(seen).toHaveLength(1);
      }),
      { numRuns: 50 },
    );
  });

  test.each([
    ["without a line end", ""],
    ["with a line end", "\n"],
  ])("a last row with fewer cells than the header is an error (CSV_RECORD_INCONSISTENT_COLUMNS), %s", async (_, end) => {
    const csv = COLUMNS.join(",") + "\n" + COLUMNS.map(() => "1").join(",") + "\n" + "1,2,3" + end;
    await expect(collect(parse(encode(csv), [30, 70]))).rejects.toMatchObject({ name: "SyntaxError", code: "CSV_RECORD_INCONSISTENT_COLUMNS" });
  });

  test("a non-integer in an integer column is a TypeError naming the row and the column, after the rows before it", async () => {
    const csv = "user_id,int_3\n1,1767225600\n2,2026-01-01 10:00:00\n";
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const r of parse(encode(csv))) seen.push(r);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ user_id: "1", int_3: 1767225600 }]);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('export CSV row 2: `int_3` should be an integer (data_export_csv), got "2026-01-01 10:00:00"');
  });

  test("an empty stream, a header alone and a header with a BOM give no rows", async () => {
    for (const csv of ["", "user_id,name", "user_id,name\n", "\ufeffuser_id,name\r\n", "user_id,name\n\n"]) {
      expect(await collect(parse(encode(csv), [3])), JSON.stringify(csv)).toEqual([]);
    }
  });

  test("a quoted header cell, with a comma and a line feed in it", async () => {
    const csv = 'user_id,"a,b","c\nd"\n1,2,3\n';
    expect(await collect(parse(encode(csv), [5, 12]))).toEqual([{ user_id: "1", "a,b": "2", "c\nd": "3" }]);
  });

  test("where the page forbids eval (a CSP without 'unsafe-eval'), rows are built key by key, the same", async () => {
    const csv = csvOf({
      rows: [COLUMNS.map((c, i) => (INTEGERS.includes(c) ? String(i) : `v${i}`)), COLUMNS.map((c) => (INTEGERS.includes(c) ? "" : 'a,"b"'))],
      crlf: false,
      bom: false,
      quoteAll: false,
      ending: "nl",
    });
    const refused = vi.fn(() => {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    });
    vi.stubGlobal("Function", refused);
    try {
      const rows = await collect(parse(encode(csv), [40]));
      expect(refused).toHaveBeenCalledTimes(1);
      expect(rows).toEqual([COLUMNS.map((c, i) => (INTEGERS.includes(c) ? String(i) : `v${i}`)), COLUMNS.map((c) => (INTEGERS.includes(c) ? "" : 'a,"b"'))].map(typed));
      const error = await collect(parse(encode("user_id,int_3\n1,x\n"))).catch((e: unknown) => e);
      expect((error as Error).message).toBe('export CSV row 1: `int_3` should be an integer (data_export_csv), got "x"');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test("a column named __proto__ is a key like any other, not the row's prototype", async () => {
    const rows = await collect(parse(encode('user_id,__proto__,"constructor"\n1,{},x\n')));
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(Object.entries(rows[0]!)).toEqual([
      ["user_id", "1"],
      ["__proto__", "{}"],
      ["constructor", "x"],
    ]);
  });

  test("column names are data, never code", async () => {
    const names = ['a"); throw new Error("injected"); ("', "b\\", "c\u2028d", "${x}"];
    const csv = names.map((n) => `"${n.replaceAll('"', '""')}"`).join(",") + "\n1,2,3,4\n";
    const rows = await collect(parse(encode(csv)));
    expect(Object.entries(rows[0]!)).toEqual(names.map((n, i) => [n, String(i + 1)]));
  });

  test("reads no faster than rows are taken, and stopping early cancels the source", async () => {
    const line = COLUMNS.map((c) => (INTEGERS.includes(c) ? "1" : "cell")).join(",") + "\n";
    const bytes = encode(COLUMNS.join(",") + "\n" + line.repeat(10_000));
    const cuts = Array.from({ length: 999 }, (_, i) => (i + 1) * Math.floor(bytes.length / 1000));
    const { stream, state } = source(bytes, cuts);
    let taken = 0;
    for await (const _ of parseExportRows(stream, { integerColumns: INTEGERS })) {
      if (++taken === 50) break;
    }
    // 10 rows a piece, of 1,000: 50 rows need 5 pieces, a 6th when a row straddles two; no read ahead.
    expect(state.total).toBe(1000);
    expect(state.pulled).toBeGreaterThanOrEqual(5);
    expect(state.pulled).toBeLessThanOrEqual(6);
    expect(state.canceled).toBe(true);
  });
});

/** An endless pull stream: `head`, then `fill` repeated in pieces of `size` bytes, up to `limit` bytes in all (a safety bound). */
function endless(head: string, fill: string, size: number, limit: number) {
  const piece = encode(fill.repeat(Math.ceil(size / fill.length)).slice(0, size));
  const state = { bytes: 0, canceled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.bytes === 0) {
          state.bytes += head.length;
          controller.enqueue(encode(head));
        } else if (state.bytes < limit) {
          state.bytes += piece.length;
          controller.enqueue(piece);
        } else controller.close();
      },
      cancel() {
        state.canceled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

/**
 * Characters the string searches (`indexOf`, `lastIndexOf`, `includes`) were asked to look through
 * while `run` runs: a deterministic measure of the scanning work, whatever the machine's speed.
 */
async function charactersSearched(run: () => Promise<unknown>): Promise<number> {
  const proto = String.prototype;
  const originals = { indexOf: proto.indexOf, lastIndexOf: proto.lastIndexOf, includes: proto.includes };
  let searched = 0;
  proto.indexOf = function (this: string, search: string, from?: number) {
    searched += this.length - Math.max(0, Math.min(from ?? 0, this.length));
    return originals.indexOf.call(this, search, from);
  };
  proto.lastIndexOf = function (this: string, search: string, from?: number) {
    searched += from === undefined ? this.length : Math.max(0, Math.min(from + 1, this.length));
    return originals.lastIndexOf.call(this, search, from);
  };
  proto.includes = function (this: string, search: string, from?: number) {
    searched += this.length - Math.max(0, Math.min(from ?? 0, this.length));
    return originals.includes.call(this, search, from);
  };
  try {
    await run();
  } finally {
    Object.assign(proto, originals);
  }
  return searched;
}

describe("long rows", () => {
  test("a long row arriving in many pieces is scanned once, not once per piece (the work grows linearly)", async () => {
    const work = async (length: number) => {
      const csv = `a,b\n1,${"x".repeat(length)}\n2,y\n`;
      const cuts = Array.from({ length: Math.floor(csv.length / 1024) }, (_, i) => (i + 1) * 1024);
      let rows: unknown[] = [];
      const searched = await charactersSearched(async () => {
        rows = await collect(parseExportRows(source(encode(csv), cuts).stream, { integerColumns: [] }));
      });
      expect(rows).toEqual([
        { a: "1", b: "x".repeat(length) },
        { a: "2", b: "y" },
      ]);
      return searched / csv.length;
    };
    // Per character of input, the same work for a row 4 times longer (the old reader rescanned its
    // carried text on every piece: four times the work per character, 64 times the pieces' length).
    const short = await work(64 * 1024);
    const long = await work(256 * 1024);
    expect(long).toBeLessThan(8);
    expect(long).toBeLessThan(short * 1.5);
  });

  test("a quoted cell spanning many lines, in many pieces, is parsed once", async () => {
    const cell = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join("\n");
    const csv = `a,b\n1,"${cell}"\n2,y\n`;
    const cuts = Array.from({ length: Math.floor(csv.length / 512) }, (_, i) => (i + 1) * 512);
    let rows: unknown[] = [];
    const searched = await charactersSearched(async () => {
      rows = await collect(parseExportRows(source(encode(csv), cuts).stream, { integerColumns: [] }));
    });
    expect(rows).toEqual([
      { a: "1", b: cell },
      { a: "2", b: "y" },
    ]);
    expect(searched / csv.length).toBeLessThan(8);
  });

  test("a row that never ends stops at maxRowLength with IntercomError row_too_large, and the source is canceled", async () => {
    const { stream, state } = endless("a,b\n1,", "x", 64 * 1024, 64 * 1024 ** 2);
    const error = await collect(parseExportRows(stream, { integerColumns: [], maxRowLength: 1024 ** 2 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "IntercomError", code: "row_too_large" });
    expect(String((error as Error).message)).toContain("1048576");
    expect(state.canceled).toBe(true);
    expect(state.bytes).toBeLessThanOrEqual(1024 ** 2 + 2 * 64 * 1024);
  });

  test("the default maxRowLength (1 MiB of characters) applies to a quoted cell too; a row under it passes", async () => {
    const { stream, state } = endless('a,b\n1,"', "x\n", 64 * 1024, 64 * 1024 ** 2);
    await expect(collect(parseExportRows(stream, { integerColumns: [] }))).rejects.toMatchObject({ code: "row_too_large" });
    expect(state.bytes).toBeLessThanOrEqual(1024 ** 2 + 2 * 64 * 1024);
    const under = `a,b\n1,${"x".repeat(1024 ** 2 - 10)}\n`;
    expect(await collect(parse(encode(under), [4096, 70_000, 500_000]))).toHaveLength(1);
  });

  test.each([0, -1, 1.5, Number.NaN, "1"])("maxRowLength %j is refused with a RangeError naming it", async (value) => {
    await expect(collect(parseExportRows(source(encode("a\n1\n"), []).stream, { integerColumns: [], maxRowLength: value as never }))).rejects.toThrow(/maxRowLength/);
  });
});
