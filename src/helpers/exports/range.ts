// An export's date range, checked and turned into the request body before any request.
import { isoToUnixSeconds, looksLikeMilliseconds } from "../kit/dates.js";
import type { ExportDate, ExportRange } from "./types.js";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DAY = 86_400;

/** The request body for `range`, or a TypeError/RangeError naming what is wrong with it. */
export function exportBody(range: ExportRange, now = Date.now()) {
  if (typeof range !== "object" || range === null) throw new TypeError("exports: expected { from, to }");
  const nowSeconds = Math.floor(now / 1000);
  const from = instant("from", range.from);
  const to = instant("to", range.to);
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value.start > nowSeconds) {
      throw new RangeError(`exports: \`${name}\` ${describe(range[name])} is in the future; an export covers messages already sent`);
    }
  }
  const after = from.start;
  const before = Math.min(to.end, nowSeconds);
  if (after > before) throw new RangeError(`exports: \`from\` ${describe(range.from)} is after \`to\` ${describe(range.to)}`);
  return { created_at_after: after, created_at_before: before };
}

/** An instant as UNIX seconds, or a whole UTC day as its first and last second. */
function instant(name: string, value: ExportDate): { start: number; end: number } {
  const fail = (why: string): never => {
    throw new TypeError(`exports: \`${name}\` ${why}`);
  };
  if (value instanceof Date) {
    const s = isoToUnixSeconds(value) ?? fail("is an invalid Date");
    return { start: s, end: s };
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) fail(`must be UNIX seconds (a non-negative integer), got ${value}`);
    if (looksLikeMilliseconds(value)) fail(`looks like milliseconds (${value}); give UNIX seconds`);
    return { start: value, end: value };
  }
  if (typeof value === "string") {
    const day = DATE_ONLY.exec(value);
    if (day) {
      const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
      if (new Date(ms).toISOString().slice(0, 10) !== value) fail(`${JSON.stringify(value)} is not a calendar date`);
      return { start: ms / 1000, end: ms / 1000 + DAY - 1 };
    }
    if (DATE_TIME.test(value)) {
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) fail(`${JSON.stringify(value)} is not a valid date-time`);
      const s = Math.floor(ms / 1000);
      return { start: s, end: s };
    }
    fail(`${JSON.stringify(value)} is neither a date (2026-01-31) nor a date-time with Z or an offset (2026-01-31T12:00:00Z)`);
  }
  return fail("must be a Date, an ISO 8601 string or UNIX seconds");
}

const describe = (value: ExportDate) => (value instanceof Date ? value.toISOString() : JSON.stringify(value));
