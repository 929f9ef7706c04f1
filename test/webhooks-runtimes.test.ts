// The runtime check (test/runtimes/webhooks.check.mjs) and its vectors: the committed vectors must
// be what make-webhook-vectors.mjs writes and their signatures node:crypto's, and the check must
// pass on this Node against the built package. The runtime matrix runs the same script on Bun,
// Deno, workerd and browsers; set WEBHOOKS_CHECK_RUNTIMES to more command lines here, e.g.
// `WEBHOOKS_CHECK_RUNTIMES="bun;deno run --allow-read --allow-env"`.
import { execFileSync, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { root } from "./support/versions.js";

const dir = path.join(root, "test/runtimes");
const vectorsFile = path.join(dir, "webhooks.vectors.mjs");

describe("the runtime check's vectors", () => {
  test("are what make-webhook-vectors.mjs writes (node test/runtimes/make-webhook-vectors.mjs)", () => {
    const written = execFileSync(process.execPath, [path.join(dir, "make-webhook-vectors.mjs"), "--stdout"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(readFileSync(vectorsFile, "utf8")).toBe(written);
  });

  test("carry node:crypto's HMAC-SHA1 where they should verify, and never where they should not", async () => {
    const { default: vectors } = await import(vectorsFile);
    const body = (v: { text?: string; hex?: string }) => (v.hex ? Buffer.from(v.hex, "hex") : (v.text ?? ""));
    const signed = (v: { text?: string; hex?: string; signature: string | null }) => v.signature === `sha1=${createHmac("sha1", vectors.secret).update(body(v)).digest("hex")}`;
    for (const v of vectors.good.filter((g: { large?: boolean }) => !g.large)) expect(signed(v), v.name).toBe(true);
    for (const v of vectors.bad) expect(signed(v), v.name).toBe(Boolean(v.verifies));
  });
});

describe("the runtime check", () => {
  const runtimes = [
    [process.execPath],
    ...(process.env.WEBHOOKS_CHECK_RUNTIMES ?? "")
      .split(";")
      .filter(Boolean)
      .map((line) => line.trim().split(/\s+/)),
  ];
  test.each(runtimes.map((command) => [command.join(" "), command] as const))(
    "passes on %s against the built package",
    (_, command) => {
      expect(existsSync(path.join(root, "dist/webhooks/index.js")), "dist/ is missing: run `npx tsup`").toBe(true);
      const result = spawnSync(command[0]!, [...command.slice(1), path.join(dir, "webhooks.check.mjs")], { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(result.stdout, result.stderr).toMatch(/webhooks\.check: \d+ passed, 0 failed/);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    },
    90_000,
  );
});
