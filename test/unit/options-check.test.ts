// Unknown options are refused at construction, naming them and the nearest known option.
import { describe, expect, test } from "vitest";
import { createCore, INTERCOM_OPTIONS, type VersionTypes } from "../../src/core/client.js";
import { editDistance, nearest } from "../../src/core/options-check.js";
import { manifest } from "../fixtures/manifest.js";

interface Fixture extends VersionTypes {
  manifest: typeof manifest;
}
const create = (options: Record<string, unknown>) => createCore<Fixture>({ token: "t", ...options } as never, manifest);

describe("edit distance", () => {
  test.each([
    ["retries", "retry", 3],
    ["timout", "timeout", 1],
    ["", "abc", 3],
    ["same", "same", 0],
  ])("%s -> %s is %i", (a, b, d) => expect(editDistance(a, b)).toBe(d));

  test("suggests only a close name", () => {
    expect(nearest("retries", INTERCOM_OPTIONS)).toBe("retry");
    expect(nearest("BaseURL", INTERCOM_OPTIONS)).toBe("baseUrl");
    expect(nearest("xyz", INTERCOM_OPTIONS)).toBeUndefined();
  });
});

describe("createIntercom refuses unknown options", () => {
  test("naming the option and the nearest known one", () => {
    expect(() => create({ retries: 3 })).toThrow(TypeError);
    expect(() => create({ retries: 3 })).toThrow("unknown option `retries` (did you mean `retry`?)");
  });

  test("naming every unknown option, with no suggestion where none is close", () => {
    expect(() => create({ timout: 5, zzzzzz: 1 })).toThrow("unknown options `timout` (did you mean `timeout`?), `zzzzzz`;");
  });

  test("accepts every known option", () => {
    expect(() => create({ region: "us", timeout: 1000, retry: 1, headers: {}, waitForRateLimit: true, maxConcurrency: 2 })).not.toThrow();
  });
});
