// Dates as Intercom takes them: UNIX seconds. One rule for every helper: a `Date` is its instant,
// rounded down to the second; a string is ISO 8601, a calendar date (`2026-01-31`, 00:00:00 UTC)
// or a date-time (with `Z` or an offset); a number is already
// seconds. What each helper then allows (a day's last second for an export's `to`, no instant
// before 1970 for a reply) is that helper's rule, on top of this one.

const ISO = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** UNIX seconds stay below this until the year 5138; UNIX milliseconds passed it in March 1973. */
export const SECONDS_LIMIT = 1e11;

/** A `Date` or an ISO 8601 string as UNIX seconds; undefined when it is not a valid date. */
export function isoToUnixSeconds(value: Date | string): number | undefined {
  const ms = value instanceof Date ? value.getTime() : ISO.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Whether a number of seconds is more likely milliseconds (`Date.now()` passed where seconds go). */
export const looksLikeMilliseconds = (seconds: number) => Math.abs(seconds) >= SECONDS_LIMIT;
