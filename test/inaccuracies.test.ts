// Each entry of openapi/overlays/inaccuracies.yaml lists exactly the versions where its defect is present
// at the pinned commit: in a listed version its actions all match and change the description; in
// any other they match nothing or change nothing. Read from the pulled files repaired by their
// version's overlay, as scripts/generate.mjs does before applying the corpus.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import openapiFormat from "openapi-format";
import YAML from "yaml";
import { describe, expect, test } from "vitest";
import { auditCorpus, readCorpus } from "../scripts/lib/inaccuracies.mjs";
import { applyOverlay } from "../scripts/lib/spec.mjs";
import { loadSpec, pins, root } from "./support/versions.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const keys = pins.map((p) => p.key);
const corpus = readCorpus(keys);

async function repairedByOverlay(key: string): Promise<any> {
  const spec = YAML.parse(readFileSync(path.join(root, "openapi", `${key}.yaml`), "utf8"), { maxAliasCount: -1 });
  const overlay = path.join(root, "openapi", "overlays", `${key}.overlay.yaml`);
  return existsSync(overlay) ? (await applyOverlay(openapiFormat, spec, YAML.parse(readFileSync(overlay, "utf8")))).data : spec;
}

test("the README table matches the corpus (node scripts/inaccuracies-table.mjs)", () => {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "inaccuracies-table.mjs"), "--check"], { cwd: root, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  // And the table has one row per entry: the check above could not tell a table that lost its rows.
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  for (const entry of corpus) expect(readme).toContain(`| \`${entry.id}\`: `);
});

test("every entry has a type-level test per version it lists, and no other", () => {
  // test/inaccuracies.test-d.ts holds, per entry, describe("<id>") with test("<version>") blocks.
  const text = readFileSync(path.join(root, "test", "inaccuracies.test-d.ts"), "utf8");
  const found = new Map<string, string[]>();
  let current = "";
  for (const line of text.split("\n")) {
    const block = /^describe\("([^"]+)"/.exec(line);
    if (block) found.set((current = block[1]!), []);
    const version = /^ {2}test\("([^"]+)"/.exec(line);
    if (version && current) found.get(current)!.push(version[1]!);
  }
  expect(Object.fromEntries(found)).toEqual(Object.fromEntries(corpus.map((e: any) => [e.id, e.versions])));
});

describe.each(keys)("version %s", (key) => {
  test("every entry listing it repairs something there, and every other entry would not", async () => {
    const spec = await repairedByOverlay(key);
    const listed: string[] = [];
    const present: string[] = [];
    for (const entry of corpus) {
      // Audit the entry as if it listed this version: does it fit, and does it change anything?
      const audit = await auditCorpus(openapiFormat, spec, [{ ...entry, versions: [key] }], key);
      if (entry.versions.includes(key)) {
        listed.push(entry.id);
        expect(
          audit.unused.map((u: any) => u.action.target),
          `${entry.id}: actions that match nothing in ${key}`,
        ).toEqual([]);
      }
      if (audit.unused.length === 0 && audit.fixed.length === 0) present.push(entry.id);
    }
    expect(listed).toEqual(present);
  }, 60_000);

  test("the generated description is the repaired one", async () => {
    // generated/<key>/openapi.json is what the types and Prism come from: no entry listing the
    // version finds its defect there any more.
    const generated = loadSpec(key);
    const left: string[] = [];
    for (const entry of corpus.filter((e: any) => e.versions.includes(key))) {
      const audit = await auditCorpus(openapiFormat, generated, [entry], key);
      if (audit.unused.length === 0 && audit.fixed.length === 0) left.push(entry.id);
    }
    expect(left).toEqual([]);
  }, 60_000);
});
