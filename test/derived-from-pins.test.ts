// The exports map and the README's version table are derived from openapi/versions.json; this is
// what keeps "add a version" a one-line change: forget `npm run versions:sync` and this fails.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { exportsMap, findTable, parseTableRows, versionTable } from "../scripts/lib/derived-from-pins.mjs";
import { compareDirs, formatPins } from "../scripts/lib/versions.mjs";
import { pins, root } from "./support/versions.js";

const pinsFile = path.join(root, "openapi", "versions.json");

test("package.json exports and the README table match the pins (npm run versions:sync)", () => {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "sync-versions.mjs"), "--check"], { cwd: root, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});

test("every pinned version has a row: its subpaths, the header its generated spec sends, its operation count", () => {
  const rows = parseTableRows(findTable(readFileSync(path.join(root, "README.md"), "utf8"))!);
  expect([...rows.keys()]).toEqual(pins.map((p) => p.key));
  for (const pin of pins) {
    const spec = JSON.parse(readFileSync(path.join(root, "generated", pin.key, "openapi.json"), "utf8"));
    expect(rows.get(pin.key)).toMatchObject({ subpaths: [pin.key, ...(pin.aliases ?? [])], apiVersion: spec.info.version });
    expect(rows.get(pin.key)!.size, pin.key).toMatch(/^[\d.]+ [kM]?B \/ [\d.]+ [kM]?B$/);
  }
});

describe("derivations", () => {
  const sample = {
    upstream: { repository: "intercom/Intercom-OpenAPI", rawUrlTemplate: "https://example.test/{commit}/{dir}" },
    versions: [
      { key: "2.16", dir: "2.16", commit: "a".repeat(40), sha256: "b".repeat(64) },
      { key: "unstable", dir: "0", commit: "a".repeat(40), sha256: "c".repeat(64), aliases: ["preview"] },
    ],
  };

  test("an alias is a second subpath to its version's files", () => {
    const map = exportsMap(sample);
    expect(Object.keys(map)).toEqual([
      ".",
      "./2.16",
      "./2.16/core",
      "./2.16/testing",
      "./unstable",
      "./unstable/core",
      "./unstable/testing",
      "./preview",
      "./preview/core",
      "./preview/testing",
      "./webhooks",
      "./redis",
      "./otel",
      "./testing",
      "./testing/msw",
      "./package.json",
    ]);
    expect(map["./preview"]).toEqual(map["./unstable"]);
    expect(map["./preview/core"]).toEqual(map["./unstable/core"]);
    expect(map["./preview/testing"]).toEqual(map["./unstable/testing"]);
    expect(map["./2.16/core"]).toEqual({
      import: { types: "./dist/2.16/core.d.ts", default: "./dist/2.16/core.js" },
      require: { types: "./dist/2.16/core.d.cts", default: "./dist/2.16/core.cjs" },
    });
    expect(map["./2.16"]).toEqual({
      import: { types: "./dist/2.16/index.d.ts", default: "./dist/2.16/index.js" },
      require: { types: "./dist/2.16/index.d.cts", default: "./dist/2.16/index.cjs" },
    });
  });

  test("the table round-trips through its parser", () => {
    const rows = [
      { subpaths: ["2.16"], apiVersion: "2.16", operations: 231, size: "2.2 MB / 247.8 kB" },
      { subpaths: ["unstable", "preview"], apiVersion: "Preview", operations: 256, size: "2.6 MB / 300.8 kB" },
    ];
    const table = versionTable(rows, "footer");
    expect([...parseTableRows(table).values()]).toEqual(rows);
    expect(findTable(`before\n${table}\nafter`)).toBe(table);
  });

  test("pins are written one line per version, as openapi/versions.json is", () => {
    expect(formatPins(JSON.parse(readFileSync(pinsFile, "utf8")))).toBe(readFileSync(pinsFile, "utf8"));
    expect(
      formatPins(sample)
        .split("\n")
        .filter((l) => l.includes('"key"')),
    ).toHaveLength(2);
  });

  test("upstream folders sort as versions, Unstable (0) last", () => {
    expect(["0", "2.16", "2.7", "2.10", "2.9"].sort(compareDirs)).toEqual(["2.7", "2.9", "2.10", "2.16", "0"]);
  });
});
