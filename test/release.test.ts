// The release path, run locally up to the publish: the tarball `npm pack` makes (the step `npm
// publish` runs) holds every file package.json names, and `npm publish --dry-run` accepts it,
// --offline, against a loopback registry port nothing listens on: npm 11 would otherwise ask the
// registry whether the version exists, and wait out its retries before going on without an answer.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import { packTarball } from "./support/tarball.js";
import { root } from "./support/versions.js";

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const checkPackage = (args: string[], cwd = root) => spawnSync(process.execPath, [path.join(root, "scripts/check-package.mjs"), ...args], { cwd, encoding: "utf8" });

let tarball: string;
beforeAll(() => {
  tarball = packTarball();
}, 120_000);

describe("scripts/check-package.mjs", () => {
  test("passes the packed tarball: every exports target and the bin are in it", () => {
    const { status, stdout, stderr } = checkPackage(["--tarball", tarball]);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/all \d+ files named in package\.json are present/);
    expect(status).toBe(0);
  });

  test("fails a package without its build, naming each missing file and where package.json names it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "intercom-fetch-incomplete-"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg));
    mkdirSync(path.join(dir, "dist"));
    cpSync(path.join(root, "dist/index.js"), path.join(dir, "dist/index.js"));
    const { status, stderr } = checkPackage([dir]);
    expect(status).toBe(1);
    expect(stderr).toContain('dist/2.11/index.cjs  (exports["./2.11"]["require"]["default"])');
    expect(stderr).toContain('dist/cli.js  (bin["intercom-fetch"])');
    expect(stderr).not.toContain("dist/index.js ");
    expect(stderr).toContain("Build first: npm run build.");
  });

  test("answers --help, and exits 2 on bad usage", () => {
    expect(checkPackage(["--help"]).stdout).toContain("Usage: node scripts/check-package.mjs");
    expect(checkPackage(["--nope"]).status).toBe(2);
    expect(checkPackage(["--tarball", path.join(os.tmpdir(), "no-such.tgz")]).status).toBe(2);
  });

  test("runs before every pack, after the build", () => {
    expect(pkg.scripts.prepack).toBe("npm run build && node scripts/check-package.mjs");
  });
});

describe("the release", () => {
  test("npm publish --dry-run accepts the tarball, offline", async () => {
    const port = await closedPort();
    const home = mkdtempSync(path.join(os.tmpdir(), "intercom-fetch-npm-"));
    const { status, stdout, stderr } = spawnSync("npm", ["publish", "--dry-run", "--offline", tarball, "--registry", `http://127.0.0.1:${port}/`], {
      cwd: home,
      encoding: "utf8",
      // No user config (no token), and a cache of its own: nothing from this machine is needed.
      env: { ...process.env, npm_config_userconfig: path.join(home, ".npmrc"), npm_config_cache: path.join(home, "cache") },
      timeout: 60_000,
    });
    expect(`${stdout}${stderr}`).toContain(`+ ${pkg.name}@${pkg.version}`);
    expect(stderr).toContain("(dry-run)");
    expect(status).toBe(0);
  }, 90_000);

  test("the workflow versions through changesets and publishes with provenance, with only the permissions that needs", () => {
    const workflow = parse(readFileSync(path.join(root, ".github/workflows/release.yml"), "utf8"));
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(workflow.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
    const steps = workflow.jobs.release.steps as { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, unknown> }[];
    const test = steps.findIndex((s) => s.run === "bash .ci/run");
    const release = steps.findIndex((s) => s.uses?.startsWith("changesets/action@"));
    expect(test, "tests run before the release step").toBeGreaterThan(-1);
    expect(release).toBeGreaterThan(test);
    const step = steps[release]!;
    expect(step.with).toMatchObject({ version: "npm run version-packages", publish: "npm run release", title: "Version packages" });
    expect(pkg.scripts["version-packages"]).toBe("changeset version");
    expect(pkg.scripts.release).toBe("changeset publish");
    expect(step.env).toMatchObject({ NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}", NPM_CONFIG_PROVENANCE: true });
  });

  test("CI runs .ci/run on pull requests, on each Node line", () => {
    const workflow = parse(readFileSync(path.join(root, ".github/workflows/ci.yml"), "utf8"));
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(workflow.jobs.test.steps.some((s: { run?: string }) => s.run === "bash .ci/run")).toBe(true);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
