// `npm start` (examples/quickstart.mjs) against dist/ (`npm run build` first): without a token it
// runs on the fake of intercom-fetch/testing and shows each step; nothing leaves the process.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { root } from "./support/versions.js";

test("the quickstart runs each step on the fake: search, ticket reply, export rows, verified webhook, a refusal", async () => {
  if (!existsSync(path.join(root, "dist", "testing", "index.js"))) throw new Error('dist/ is missing: run "npm run build" first');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, "examples", "quickstart.mjs")], {
    cwd: root,
    env: { PATH: process.env.PATH! },
    timeout: 60_000,
  });
  expect(stderr).toBe("");
  expect(stdout).toMatch(/on the fake of intercom-fetch\/testing/);
  expect(stdout).toMatch(/1\. Search[^\n]*\n {2}c0\S+ {2}Ada {2}ada@example\.com\n {2}c0\S+ {2}Cy {2}cy@example\.com\n/);
  expect(stdout).toMatch(/ticket \d+ "Cannot log in" \(submitted\): Fake Admin replied "We are on it\."/);
  expect(stdout).toMatch(/webhook verified: ticket\.admin\.replied for ticket \d+/);
  expect(stdout).toMatch(/export job \S+: completed/);
  expect(stdout).toMatch(/row: ada@example\.com received "Welcome" at \d+/);
  expect(stdout).toMatch(/400 parameter_invalid: phone is invalid/);
  expect(stdout).toMatch(/Set INTERCOM_TOKEN/);
});
