// Every script that reads its command line through parseCommandLine (scripts/lib/versions.mjs)
// answers --help on stdout with exit 0, and an unknown option with the reason and the same help
// on stderr, exit 2, before doing any work.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { root } from "./support/versions.js";

const SCRIPTS = ["generate", "inaccuracies-table", "mutation", "pull", "replay-wire-fixtures", "specs-update", "sync-versions"];

const runScript = (name: string, ...args: string[]) => spawnSync(process.execPath, [path.join(root, "scripts", `${name}.mjs`), ...args], { cwd: root, encoding: "utf8", timeout: 20_000 });

describe.each(SCRIPTS)("scripts/%s.mjs", (name) => {
  test("--help and -h print the usage and exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const { status, stdout, stderr } = runScript(name, flag);
      expect({ status, stderr }).toEqual({ status: 0, stderr: "" });
      expect(stdout).toMatch(new RegExp(`^Usage: node scripts/${name}\\.mjs`));
    }
  });

  test("an unknown option is an error with the usage, exit 2", () => {
    const { status, stdout, stderr } = runScript(name, "--no-such-option");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: Unknown option '--no-such-option'/);
    expect(stderr).toContain(`Usage: node scripts/${name}.mjs`);
  });
});
