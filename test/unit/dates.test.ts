// The one date rule every helper builds on (src/helpers/kit/dates.ts).
import { expect, test } from "vitest";
import { isoToUnixSeconds, looksLikeMilliseconds } from "../../src/helpers/kit/dates.js";

test.each([
  [new Date("2026-01-31T12:00:00.999Z"), 1769860800],
  ["2026-01-31", 1769817600],
  ["2026-01-31T12:00:00Z", 1769860800],
  ["2026-01-31T13:00:00+01:00", 1769860800],
  [new Date("nope"), undefined],
  ["yesterday", undefined],
  ["31/01/2026", undefined],
])("%s is %s UNIX seconds", (value, seconds) => {
  expect(isoToUnixSeconds(value)).toBe(seconds);
});

test("a number past 1e11 is milliseconds: seconds stay below it until the year 5138", () => {
  expect(looksLikeMilliseconds(Date.now())).toBe(true);
  expect(looksLikeMilliseconds(Math.floor(Date.now() / 1000))).toBe(false);
  expect(new Date(1e11 * 1000).getUTCFullYear()).toBe(5138);
});
